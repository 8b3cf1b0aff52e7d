package i18n

// zhCounty2Messages translates the messages of the county's settings that
// its towns inherit, its referral by the sweep and its views by town
// (docs/county.md). init merges it into zhMessages.
var zhCounty2Messages = map[string]string{
	"Escalated automatically: the time limit has passed.":                         "超时自动升级。",
	"Handed up to the county automatically: overdue beyond the category's limit.": "超期超过该类别的时限，已自动提交县级指挥中心。",
	"Show":                               "查看",
	"Towns ranked, last 30 days":         "各镇（街道）排名（近 30 天）",
	"received":                           "受理",
	"on time":                            "按时率",
	"satisfaction":                       "满意度",
	"Only staff see the towns' figures.": "只有工作人员可以查看各镇指标。",
	"Only staff read the points ledger.": "只有工作人员可以查看积分明细。",
}

func init() {
	for k, v := range zhCounty2Messages {
		zhMessages[k] = v
	}
}
