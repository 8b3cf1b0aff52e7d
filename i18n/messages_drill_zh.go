package i18n

// zhDrillMessages translates the messages of the lists of the cases a
// figure counts (guanjia.CountedLists); init merges it into the
// catalogue.
var zhDrillMessages = map[string]string{
	"counted is one of %s, not %q.":                              "counted 须为 %s 之一，而不是 %q。",
	"Only staff list the cases a figure counts.":                 "只有工作人员可以查看指标所统计的案件。",
	"Open this list from a number on the statistics page.":       "请从统计页面上的数字打开此列表。",
	"You see the figures and their cases of your own unit only.": "您只能查看本单位的指标及其案件。",
}

func init() {
	for k, v := range zhDrillMessages {
		if _, ok := zhMessages[k]; !ok {
			zhMessages[k] = v
		}
	}
}
