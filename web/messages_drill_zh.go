package web

// zhDrillUI translates the strings of the drill-down from /stats to the
// lists of the cases each number counts (stats_drill.go); init merges it
// into zhUI.
var zhDrillUI = map[string]string{
	"Repeated reports":               "重复件",
	"Returned cases":                 "退单件",
	"Cases overdue now":              "当前超期件",
	"Cases ever overdue":             "累计超期件",
	"Cases signed for":               "已签收件",
	"Cases signed for on time":       "按时签收件",
	"Cases signed for late":          "超时签收件",
	"Cases resolved by their unit":   "单位办结件",
	"Cases resolved on time":         "按期办结件",
	"Cases resolved late":            "逾期办结件",
	"Closed cases":                   "已结案件",
	"Cases confirmed fixed":          "确认解决件",
	"Cases closed without an answer": "无回复自动结案件",
	"Rated cases":                    "已评价件",
	"Rated satisfied (4–5)":          "满意件（4–5 分）",
	"Rated unsatisfied (1–3)":        "不满意件（1–3 分）",
	"Cases called back":              "已回访件",
	"Supervised cases answered":      "督办已反馈件",
	"Supervised cases lapsed":        "督办逾期未反馈件",
	"Cases received":                 "受理件",
	"Cases counted":                  "统计明细",
	"Back to the figures":            "返回统计",
	"Remove the figure's filter":     "去掉指标筛选",
	"All statuses":                   "全部状态",
	"%d cases in the list":           "共 %d 件",
	"The rest: %s":                   "其余：%s",
	"The number lists: %s.":          "点击数字查看：%s。",
}

func init() {
	for k, v := range zhDrillUI {
		if _, ok := zhUI[k]; !ok {
			zhUI[k] = v
		}
	}
}
