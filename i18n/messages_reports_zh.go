package i18n

// zhReportsMessages translates the period reports (docs/reports.md): the
// PDF and XLSX (package report), their pages (/stats/reports,
// /stats/report) and their API's messages; init merges it into the
// catalogue.
var zhReportsMessages = map[string]string{
	"%s: report for %s":         "%s %s 考核报表",
	"Period: %s to %s":          "统计期：%s 至 %s",
	"Compared with: %s to %s":   "对比期：%s 至 %s",
	"Made: %s":                  "生成时间：%s",
	"Against the period before": "较上期",
	"Summary":                   "汇总",
	"Figure":                    "指标",
	"This period":               "本期",
	"Previous period":           "上期",
	"Units ranked":              "单位排名",
	"Villages ranked":           "村社排名",
	"Cases received a day":      "每日受理量",
	"Category mix":              "类别构成",
	"Notable cases":             "重点案件",
	"Longest overdue":           "超期最久",
	"Supervised or escalated":   "督办或升级",
	"Least satisfied":           "满意度最低",
	"Why":                       "原因",
	"Description":               "描述",
	"None.":                     "无。",
	"Cases":                     "案件清单",
	"Day":                       "日期",
	"%.1f h":                    "%.1f 小时",
	"%.0f h overdue":            "超期 %.0f 小时",
	"escalated to level %d":     "已升级至第 %d 级",
	"rated %d of 5":             "评分 %d/5",
	"All towns":                 "全部乡镇（街道）",
	"Number":                    "编号",
	"Where":                     "位置",
	"Status":                    "状态",
	"supervised":                "督办",
	"Reports":                   "报表",
	"Period":                    "统计期",
	"For":                       "对象",
	"Made":                      "生成时间",
	"Files":                     "文件",
	"Compared with":             "对比期",
	"The town's report":         "全镇报表",
	"Open the report":           "打开报表",
	"Monthly reports":           "月度报表",
	"A report of any period":    "任意时段报表",
	"Download as PDF":           "下载 PDF",
	"Download as XLSX":          "下载 XLSX",
	"Outside every village":     "不在任何村（社区）",
	"Made on the first of each month for the month before.":                                                                        "每月 1 日自动生成上月报表。",
	"No reports yet: the first is made on the first of next month.":                                                                "暂无报表：下月 1 日将生成第一份。",
	"A month (2026-11) or the first and last days (2026-11-01..2026-11-15).":                                                       "填写月份（2026-11）或首尾日期（2026-11-01..2026-11-15）。",
	"value, rank (#) and change against the period before":                                                                         "数值、名次（#）及与上期相比的变化",
	"Only staff may see the reports.":                                                                                              "只有工作人员可以查看报表。",
	"No report %q: reports are .pdf, .xlsx or .csv files.":                                                                         "没有报表 %q：报表为 .pdf、.xlsx 或 .csv 文件。",
	"This server has no Chinese font for PDFs: install fonts-wqy-microhei, or start it with --report-font. The XLSX and CSV work.": "服务器没有生成 PDF 所需的中文字体：请安装 fonts-wqy-microhei，或以 --report-font 启动。XLSX 和 CSV 可以下载。",
	"Name the period as a month (2026-11) or as its first and last days (2026-11-01..2026-11-15).":                                 "请按月份（2026-11）或首尾日期（2026-11-01..2026-11-15）填写统计期。",
}

func init() {
	for k, v := range zhReportsMessages {
		zhMessages[k] = v
	}
}
