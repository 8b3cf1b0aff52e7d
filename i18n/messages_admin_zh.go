package i18n

// zhAdminMessages translates the messages about who administers what
// across a county's towns. init merges it into zhMessages.
var zhAdminMessages = map[string]string{
	"Only administrators may edit reference data.":                        "只有管理员可以编辑基础数据。",
	"Only the county's administrators may edit what applies county-wide.": "只有县（市）管理员可以编辑全县通用的数据。",
	"There is no such object here.":                                       "找不到该对象。",
	"There is no grid, village or town %q.":                               "没有网格、村（社区）或乡镇（街道） %q。",
}

func init() {
	for k, v := range zhAdminMessages {
		zhMessages[k] = v
	}
}
