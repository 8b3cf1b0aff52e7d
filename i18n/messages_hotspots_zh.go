package i18n

// zhHotspotMessages translates the hot spots (docs/figures.md), their
// preventive tasks and the figures of the lead's desk and the wall screen;
// init merges it into the catalogue.
var zhHotspotMessages = map[string]string{
	"A hot spot is given as town/category/row/col.":                            "热点应写作 镇街/类别/行/列。",
	"Give the cases that make a hot spot recurring as a number from %d to %d.": "构成反复热点的案件数应为 %d 至 %d 之间的数字。",
	"A preventive task runs from 1 to 90 days.":                                "预防任务的期限为 1 至 90 天。",
	"Hot spot %s not found.":                                                   "找不到热点 %s。",
	"Prevent %s here: %d cases in %d days":                                     "预防%[1]s：%[3]d 天内 %[2]d 件",
}

func init() {
	for k, v := range zhHotspotMessages {
		zhMessages[k] = v
	}
}
