package i18n

// zhAccountMessages translates the messages about accounts, passwords,
// sign-in limits and outages; init merges it into the catalogue.
var zhAccountMessages = map[string]string{
	"Too many failed sign-ins from here. Try again in %d seconds.": "此处登录失败次数过多，请 %d 秒后再试。",
}

func init() {
	for k, v := range zhAccountMessages {
		zhMessages[k] = v
	}
}
