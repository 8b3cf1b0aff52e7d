package web

// zhProjectsUI translates the strings of the investment project pages;
// init merges it into zhUI.
var zhProjectsUI = map[string]string{
	"%d items past their limit": "%d 个事项已超时",
	"%d of %d items done":       "已办结 %d / %d 项",
	"%d of %d working days":     "已用 %d / %d 个工作日",
	"%d open projects":          "%d 个在办项目",
	"Concerning":                "涉及事项",
	"All stages complete":       "全部阶段已完成",
	"Attach a picture or PDF":   "添加图片或 PDF",
	"By stage":                  "按阶段",
	"Category":                  "类别",
	"Done":                      "已办结",
	"Done %s":                   "%s 办结",
	"Due %s":                    "%s 到期",
	"In progress":               "办理中",
	"Investor":                  "投资方",
	"Investor: %s":              "投资方：%s",
	"Issues raised":             "已提诉求",
	"Mark done":                 "标记办结",
	"Message (write @name to mention someone)": "消息（输入 @姓名 提醒某人）",
	"My projects":                "我的项目",
	"No item is past its limit.": "没有超时事项。",
	"No message yet.":            "还没有消息。",
	"No project to show.":        "没有项目。",
	"Overdue items by authority": "各部门超时事项",
	"Past its limit":             "已超时",
	"Planned %s":                 "计划 %s",
	"Project group":              "项目群",
	"Projects":                   "项目",
	"Raise an issue":             "提出诉求",
	"Send":                       "发送",
	"Send to the authority":      "提交责任部门",
	"Stage: %s":                  "当前阶段：%s",
	"Steward load":               "项目管家负荷",
	"Steward: %s":                "项目管家：%s",
	"Progress log":               "进程记录",
	"Unread messages":            "未读消息",
	"Waiting on earlier steps":   "等待前置",
	"Waiting for: %s":            "等待：%s",
	"Your issue was sent to the authority in charge.": "您的诉求已提交责任部门。",
	"Open a project": "新建项目",
	"Project name":   "项目名称",
	"Steward":        "项目管家",
	"Address":        "地址",
	"Latitude":       "纬度",
	"Longitude":      "经度",
	"Stages and items come from the town's project template.": "阶段和事项取自本镇项目模板。",
	"Edit the template": "编辑模板",
	"Open the project":  "建立项目",
	"Project template":  "项目模板",
	"Saved.":            "已保存。",
	"Save":              "保存",
	"One item a line: stage | item | unit code | working days | prerequisite items, separated by ;. Stages run in the order they first appear; a prerequisite is an item of an earlier line, in the same or an earlier stage. New projects start from it.": "每行一个事项：阶段 | 事项 | 单位代码 | 工作日 | 前置事项（用 ; 分隔）。阶段按首次出现的顺序排列；前置事项须是前面各行、同一或更早阶段中的事项。新建项目按此模板生成。",
}

func init() {
	for k, v := range zhProjectsUI {
		if _, ok := zhUI[k]; !ok {
			zhUI[k] = v
		}
	}
}
