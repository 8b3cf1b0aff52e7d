package i18n

// zhStatsFastMessages translates the figures added with the summary by
// day and month (回访率, 督办) and the p90s by step of the ladder
// (docs/figures.md); init merges it into the catalogue.
var zhStatsFastMessages = map[string]string{
	"Callback rate":        "回访率",
	"Supervision answered": "督办反馈率",
	"Of the closed cases, the share called back since they were closed.":                                                      "已结案案件中，结案后已回访的比例。",
	"Cases under a supervision order.":                                                                                        "下达过督办令的案件数。",
	"Of the supervised cases, the share whose latest order the unit answered in writing.":                                     "督办案件中，承办单位已书面反馈最近一次督办令的比例。",
	"The 90th percentile of the working hours to sign for, to a step of the ladder: 90% of the signed cases took no longer.":  "签收工作时长的第 90 百分位（按固定档位取整）：90% 的已签收案件不超过此时长。",
	"The 90th percentile of the working hours to resolve, to a step of the ladder: 90% of the resolved cases took no longer.": "办结工作时长的第 90 百分位（按固定档位取整）：90% 的已办结案件不超过此时长。",
}

func init() {
	for k, v := range zhStatsFastMessages {
		zhMessages[k] = v
	}
}
