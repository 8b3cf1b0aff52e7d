package i18n

// zhAccountMessages translates the messages about accounts, passwords,
// sign-in limits and outages; init merges it into the catalogue.
var zhAccountMessages = map[string]string{
	"A password has at most %d characters.":                        "密码最多 %d 个字符。",
	"A password may not contain the username.":                     "密码不能包含用户名。",
	"Too many reports from this account. Try again later.":         "本账号上报次数过多，请稍后再试。",
	"The service is unavailable for a moment. Try again shortly.":  "服务暂时不可用，请稍后再试。",
	"This password is one of the most common; choose another.":     "这是最常见的密码之一，请换一个。",
	"Too many failed sign-ins from here. Try again in %d seconds.": "此处登录失败次数过多，请 %d 秒后再试。",
}

func init() {
	for k, v := range zhAccountMessages {
		zhMessages[k] = v
	}
}
