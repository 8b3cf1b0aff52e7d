package i18n

// zhStatsMessages translates the assessment figures' page and messages
// (/stats, GET /api/v1/stats, docs/figures.md); init merges it into the
// catalogue.
var zhStatsMessages = map[string]string{
	"Statistics":                       "统计考核",
	"Total":                            "合计",
	"All cases of the period":          "本期全部案件",
	"Daily trend":                      "每日趋势",
	"From":                             "起始日期",
	"Until (not included)":             "截至（不含当日）",
	"Group":                            "分组",
	"Rank by":                          "排名依据",
	"Ranking":                          "排名",
	"Show":                             "查询",
	"This month":                       "本月",
	"Last month":                       "上月",
	"Download the cases (CSV)":         "下载案件清单（CSV）",
	"No cases in this period.":         "本期没有案件。",
	"Not with a unit":                  "未派至单位",
	"Outside every grid":               "不在任何网格",
	"Outside every village":            "不在任何村（社区）",
	"How each figure is defined":       "各项指标的口径",
	"change against the period before": "与上期相比",
	"Over the cases reported in the period (Asia/Shanghai dates), as they stand now; times in working hours.": "统计对象为本期（北京时间日期）受理的案件，按其当前状态计算；时长按工作时间计。",

	"By unit":     "按单位",
	"By village":  "按村社",
	"By grid":     "按网格",
	"By category": "按类别",
	"By channel":  "按渠道",
	"By town":     "按镇街",
	"Website":     "网站",
	"App":         "App",
	"API":         "API",
	"Open311":     "Open311",
	"Phone":       "电话",

	"Received":                "受理量",
	"Signed for on time":      "及时签收率",
	"Resolved on time":        "按期办结率",
	"Fix rate":                "解决率",
	"Satisfaction rate":       "满意率",
	"Mean satisfaction":       "平均满意度",
	"Duplicate rate":          "重复件率",
	"Return rate":             "退单率",
	"Overdue now":             "当前超期件",
	"Ever overdue":            "累计超期件",
	"Time to sign for (mean)": "平均签收时长",
	"Time to sign for (p90)":  "签收时长（90分位）",
	"Time to resolve (mean)":  "平均办结时长",
	"Time to resolve (p90)":   "办结时长（90分位）",

	"Cases reported in the period.": "本期受理的案件数。",
	"Of the cases whose current dispatch was signed for, the share signed for by the sign-for deadline.":                     "当前派单已签收的案件中，在签收时限内签收的比例。",
	"Of the cases resolved by their unit, the share resolved by the resolve deadline in force, approved extensions counted.": "承办单位已办结的案件中，在当时有效的办理时限内（含已批准的延期）办结的比例。",
	"Of the closed cases, the share the reporter confirmed fixed; the rest closed by themselves without an answer.":          "已结案案件中，经群众确认解决的比例；其余为逾期未评价自动结案。",
	"Of the rated cases, the share rated 4 or 5 out of 5.":                                                                   "已评价案件中，评为 4 分或 5 分（满分 5 分）的比例。",
	"The mean rating (1 to 5) of the rated cases.":                                                                           "已评价案件的平均评分（1 至 5 分）。",
	"Returns by units, of dispatches.":                                                                                       "单位退单次数占派单次数的比例。",
	"Cases whose running deadline has passed now.":                                                                           "当前正在计时且已超过时限的案件数。",
	"Cases overdue now, or acted on after a deadline had passed.":                                                            "当前超期，或曾在超过时限后才处理的案件数。",
	"Working hours from the dispatch to the sign-for, mean over the signed cases.":                                           "从派单到签收的工作时长，按已签收案件取平均。",
	"The 90th percentile of the working hours to sign for: 90% of the signed cases took no longer.":                          "签收工作时长的第 90 百分位：90% 的已签收案件不超过此时长。",
	"Working hours from the sign-for to the resolve, mean over the resolved cases.":                                          "从签收到办结的工作时长，按已办结案件取平均。",
	"The 90th percentile of the working hours to resolve: 90% of the resolved cases took no longer.":                         "办结工作时长的第 90 百分位：90% 的已办结案件不超过此时长。",

	"Only staff may see the figures.":                          "只有工作人员可以查看统计数据。",
	"Group by town, unit, village, grid, category or channel.": "请按镇街、单位、村社、网格、类别或渠道分组。",
	"Group by one of %v.":                                      "请按以下之一分组：%v。",
	"Town %s not found.":                                       "找不到镇街 %s。",
	"Give the first day as YYYY-MM-DD.":                        "起始日期格式应为 YYYY-MM-DD。",
	"Give the day after the last as YYYY-MM-DD.":               "截至日期（不含）格式应为 YYYY-MM-DD。",
	"The period must end after it starts.":                     "截至日期须晚于起始日期。",
	"Only staff may export cases.":                             "只有工作人员可以导出案件。",
	"No report %q: reports are .csv files.":                    "没有报表 %q：报表为 .csv 文件。",
	"Name the period as a month (2026-11) or as two dates, the first and the day after the last (2026-11-01_2026-12-01).": "请以月份（2026-11）或两个日期（起始日与截至日次日，如 2026-11-01_2026-12-01）指定统计期。",
	"A period is at most %d days.": "统计期最长 %d 天。",
}

func init() {
	for k, v := range zhStatsMessages {
		zhMessages[k] = v
	}
}
