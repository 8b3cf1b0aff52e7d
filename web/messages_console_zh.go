package web

// zhConsoleUI translates the strings of the console's filters and chips
// (console.go, templates/pages/console.html); init merges it into zhUI.
var zhConsoleUI = map[string]string{
	"All grids":              "全部网格",
	"Number or words":        "编号或关键词",
	"Overdue only":           "仅看超时",
	"Extension asked only":   "仅看延期待审批",
	"Extensions asked":       "延期待审批",
	"Referred to the county": "已提交县级",
}

func init() {
	for k, v := range zhConsoleUI {
		if _, ok := zhUI[k]; !ok {
			zhUI[k] = v
		}
	}
}
