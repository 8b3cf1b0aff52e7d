package web

// zhEventsUI translates the strings of the event pages (conference mode);
// init merges it into zhUI.
var zhEventsUI = map[string]string{
	"Against the event's limits":    "按活动时限",
	"All cases, any event":          "全部案件（不限活动）",
	"Area as GeoJSON":               "区域（GeoJSON）",
	"As of %s.":                     "截至 %s。",
	"Back to the event":             "返回活动",
	"Build-up":                      "布展",
	"Categories that become urgent": "升为紧急的类别",
	"Clear the drawing":             "清除绘制",
	"Click the map to draw the area corner by corner, or paste a GeoJSON polygon; or choose villages and grids.": "在地图上逐点点击绘制区域，或粘贴 GeoJSON 多边形；也可选择村（社区）和网格。",
	"Edit the event":      "编辑活动",
	"Event":               "活动",
	"Event report":        "活动报告",
	"Events":              "活动保障",
	"Extra staff on duty": "加派值班人员",
	"Extra staff on duty: one a line, name, post": "加派值班人员：每行一人，姓名，岗位",
	"Figures":                                "数据",
	"Its cases (CSV)":                        "活动案件（CSV）",
	"The town's report for the event's days": "活动期间全镇考核报表",
	"The event's own figures are on this page (print it). The PDF and XLSX are the town's assessment report for the event's days, all the town's cases.": "本页为活动自身的数据（可打印）；PDF 和 XLSX 为活动期间全镇的考核报表，含全镇案件。",
	"Housekeepers mobilised":     "动员管家",
	"The event's cases":          "活动案件",
	"Its cases on the console":   "在指挥台查看其案件",
	"Its newest cases":           "最新案件",
	"Its tasks for housekeepers": "活动管家任务",
	"No task in its area and period yet: publish patrols and volunteer posts for it.": "活动区域和时段内暂无任务：请为其发布巡查和志愿岗任务。",
	"New event":                       "新建活动",
	"No case in the event yet.":       "活动中暂无案件。",
	"No event yet.":                   "暂无活动。",
	"None: the usual routing":         "无：按常规分派",
	"On-site command post":            "现场指挥部",
	"Over":                            "已结束",
	"Publish a task for housekeepers": "向管家发布任务",
	"Resolve within (e.g. 2h)":        "处置时限（如 2h）",
	"Running":                         "进行中",
	"Save the event":                  "保存活动",
	"Sign for within":                 "签收时限",
	"Sign for within (e.g. 15min)":    "签收时限（如 15min）",
	"Teardown":                        "撤展",
	"Upcoming":                        "未开始",
	"Urgent":                          "紧急",
	"Villages":                        "村（社区）",
	"Visitor load of its villages":    "所涉村（社区）游客负荷",
	"Visitor load of its villages: no B&B in them has reported a night of the event.": "所涉村（社区）游客负荷：其中民宿尚未上报活动期间的入住。",
	"called to its cases":      "被召集处置其案件",
	"cases":                    "件",
	"different housekeepers":   "参与管家（人）",
	"mean minutes to resolve":  "平均处置用时（分钟）",
	"mean minutes to sign for": "平均签收用时（分钟）",
	"minute":                   "分钟",
	"minutes":                  "分钟",
	"went":                     "到场",
}

func init() {
	for k, v := range zhEventsUI {
		if _, ok := zhUI[k]; !ok {
			zhUI[k] = v
		}
	}
}
