package web

// zhOccupancyUI translates the strings of the B&B nights, visitor load and
// B&B pages; init merges it into zhUI.
var zhOccupancyUI = map[string]string{
	"Alert level saved.":               "预警线已保存。",
	"Alert level":                      "承载预警线",
	"By village, highest first":        "各村（社区），从高到低",
	"CSV file":                         "CSV 文件",
	"Case %s updated.":                 "案件 %s 已更新。",
	"Complaints":                       "投诉",
	"Correct tonight's occupancy":      "更正今晚入住",
	"Every village (the town's level)": "所有村（全镇预警线）",
	"Grade (GB/T 41648-2022)":          "等级（GB/T 41648-2022）",
	"Guests":                           "入住人数",
	"Last nights reported":             "近几晚报送",
	"Link":                             "关联",
	"Load":                             "承载率",
	"Load (%)":                         "承载率（%）",
	"Night":                            "日期",
	"No complaint.":                    "暂无投诉。",
	"None.":                            "无。",
	"Occupancy saved.":                 "入住情况已保存。",
	"Owner":                            "经营者",
	"Register a B&B":                   "登记民宿",
	"Report tonight's occupancy":       "报送今晚入住",
	"Rooms occupied (of %d)":           "入住房间（共 %d 间）",
	"Tonight (%s): occupancy":          "今晚（%s）入住",
	"Unlink":                           "取消关联",
	"Upload":                           "上传",
	"Upload nights (CSV)":              "批量上传入住（CSV）",
	"Visitor load tonight":             "今晚游客承载",
	"Visitor load":                     "游客承载",
	"Zhejiang grade":                   "浙江省等级",
	"none":                             "无",
	"past %d%%":                        "超过 %d%%",
	"upheld":                           "属实",
	"— not in the list —":              "— 不在列表中 —",
	"B&B":                              "民宿",
	"Case number":                      "案件编号",
	"%d guests in %d beds":             "%d 位客人 / %d 张床位",
	"%d of %d B&Bs reported":           "%d / %d 家民宿已报送",
	"%d nights stored.":                "已保存 %d 条入住记录。",
	"%d open, %d handled, of which %d upheld.":                                                                                                     "办理中 %d 件，已办结 %d 件，其中属实 %d 件。",
	"Numbers only: guests' identities go to the police registration system, not here.":                                                             "只填数字：客人身份信息按规定登记在公安旅馆业系统，不在这里填写。",
	"The B&B, from those near the pin (optional)":                                                                                                  "民宿（从标记附近的民宿中选择，可不选）",
	"When a village's guests reach this share of its beds, its committee and the command center are notified, once a night.":                       "某村入住人数达到床位数的这一比例时，每晚通知一次该村委会和指挥中心。",
	"Family B&Bs: at most 14 rooms, 4 floors and 800 m² (the fire rules for family B&Bs); a larger house is refused as a hotel.":                   "家庭民宿：客房不超过 14 间、不超过 4 层、建筑面积不超过 800 平方米（家庭民宿消防规定）；超过的按旅馆管理，不予登记。",
	"The first line names the columns bnb_id, night, rooms, guests (or 民宿编号, 日期, 入住房间, 入住人数). A file with any wrong row is refused whole.":         "第一行为列名 bnb_id、night、rooms、guests（或 民宿编号、日期、入住房间、入住人数）。文件中有任何一行有误，整个文件都不保存。",
	"Upheld: handled to a result and closed, confirmed by the reporter or unanswered in time. Complaints found invalid are not counted as upheld.": "属实：已办理出结果并办结（投诉人确认，或逾期未答复）。被认定无效的投诉不计为属实。",
}

func init() {
	for k, v := range zhOccupancyUI {
		if _, ok := zhUI[k]; !ok {
			zhUI[k] = v
		}
	}
}
