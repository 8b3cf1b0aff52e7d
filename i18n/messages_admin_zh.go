package i18n

// zhAdminMessages translates the messages about who administers what
// across a county's towns, and the refusals of an administrator's edit
// made against an older version of what it changes. init merges it into
// zhMessages.
var zhAdminMessages = map[string]string{
	"Only administrators may edit reference data.":                        "只有管理员可以编辑基础数据。",
	"Only the county's administrators may edit what applies county-wide.": "只有县（市）管理员可以编辑全县通用的数据。",
	"There is no such object here.":                                       "找不到该对象。",
	"There is no grid, village or town %q.":                               "没有网格、村（社区）或乡镇（街道） %q。",

	"The unit has changed since you loaded it. Reload and try again.":         "单位已被修改，请刷新后重试。",
	"The category has changed since you loaded it. Reload and try again.":     "事项类别已被修改，请刷新后重试。",
	"The routing rule has changed since you loaded it. Reload and try again.": "派遣规则已被修改，请刷新后重试。",
	"The account has changed since you loaded it. Reload and try again.":      "账号已被修改，请刷新后重试。",
	"The reply has changed since you loaded it. Reload and try again.":        "标准答复已被修改，请刷新后重试。",
}

func init() {
	for k, v := range zhAdminMessages {
		zhMessages[k] = v
	}
}
