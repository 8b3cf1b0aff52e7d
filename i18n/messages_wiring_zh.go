package i18n

// zhWiringMessages translates what joins the modules up: the links of the
// administration page and the header, and the places import page. init
// merges it into zhMessages.
var zhWiringMessages = map[string]string{
	"Patrol": "巡查",
	"Which roles hear of which events, and how.":                               "哪些角色在何种事件时收到通知，以及通知方式。",
	"Every message sent or waiting, and resending what failed.":                "所有已发送和待发送的消息，可重发失败的消息。",
	"Text messages kept for want of an SMS gateway, sign-in codes among them.": "未配置短信网关时保存的短信，包括登录验证码。",
	"The town's own categories and calendar days, over the county's.":          "本镇在县（市）规定之上自行设置的事件类别和日历。",
	"%s places added, %s replaced.":                                            "新增 %s 个地名，替换 %s 个。",
	"Upload landmarks and addresses for place search: a GeoJSON FeatureCollection of points, or a CSV file with the columns kind (landmark or address), name_zh, name_en, lat, lon and, optionally, id and town. A place with the same id (or Chinese name) is replaced; the file is imported whole or not at all.": "上传用于地名搜索的地标和门牌地址：点要素的 GeoJSON FeatureCollection，或包含 kind（landmark 或 address）、name_zh、name_en、lat、lon 列以及可选的 id、town 列的 CSV 文件。id（无 id 时为中文名）相同的地名将被替换；文件整体导入，出错则全部不导入。",
	"GeoJSON or CSV file":                            "GeoJSON 或 CSV 文件",
	"Choose a GeoJSON or CSV file of at most %d MB.": "请选择不超过 %d MB 的 GeoJSON 或 CSV 文件。",
	"Search the category's approved answers":         "搜索该类别的标准答复",
	"Choose an approved answer":                      "选择一条标准答复",
	"A supervision order needs its text and a feedback deadline: use the supervise action.": "督办需要填写督办内容和反馈期限：请使用“督办”操作。",
}

func init() {
	for k, v := range zhWiringMessages {
		zhMessages[k] = v
	}
}
