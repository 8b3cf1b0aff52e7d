package i18n

// zhGapsMessages translates the texts of overdue rectifications' notices,
// the inspection kinds they name, and the timeline note of a B&B's change
// of owner, and the labels of an event's workbook; init merges it into
// zhMessages.
var zhGapsMessages = map[string]string{
	"Rectification %s at B&B %s (%s) passed its deadline of %s unfixed. Fix it and report it fixed, or the authority escalates it.": "民宿%[2]s的整改工单 %[1]s（%[3]s）已过整改期限（%[4]s）仍未整改，请尽快整改并提交整改结果，否则将由主管部门督办。",
	"Fire safety":             "消防安全",
	"Public security":         "治安",
	"Hygiene":                 "卫生",
	"Food safety":             "食品安全",
	"Association peer review": "协会互查",
	"B&B %s changed owner: this rectification moved from %s to %s.": "民宿%s更换经营者：本整改工单由%s移交%s。",
	// An event's own workbook (report/event.go).
	"Event report":             "活动报告",
	"Event":                    "活动",
	"Number of cases":          "案件数",
	"Build-up from":            "搭建开始",
	"Teardown until":           "撤场截止",
	"As of":                    "统计截至",
	"Value":                    "数值",
	"Open":                     "未办结",
	"Signed for":               "已签收",
	"Share signed for on time": "按时签收率",
	"Share resolved on time":   "按时办结率",
	"Mean minutes to sign for": "平均签收用时（分钟）",
	"Mean minutes to resolve":  "平均办结用时（分钟）",
	"Housekeepers called":      "召集管家人次",
	"Housekeepers who went":    "到场管家人次",
	"Different housekeepers":   "到场管家人数",
}

func init() {
	for k, v := range zhGapsMessages {
		if _, ok := zhMessages[k]; !ok {
			zhMessages[k] = v
		}
	}
}
