package i18n

// zhHotspotMessages translates the hot spots (docs/figures.md), their
// preventive tasks and the figures of the lead's desk and the wall screen;
// init merges it into the catalogue.
var zhHotspotMessages = map[string]string{
	"A hot spot is given as town/category/row/col.":                            "热点应写作 镇街/类别/行/列。",
	"Give the cases that make a hot spot recurring as a number from %d to %d.": "构成反复热点的案件数应为 %d 至 %d 之间的数字。",
	"A preventive task runs from 1 to 90 days.":                                "预防任务的期限为 1 至 90 天。",
	"Hot spot %s not found.":                                                   "找不到热点 %s。",
	"Hot spots":                                                                "热点",
	"recurring: the same category in the same cell of about 100 m %d times or more in 30 days": "反复热点：30 天内同一约 100 米网格内同类问题达 %d 次及以上",
	"Preventive patrol task %s published for housekeepers.":                                    "已向网格管家发布预防巡查任务 %s。",
	"Hot-spot map":             "热点地图",
	"Place":                    "地点",
	"Cases in 30 days":         "30 天内案件数",
	"Its cases":                "相关案件",
	"Prevention":               "预防措施",
	"Patrol task %d published": "已发布巡查任务 %d",
	"Make a preventive patrol": "发起预防巡查",
	"Not acted on yet":         "尚未处置",
	"No recurring hot spot in these 30 days.": "这 30 天内没有反复热点。",
	"Prevent %s here: %d cases in %d days":    "预防%[1]s：%[3]d 天内 %[2]d 件",

	"Received and resolved on time, last 30 days":    "近 30 天受理量与按期办结率",
	"Units ranked by resolved on time, last 30 days": "近 30 天各单位按期办结率排名",
	"Recurring hot spots":                            "反复热点",
	"Newest":                                         "最新案件",
	"Preventive task":                                "预防任务",
	"Weekly trend":                                   "每周趋势",
	"Category mix":                                   "类别构成",
	"The unit's figures":                             "本单位指标",
	"Only a unit's lead sees its handlers' figures.": "只有单位负责人可以查看经办人的指标。",
}

func init() {
	for k, v := range zhHotspotMessages {
		zhMessages[k] = v
	}
}
