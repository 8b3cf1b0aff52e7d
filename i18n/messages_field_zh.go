package i18n

// zhFieldMessages translates the notes the system writes on timelines and
// the pages of field work (phones, mobilising, patrols). init merges it
// into zhMessages.
var zhFieldMessages = map[string]string{
	"Closed automatically: no answer from the reporter in time.": "自动结案：反映人逾期未回复。",
	"Escalated automatically: the time limit has passed.":        "自动升级：已超过办理时限。",
	"Case %s was merged into this case.":                         "案件 %s 已合并到本案件。",
	"Waiting %s":                                                 "已等待 %s",
	"Departments":                                                "职能部门",
	"Village committees":                                         "村（居）委会",
	"County departments":                                         "县级部门",
	"Other units":                                                "其他单位",
}

func init() {
	for k, v := range zhFieldMessages {
		zhMessages[k] = v
	}
}
