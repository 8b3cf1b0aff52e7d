package i18n

// zhGapsMessages translates the texts of overdue rectifications' notices,
// the inspection kinds they name, and the timeline note of a B&B's change
// of owner; init merges it into zhMessages.
var zhGapsMessages = map[string]string{
	"Rectification %s at B&B %s (%s) passed its deadline of %s unfixed. Fix it and report it fixed, or the authority escalates it.": "民宿%[2]s的整改工单 %[1]s（%[3]s）已过整改期限（%[4]s）仍未整改，请尽快整改并提交整改结果，否则将由主管部门督办。",
	"Fire safety":             "消防安全",
	"Public security":         "治安",
	"Hygiene":                 "卫生",
	"Food safety":             "食品安全",
	"Association peer review": "协会互查",
}

func init() {
	for k, v := range zhGapsMessages {
		if _, ok := zhMessages[k]; !ok {
			zhMessages[k] = v
		}
	}
}
