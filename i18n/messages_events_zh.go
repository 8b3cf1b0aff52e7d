package i18n

// zhEventsMessages translates the messages of events in conference mode;
// init merges it into the catalogue.
var zhEventsMessages = map[string]string{
	"A roster lists at most %d people.":                                                  "值班名单最多 %d 人。",
	"An event lasts at most 60 days.":                                                    "活动最长 60 天。",
	"An event's name has at most %d characters.":                                         "活动名称最多 %d 个字符。",
	"Case %d is in no event.":                                                            "案件 %d 不属于任何活动。",
	"During an event limits run on the clock: give minutes (15min) or hours (2h).":       "活动期间时限按自然时间计：请填写分钟（15min）或小时（2h）。",
	"Each line of the roster is a name (at most 40 characters) and a post (at most 60).": "值班名单每行为姓名（最多 40 个字符）和岗位（最多 60 个字符）。",
	"Event %d not found.":                                                                "未找到活动 %d。",
	"The event has changed since you loaded it. Reload and try again.":                   "活动已被修改，请刷新后重试。",
	"Event %s not found.":                                                                "未找到活动 %s。",
	"Give a date and time.":                                                              "请填写日期和时间。",
	"Give minutes (15min) or hours (2h).":                                                "请填写分钟（15min）或小时（2h）。",
	"Give the event's area: draw or paste a polygon, or choose grids or villages.":       "请给出活动区域：绘制或粘贴多边形，或选择网格、村（社区）。",
	"Give the event's name.":                                                             "请填写活动名称。",
	"Give when the event starts and ends.":                                               "请填写活动开始和结束时间。",
	"Only leaders and administrators create and change events.":                          "只有领导和管理员可以创建和修改活动。",
	"Only the command center and leaders see the events.":                                "只有指挥中心和领导可以查看活动。",
	"The area has a polygon with no surface: its points lie on a line.":                  "区域中有一个多边形没有面积：各点在一条直线上。",
	"The area has more than %d points; simplify it.":                                     "区域超过 %d 个点，请简化。",
	"The area is not GeoJSON: paste a Polygon, or draw it on the map.":                   "区域不是 GeoJSON：请粘贴多边形（Polygon），或在地图上绘制。",
	"The area is not a valid polygon: %s.":                                               "区域不是有效的多边形：%s。",
	"The area's FeatureCollection must hold 1 to 100 polygons.":                          "区域的 FeatureCollection 须包含 1 至 100 个多边形。",
	"The area's GeoJSON is larger than %d bytes.":                                        "区域的 GeoJSON 超过 %d 字节。",
	"The area's features must be GeoJSON Features.":                                      "区域中的要素须为 GeoJSON Feature。",
	"The build-up starts at most 30 days before the event, and not after its start.":     "布展最早在活动开始前 30 天，且不晚于活动开始。",
	"The event must end after it starts.":                                                "活动结束时间须晚于开始时间。",
	"The teardown ends at most 30 days after the event, and not before its end.":         "撤展最晚在活动结束后 30 天结束，且不早于活动结束。",
	"There is no grid %q.":                                                               "没有网格 %q。",
	"There is no village %q in the town.":                                                "本镇没有村（社区）%q。",
	"Unknown event %q.":                                                                  "未知活动 %q。",
}

func init() {
	for k, v := range zhEventsMessages {
		if _, ok := zhMessages[k]; !ok {
			zhMessages[k] = v
		}
	}
}
