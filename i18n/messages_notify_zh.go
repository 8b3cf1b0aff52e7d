package i18n

// zhNotifyMessages translates notifications (the texts sent to staff,
// reporters, followers and area subscribers), their settings pages and
// errors. init merges it into zhMessages.
var zhNotifyMessages = map[string]string{
	// Texts sent.
	"Case %s (%s, %s) was dispatched to your unit. %s":                                               "案件 %s（%s，%s）已派至本单位。%s",
	"Case %s (%s, %s) was returned by the unit and needs a new dispatch. %s":                         "案件 %s（%s，%s）被承办单位退回，需重新派遣。%s",
	"Case %s (%s, %s) is now supervised by the leadership. %s":                                       "案件 %s（%s，%s）已被领导督办。%s",
	"Case %s (%s, %s) reaches its time limit within two hours. %s":                                   "案件 %s（%s，%s）将在两小时内到期。%s",
	"Case %s (%s, %s) is overdue. %s":                                                                "案件 %s（%s，%s）已超期。%s",
	"Case %s (%s, %s): the unit asks for more time. %s":                                              "案件 %s（%s，%s）：承办单位申请延期。%s",
	"Urgent new case %s (%s, %s). %s":                                                                "紧急新案件 %s（%s，%s）。%s",
	"New case %s (%s, %s) is still waiting for dispatch. %s":                                         "新案件 %s（%s，%s）仍在等待派遣。%s",
	"Your report %s (%s) was accepted by the unit in charge. Follow it: %s":                          "您反映的问题 %s（%s）已由承办单位受理。查看进度：%s",
	"Your report %s (%s) is resolved: %s. Is it fixed? Confirm or say it is not: %s":                 "您反映的问题 %s（%s）已处理：%s。是否解决？请确认或反馈未解决：%s",
	"Your report %s (%s) was not taken up: %s. %s":                                                   "您反映的问题 %s（%s）未予受理：%s。%s",
	"Your report %s (%s) is closed. Thank you. %s":                                                   "您反映的问题 %s（%s）已办结，感谢您的参与。%s",
	"A case you follow, %s (%s), was accepted by the unit in charge. %s":                             "您关注的案件 %s（%s）已由承办单位受理。%s",
	"A case you follow, %s (%s), is resolved. %s":                                                    "您关注的案件 %s（%s）已处理。%s",
	"A case you follow, %s (%s), was not taken up. %s":                                               "您关注的案件 %s（%s）未予受理。%s",
	"A case you follow, %s (%s), is closed. %s":                                                      "您关注的案件 %s（%s）已办结。%s",
	"New case %s in your area: %s in %s. %s":                                                         "您关注的区域有新案件 %s：%s，位于%s。%s",
	"Guanjia: case %s":                                                                               "管家：案件 %s",
	"Guanjia, your town's command center. Change what you hear about on your notification settings.": "管家 · 镇综合指挥中心。可在“通知设置”中调整接收的消息。",

	// Errors.
	"There is no notification event %q.":                      "没有通知事件 %q。",
	"There is no audience %q.":                                "没有接收对象 %q。",
	"Quiet hours run from 00:00 to 23:59.":                    "免打扰时段须在 00:00 至 23:59 之间。",
	"Choose SMS, email, automatic or none.":                   "请选择短信、邮件、自动或不接收。",
	"Choose Chinese or English.":                              "请选择中文或英文。",
	"There is no channel kind %q.":                            "没有渠道类型 %q。",
	"Give the channel a name.":                                "请为渠道命名。",
	"An email channel needs an SMTP host and a from address.": "邮件渠道需要 SMTP 服务器和发件地址。",
	"The channel's URL must be an http or https address.":     "渠道地址必须是 http 或 https 地址。",
	"Channel %d not found.":                                   "找不到渠道 %d。",
	"Notification %d not found.":                              "找不到通知 %d。",
	"Alert %d not found.":                                     "找不到区域订阅 %d。",
	"Only administrators may configure notifications.":        "只有管理员可以配置通知。",
	"There is no town %q.":                                    "没有乡镇（街道） %q。",
	"There is no unit %q.":                                    "没有单位 %q。",
	"Only the county's administrators change the rules of every unit; choose a unit.": "只有县（市）管理员可以修改所有单位的规则；请选择一个单位。",
	"Choose pending, sent, failed or kept.":                                           "请选择待发送、已发送、失败或已保存。",
	"The message is still waiting to be sent.":                                        "该消息仍在等待发送。",
	"Choose a village or a grid.":                                                     "请选择村（社区）或网格。",
	"There is no village %q.":                                                         "没有村（社区） %q。",
	"There is no grid %q.":                                                            "没有网格 %q。",
	"There is no category %q.":                                                        "没有类别 %q。",
	"You follow %d areas already; remove one first.":                                  "您已关注 %d 个区域，请先删除一个。",
	"A phone number is required.":                                                     "需要手机号码。",
}

func init() {
	for k, v := range zhNotifyMessages {
		if _, ok := zhMessages[k]; !ok {
			zhMessages[k] = v
		}
	}
}
