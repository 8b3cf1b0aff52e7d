package web

// zhBnBUI translates the strings of the B&B pages; init merges it into zhUI.
var zhBnBUI = map[string]string{
	"%d B&Bs have a licence expiring within 60 days or expired.": "%d 家民宿有证照将在 60 天内到期或已过期。",
	"%d floors":               "%d 层",
	"%d rooms":                "%d 间客房",
	"%s expired %d days ago.": "%s已过期 %d 天。",
	"%s expires in %d days.":  "%s将在 %d 天后到期。",
	"Association member":      "民宿协会会员",
	"B&B directory":           "民宿名录",
	"B&B owner":               "民宿经营者",
	"B&B registry":            "民宿登记",
	"Beds":                    "床位",
	"Business licence":        "营业执照",
	"Expires":                 "有效期至",
	"Fire acceptance":         "消防验收（备案）",
	"Floor area (m²)":         "建筑面积（平方米）",
	"Floors":                  "层数",
	"Food licence":            "食品经营许可证",
	"Grade A":                 "甲级",
	"Grade B":                 "乙级",
	"Grade C":                 "丙级",
	"Platinum B&B (Zhejiang)": "白金宿",
	"Gold B&B (Zhejiang)":     "金宿",
	"Silver B&B (Zhejiang)":   "银宿",
	"Hygiene licence":         "卫生许可证",
	"Last inspection:":        "最近检查：",
	"Licences":                "证照",
	"Licences due only":       "只看证照到期",
	"My B&Bs":                 "我的民宿",
	"No B&B is registered to you. The village committee registers it.": "您名下还没有登记的民宿，请联系村（社区）委员会登记。",
	"No B&B to show.":             "没有可显示的民宿。",
	"Number":                      "编号",
	"Operating":                   "营业中",
	"Suspended for rectification": "停业整顿",
	"Closed":                      "已关闭",
	"Operating family B&Bs, with their grade (GB/T 41648-2022) and last inspection.": "正在营业的家庭民宿，含等级（GB/T 41648-2022）和最近检查日期。",
	"Rooms":                                  "客房",
	"Special-trade permit (public security)": "特种行业许可证（治安）",
	"none yet":                               "尚无",
}

func init() {
	for k, v := range zhBnBUI {
		if _, ok := zhUI[k]; !ok {
			zhUI[k] = v
		}
	}
}
