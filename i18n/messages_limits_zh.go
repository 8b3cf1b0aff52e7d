package i18n

// zhLimitsMessages translates the messages about input that Guanjia
// refuses or limits: control characters, oversized images, a busy server.
// init merges it into zhMessages.
var zhLimitsMessages = map[string]string{
	"The field %s holds a control character (such as NUL) or bytes that are not UTF-8; remove them.":               "字段 %s 含有控制字符（如 NUL）或不是 UTF-8 的字节，请删除后重试。",
	"The photo is too large: it may have at most %d megapixels (%d at 16 bits a channel) and %d pixels on a side.": "照片尺寸过大：最多 %d 百万像素（每通道 16 位的照片最多 %d 百万像素），每边最多 %d 像素。",
	"The server is busy; try again in a moment.":                                                                   "服务器繁忙，请稍后再试。",
	"Live updates are paused while the database is out of reach; reconnect in a moment.":                           "数据库暂时无法连接，实时更新已暂停，请稍后重新连接。",
}

func init() {
	for k, v := range zhLimitsMessages {
		zhMessages[k] = v
	}
}
