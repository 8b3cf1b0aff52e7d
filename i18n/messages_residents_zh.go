package i18n

// zhResidentsMessages translates what residents see when they sign in by
// phone, follow a case and answer a confirmation link, and the text
// messages they are sent. init merges it into zhMessages.
var zhResidentsMessages = map[string]string{
	// Errors.
	"Enter a mainland mobile number: 11 digits, starting with 1.":                   "请输入中国大陆手机号：以 1 开头的 11 位数字。",
	"Too many codes asked for from here. Try again in %d minutes.":                  "此处请求验证码次数过多，请 %d 分钟后再试。",
	"A code was sent to this number just now. Wait %d seconds before asking again.": "刚刚已向该号码发送验证码，请 %d 秒后再重新获取。",
	"Too many codes sent to this number. Try again in %d minutes.":                  "该号码收到的验证码过多，请 %d 分钟后再试。",
	"Too many codes are being asked for just now. Try again in %d minutes.":         "当前请求验证码的人过多，请 %d 分钟后再试。",
	"The text message could not be sent. Try again in a minute.":                    "短信发送失败，请一分钟后重试。",
	"The code is the 6 digits in the text message.":                                 "验证码是短信中的 6 位数字。",
	"Too many wrong codes: this one no longer works. Ask for a new one.":            "验证码错误次数过多，已失效，请重新获取。",
	"The code is wrong or has expired. Check it, or ask for a new one.":             "验证码错误或已过期，请核对或重新获取。",
	"Staff sign in with their username and password.":                               "工作人员请使用用户名和密码登录。",
	"No code to check.": "没有待核对的验证码。",
	"This link is not valid. Check that it was copied whole.":                          "链接无效，请确认链接完整无误。",
	"Case %s is not resolved; there is nothing to confirm.":                            "案件 %s 尚未办结，无需确认。",
	"This link was used already: the answer was recorded. Thank you.":                  "该链接已使用过，您的评价已记录，谢谢。",
	"This link has expired. You can still follow the case by its number.":              "该链接已过期，您仍可凭案件编号查看进展。",
	"Case %s has moved on since this link was sent: it is %s now.":                     "发送该链接后案件 %s 已有新进展，目前状态为%s。",
	"Sign in with your phone number to follow a case.":                                 "请用手机号登录后再关注案件。",
	"Case %s is %s; only open cases can be followed.":                                  "案件 %s 状态为%s，只能关注未办结的案件。",
	"Your Guanjia sign-in code is %s, valid for %d minutes. Do not tell it to anyone.": "您的管家登录验证码为 %s，%d 分钟内有效，请勿告诉他人。",

	// Pages.
	"Sign in with your phone": "手机号登录",
	"For residents: no password. We text you a 6-digit code; your reports then follow you to any phone.": "居民专用，无需密码。我们会发送 6 位验证码到您的手机，登录后在任何手机上都能看到您的上报。",
	"Mobile number":  "手机号",
	"Text me a code": "获取验证码",
	"A code was sent to %s. It is valid for 5 minutes.": "验证码已发送至 %s，5 分钟内有效。",
	"Code from the text message":                        "短信验证码",
	"Send a new code":                                   "重新获取验证码",
	"Staff: sign in with your username":                 "工作人员：用户名登录",
	"Residents: sign in with your phone number":         "居民：手机号登录",
	"Sign in with your phone number to see your reports on any phone, and keep them if this browser is cleared.": "用手机号登录后，可在任何手机上查看您的上报，清除浏览器数据也不会丢失。",
	"Is it fixed?":                "问题解决了吗？",
	"Thank you":                   "谢谢",
	"See the case":                "查看案件",
	"A few words (optional)":      "补充几句（选填）",
	"This link no longer works":   "链接已失效",
	"%d people have this problem": "%d 人遇到了这个问题",
	"Cases I follow":              "我关注的案件",
	"I have this too":             "我也遇到了",
	"You follow this case: you will be told of its progress.": "您已关注此案件，办理进展会通知您。",
	"Text messages": "短信记录",
	"No SMS gateway is configured: these texts were not sent. The last 50 are kept in memory until a restart.": "未配置短信网关，以下短信并未真正发出。内存中保留最近 50 条，重启后清空。",
	"Time": "时间",
	"Texts go out through the SMS channel of the notifications; its delivery log lists them.": "短信经由通知的短信渠道发送，可在其发送记录中查看。",
	"No text messages yet.": "暂无短信。",
}

func init() {
	for k, v := range zhResidentsMessages {
		zhMessages[k] = v
	}
}
