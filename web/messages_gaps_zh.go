package web

// zhGapsUI translates the strings of the inspection rounds page, the guests'
// rating form and the event's figures workbook; init merges it into zhUI.
var zhGapsUI = map[string]string{
	"Inspection rounds": "检查轮次",
	"Each round makes an authority inspect every operating B&B (the association's members only, when so marked) every so many days; the due list on /inspect follows from it.": "每个轮次规定一个部门每隔若干天检查每家营业中的民宿（标明“仅会员”的只查协会会员）；/inspect 上的应检清单由此生成。",
	"Every (days)":   "周期（天）",
	"Members only":   "仅会员",
	"No rounds yet.": "尚无检查轮次。",
	"Set a round":    "设置轮次",
	"A kind and unit that already have a round: its interval changes.": "该类型与单位已有轮次时，修改其周期。",
	"Which authority inspects B&Bs for what, and how often.":           "哪个部门检查民宿的哪些方面、多久一次。",
	"No rating imported yet.":                                          "尚未导入住客评价。",
	"Import the booking platforms' average (1 to 5), the number of reviews it is of, and where it comes from; it replaces the last.": "导入预订平台的平均评分（1–5 分）、评价条数和来源；新导入的评分取代上一次的。",
	"Average":                      "平均分",
	"Reviews":                      "评价条数",
	"Source":                       "来源",
	"Its figures and cases (XLSX)": "活动数据与案件（XLSX）",
	"The event's own figures are on this page (print it) and in its own XLSX. The PDF and the other XLSX are the town's assessment report for the event's days, all the town's cases.": "本页及活动自己的 XLSX 为活动自身的数据（本页可打印）；PDF 和另一个 XLSX 为活动期间全镇的考核报表，含全镇案件。",
	"A new owner takes over the B&B's open rectifications.": "更换经营者后，该民宿未完成的整改工单移交新经营者。",
}

func init() {
	for k, v := range zhGapsUI {
		if _, ok := zhUI[k]; !ok {
			zhUI[k] = v
		}
	}
}
