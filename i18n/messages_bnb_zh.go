package i18n

// zhBnBMessages translates the messages of the B&B registry; init merges
// it into the catalogue.
var zhBnBMessages = map[string]string{
	"A B&B has at least one bed per room.":    "民宿每间客房至少一张床。",
	"A B&B has at least one floor.":           "民宿至少一层。",
	"A B&B has at least one room.":            "民宿至少一间客房。",
	"A B&B's name has at most 60 characters.": "民宿名称最多 60 个字符。",
	"A family B&B has at most %.0f m² of floor area; a larger one is a hotel under the hotel fire rules.": "家庭民宿建筑面积不超过 %.0f 平方米；更大的按旅馆消防标准管理。",
	"A family B&B has at most %d floors; with more it is a hotel under the hotel fire rules.":             "家庭民宿不超过 %d 层；更多的按旅馆消防标准管理。",
	"A family B&B has at most %d rooms; with more it is a hotel under the hotel fire rules.":              "家庭民宿客房不超过 %d 间；更多的按旅馆消防标准管理。",
	"An address has at most 200 characters.":                                                              "地址最多 200 个字符。",
	"B&B %d not found.":                                                                                   "未找到民宿 %d。",
	"The B&B's record has changed since you loaded it. Reload and try again.":                             "民宿档案已被修改，请刷新后重试。",
	"B&B %s not found.":                                                "未找到民宿 %s。",
	"Choose the B&B's owner.":                                          "请选择民宿经营者。",
	"Give a whole number.":                                             "请填写整数。",
	"Give each kind of licence once.":                                  "每类证照只填一次。",
	"Give each licence's expiry date.":                                 "请填写每个证照的有效期。",
	"Give each licence's number (at most 40 characters).":              "请填写每个证照的编号（最多 40 个字符）。",
	"Give the B&B's name.":                                             "请填写民宿名称。",
	"Give the B&B's place on the map.":                                 "请在地图上标出民宿位置。",
	"Give the floor area in square metres.":                            "请填写建筑面积（平方米）。",
	"Leaders read the B&B registry; they do not change it.":            "领导可查看民宿登记，不能修改。",
	"Only owners and the staff see the B&B registry.":                  "只有民宿经营者和工作人员可查看民宿登记。",
	"Only the command center and the village committees see the B&Bs.": "只有指挥中心和村（社区）委员会可查看民宿。",
	"The grade is 甲, 乙, 丙 or none.":                                    "等级为甲、乙、丙或无。",
	"The owner must be an account with the role of B&B owner.":         "经营者必须是角色为“民宿经营者”的账号。",
	"The status is operating, suspended or closed.":                    "状态为营业、停业整顿或已关闭。",
	"There is no licence kind %q.":                                     "没有证照类型 %q。",
	"You may move a B&B only within your own town or village.":         "只能在本镇或本村范围内变更民宿位置。",
	"You may register B&Bs only in your own town or village.":          "只能登记本镇或本村的民宿。",
}

func init() {
	for k, v := range zhBnBMessages {
		if _, ok := zhMessages[k]; !ok {
			zhMessages[k] = v
		}
	}
}
