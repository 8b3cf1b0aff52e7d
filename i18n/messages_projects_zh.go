package i18n

// zhProjectMessages translates the messages of investment projects (项目管家)
// and the notes and notifications the system writes about them; init
// merges it into the catalogue.
var zhProjectMessages = map[string]string{
	"A message has at most %d characters.":                                   "消息最多 %d 个字符。",
	"A project's name has at most %d characters.":                            "项目名称最多 %d 个字符。",
	"A template has at least one item.":                                      "模板至少要有一个事项。",
	"Choose the item the issue is about.":                                    "请选择问题涉及的事项。",
	"Choose the project's investor.":                                         "请选择项目的投资方。",
	"Choose the project's steward.":                                          "请选择项目管家。",
	"File %d not found.":                                                     "未找到文件 %d。",
	"File %s not found.":                                                     "未找到文件 %s。",
	"Give the project a name.":                                               "请填写项目名称。",
	"Give the project's place on the map.":                                   "请在地图上标出项目位置。",
	"Item %d not found.":                                                     "未找到事项 %d。",
	"Item %s not found.":                                                     "未找到事项 %s。",
	"Line %d: write stage | item | unit | working days | prerequisites.":     "第 %d 行：请按“阶段 | 事项 | 单位 | 工作日 | 前置事项”填写。",
	"Line %d: the stage, item and unit have 1 to %d characters.":             "第 %d 行：阶段、事项和单位须为 1 到 %d 个字符。",
	"Line %d: the limit is 1 to %d working days.":                            "第 %d 行：时限为 1 到 %d 个工作日。",
	"Line %d: item %q appears twice.":                                        "第 %d 行：事项 %q 重复出现。",
	"Line %d: prerequisite %q is not an item of an earlier line.":            "第 %d 行：前置事项 %q 不是前面各行中的事项。",
	"Line %d: prerequisite %q is in a later stage.":                          "第 %d 行：前置事项 %q 在更后面的阶段。",
	"Line %d: a template has at most %d items.":                              "第 %d 行：模板最多 %d 个事项。",
	"Only JPEG, PNG and WebP pictures and PDF files may be attached.":        "只能上传 JPEG、PNG、WebP 图片或 PDF 文件。",
	"Only investors and the staff follow projects.":                          "只有投资方和工作人员可查看项目。",
	"Only the authority that owns this item, or the steward, marks it done.": "只有负责该事项的部门或项目管家可以标记办结。",
	"Only the command center and administrators open projects.":              "只有指挥中心和管理员可以新建项目。",
	"Only the command center and the leaders see the projects' dashboard.":   "只有指挥中心和领导可查看项目看板。",
	"Only the project's investor and steward raise issues on it.":            "只有项目的投资方和项目管家可以提出诉求。",
	"Only the town's administrators edit its project template.":              "只有本镇管理员可以编辑项目模板。",
	"Project %d not found.":                                                  "未找到项目 %d。",
	"Project %s not found.":                                                  "未找到项目 %s。",
	"The file is larger than %d MB.":                                         "文件超过 %d MB。",
	"The investor must be an account with the role of investor.":             "投资方必须是角色为“投资方”的账号。",
	"The steward must be a member of the town's staff.":                      "项目管家必须是本镇工作人员。",
	"The town's project template names unit %q, which does not exist; an administrator must correct it.": "本镇项目模板中的单位 %q 不存在，请管理员修正。",
	"This item is done already.":                   "该事项已办结。",
	"This item waits for %s.":                      "该事项须等待“%s”办结。",
	"Write a message or attach a file.":            "请输入消息或添加附件。",
	"You may open projects only in your own town.": "只能在本镇新建项目。",
	"There is no unit %q.":                         "没有单位 %q。",

	// Notes and notifications the system writes.
	"Guanjia: project %s":    "管家：项目 %s",
	"Project %s was opened.": "项目“%s”已建立。",
	"%s is done.":            "“%s”已办结。",
	"%s is past its limit of %s working days; escalated to the authority's lead and the steward.": "“%s”已超过 %s 个工作日的时限，已提醒责任部门负责人和项目管家。",
	"Issue %s was raised about %s and sent to its authority.":                                     "诉求 %s（涉及“%s”）已提交责任部门。",
	"Project %s: %s is past its limit of %s working days. %s":                                     "项目“%s”：“%s”已超过 %s 个工作日的时限。%s",
	"Project %s: %s mentioned you in the channel. %s":                                             "项目“%s”：%s 在项目群中提到了您。%s",
}

func init() {
	for k, v := range zhProjectMessages {
		if _, ok := zhMessages[k]; !ok {
			zhMessages[k] = v
		}
	}
}
