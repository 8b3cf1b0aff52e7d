package i18n

// zhCounty2Messages translates the messages of the county's settings that
// its towns inherit, its referral by the sweep and its views by town
// (docs/county.md). init merges it into zhMessages.
var zhCounty2Messages = map[string]string{
	"Handed up to the county automatically: overdue beyond the category's limit.": "超期超过该类别的时限，已自动提交县级指挥中心。",
	"Date":                     "日期",
	"Dispatched automatically": "自动派遣",
	"Holiday":                  "节假日",
	"No":                       "否",
	"None: the town follows the county's calendar.": "无：本镇执行县（市）日历。",
	"Offered":                      "开放上报",
	"Priority":                     "优先级",
	"Save":                         "保存",
	"Set the town's own":           "设置本镇的规定",
	"The town's own calendar days": "本镇自有的日历",
	"To the county after":          "超期多久提交县级",
	"Town settings":                "本镇设置",
	"What the county sets applies in every town; the town's own setting, where it has one, replaces it. Blank fields are inherited.": "县（市）的设置适用于各镇；本镇有自己的设置时以本镇为准。留空的项沿用县（市）的设置。",
	"Yes":                                "是",
	"as the county":                      "同县（市）",
	"the town's own":                     "本镇设置",
	"Towns ranked, last 30 days":         "各镇（街道）排名（近 30 天）",
	"received":                           "受理",
	"on time":                            "按时率",
	"satisfaction":                       "满意度",
	"Only staff see the towns' figures.": "只有工作人员可以查看各镇指标。",
	"Only staff read the points ledger.": "只有工作人员可以查看积分明细。",
}

func init() {
	for k, v := range zhCounty2Messages {
		zhMessages[k] = v
	}
}
