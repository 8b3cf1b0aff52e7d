package i18n

// zhInspectMessages translates the messages of B&B inspections,
// rectification and reputation; init merges it into the catalogue.
var zhInspectMessages = map[string]string{
	"A checklist has 1 to %d items.":                               "检查表有 1 到 %d 项。",
	"A client_id has at most 64 characters.":                       "client_id 最多 64 个字符。",
	"A note has at most 500 characters.":                           "备注最多 500 个字符。",
	"A round repeats every 7 to 1096 days.":                        "检查周期为 7 到 1096 天。",
	"Add a photo of the fixed item.":                               "请上传整改后的照片。",
	"An inspector belongs to the unit they inspect for.":           "检查人员须属于其代表检查的单位。",
	"An item's code is 1 to 30 lowercase letters, digits, - or _.": "检查项编码为 1–30 个小写字母、数字、- 或 _。",
	"An item's text has at most 200 characters.":                   "检查项内容最多 200 个字符。",
	"Choose a B&B.":                                          "请选择民宿。",
	"Choose the unit that inspects.":                         "请选择负责检查的单位。",
	"Give each item's text in Chinese and in English.":       "请填写每个检查项的中文和英文内容。",
	"Give how many reviews the average is of.":               "请填写评价条数。",
	"Inspection %d not found.":                               "未找到检查记录 %d。",
	"Item %s is answered twice.":                             "检查项 %s 填写了两次。",
	"Item %s is in the checklist twice.":                     "检查项 %s 在检查表中重复。",
	"Mark each item pass, fail or n/a.":                      "每项请选择合格、不合格或不适用。",
	"Mark every item: %s is not marked.":                     "请逐项填写：%s 尚未填写。",
	"Name the source of the rating (at most 40 characters).": "请注明评分来源（最多 40 个字符）。",
	"No inspection with client_id %q.":                       "没有 client_id 为 %q 的检查。",
	"Only administrators edit the inspection checklists.":    "只有管理员可以修改检查表。",
	"Only administrators set the inspection rounds.":         "只有管理员可以设置检查周期。",
	"Only inspectors have inspections due.":                  "只有检查人员有应检任务。",
	"Only the command center imports guests' ratings.":       "只有指挥中心可以导入住客评分。",
	"Save, delete or add an item.":                           "请保存、删除或添加检查项。",
	"The average rating is from 1 to 5.":                     "平均评分为 1 到 5 分。",
	"The checklist has changed since you opened it; reload.": "检查表在您打开后已被修改，请刷新。",
	"The checklist has changed; reload the form.":            "检查表已更新，请刷新表单。",
	"The owner has not reported case %s fixed yet.":          "经营者尚未提交工单 %s 的整改结果。",
	"There is no checklist %s version %d.":                   "没有检查表 %s 第 %d 版。",
	"There is no inspection kind %q.":                        "没有检查类型 %q。",
	"There is no item %q in this checklist.":                 "此检查表没有检查项 %q。",
	"There is no rectification %d of your unit.":             "本单位没有整改工单 %d。",
	"There is no rectification %s of your unit.":             "本单位没有整改工单 %s。",
	"There is no such item; reload.":                         "没有这个检查项，请刷新。",
	"Your unit does not inspect B&Bs for %s.":                "您的单位不负责民宿的%s检查。",
}

func init() {
	for k, v := range zhInspectMessages {
		if _, ok := zhMessages[k]; !ok {
			zhMessages[k] = v
		}
	}
}
