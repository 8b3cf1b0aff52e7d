package i18n

// zhLimitsMessages translates the messages about input that Guanjia
// refuses or limits: control characters, oversized images, a busy server.
// init merges it into zhMessages.
var zhLimitsMessages = map[string]string{
	"The field %s holds a control character (such as NUL) or bytes that are not UTF-8; remove them.": "字段 %s 含有控制字符（如 NUL）或不是 UTF-8 的字节，请删除后重试。",
}

func init() {
	for k, v := range zhLimitsMessages {
		zhMessages[k] = v
	}
}
