package i18n

// zhOccupancyMessages translates the messages of B&B nights, the visitor
// load, licence reminders and complaints linked to B&Bs; init merges it
// into the catalogue.
var zhOccupancyMessages = map[string]string{
	"Give the night as a date, YYYY-MM-DD.":                                                        "请以 YYYY-MM-DD 格式填写日期。",
	"A night is reported when it has begun, not ahead.":                                            "只能报送已开始的当晚或之前的入住，不能提前报送。",
	"Nights of the last year only.":                                                                "只能报送一年以内的入住。",
	"Only an operating B&B reports its nights.":                                                    "只有营业中的民宿报送入住。",
	"Rooms occupied are between 0 and the B&B's %d rooms.":                                         "入住房间数应在 0 到本民宿的 %d 间之间。",
	"Guests are between 0 and twice the B&B's %d beds.":                                            "入住人数应在 0 到本民宿床位数 %d 的两倍之间。",
	"Guests stay in occupied rooms: give the rooms occupied.":                                      "有客人入住时请填写入住房间数。",
	"Give the guests in the occupied rooms.":                                                       "请填写入住房间内的客人数。",
	"Leaders read the occupancy; they do not report it.":                                           "领导可查看入住情况，不能报送。",
	"Only the command center uploads occupancy in bulk.":                                           "只有指挥中心可批量上传入住数据。",
	"The file has no rows.":                                                                        "文件中没有数据行。",
	"There is no B&B %d in your town.":                                                             "本镇没有编号为 %d 的民宿。",
	"Only the staff see the visitor load.":                                                         "只有工作人员可查看游客承载。",
	"Choose a town.":                                                                               "请选择镇（街道）。",
	"Give at most a year of nights, the last after the first.":                                     "日期范围最多一年，且结束日期不早于开始日期。",
	"Only the command center sets the load thresholds.":                                            "只有指挥中心可设置承载预警线。",
	"There is no such village in your town.":                                                       "本镇没有这个村（社区）。",
	"A load threshold is a percentage from 1 to 200.":                                              "预警线为 1 到 200 之间的百分比。",
	"The Zhejiang grade is 白金宿, 金宿, 银宿 or none.":                                                   "浙江省等级为白金宿、金宿、银宿或无。",
	"There is no such B&B here: choose it from the list, or leave it out.":                         "这里没有这家民宿：请从列表中选择，或不选。",
	"You may link only your own unit's cases to B&Bs.":                                             "只能将本单位承办的案件关联到民宿。",
	"Only the command center and the units link complaints to B&Bs.":                               "只有指挥中心和承办单位可将投诉关联到民宿。",
	"There is no B&B %d in the case's town.":                                                       "案件所在镇没有编号为 %d 的民宿。",
	"Give a place on the map.":                                                                     "请在地图上选一个位置。",
	"Only the staff who keep the registry register B&Bs.":                                          "只有负责民宿登记的工作人员可登记民宿。",
	"Choose a CSV file.":                                                                           "请选择一个 CSV 文件。",
	"Nothing was stored: %d rows are wrong.":                                                       "未保存任何数据：有 %d 行有误。",
	"Line %d: %s":                                                                                  "第 %d 行：%s",
	"… and %d more.":                                                                               "……另有 %d 行。",
	"The file is empty or not CSV: the first line names the columns bnb_id, night, rooms, guests.": "文件为空或不是 CSV：第一行应为列名 bnb_id、night、rooms、guests。",
	"The first line names no column %s.":                                                           "第一行缺少列 %s。",
	"This line is not valid CSV.":                                                                  "这一行不是有效的 CSV。",
	"A file has at most %d rows.":                                                                  "一个文件最多 %d 行。",
	"B&B %d's night %s is also on line %d.":                                                        "民宿 %d 的 %s 在第 %d 行已有。",
	"The file has no rows after its first line.":                                                   "第一行之后没有数据。",
	"This value is too long or not UTF-8.":                                                         "这个值太长或不是 UTF-8 编码。",
	"bnb_id is the B&B's number in the registry.":                                                  "bnb_id 是民宿在登记中的编号。",
	"night is a date, YYYY-MM-DD.":                                                                 "night 是日期，格式 YYYY-MM-DD。",
	"rooms is a whole number, 0 or more.":                                                          "rooms 是不小于 0 的整数。",
	"guests is a whole number, 0 or more.":                                                         "guests 是不小于 0 的整数。",
	"Case %d is linked to no B&B.":                                                                 "案件 %d 未关联民宿。",
	"Give the B&B's number in the registry.":                                                       "请填写民宿的登记编号。",
	// Notifications (app/bnb_remind.go).
	"B&B %s: the %s (no. %s) expires in %s days, on %s. Renew it in time.":                                "民宿 %s：%s（编号 %s）将在 %s 天后（%s）到期，请及时办理延续。",
	"Visitor load in %s on the night of %s is %s%% (%s guests in %s beds), past the alert level of %s%%.": "%s %s 当晚游客承载 %s%%（%s 位客人，%s 张床位），已超过预警线 %s%%。",
	"Business licence":                       "营业执照",
	"Special-trade permit (public security)": "特种行业许可证（治安）",
	"Fire acceptance":                        "消防验收（备案）",
	"Hygiene licence":                        "卫生许可证",
	"Food licence":                           "食品经营许可证",
}

func init() {
	for k, v := range zhOccupancyMessages {
		if _, ok := zhMessages[k]; !ok {
			zhMessages[k] = v
		}
	}
}
