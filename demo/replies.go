package demo

import (
	"context"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/store"
)

// replies are the demo's standard replies and resolution templates, for
// the most reported categories, written by the county's administrator
// through the app (so the audit log has their creation, and one a second
// version).
var replies = []guanjia.Reply{
	{Category: "garbage", Kind: guanjia.ReplyTemplate, Title: "垃圾已清运",
		Body: "您反映的{place}垃圾堆放问题（{case_number}），{unit}已于{date}清运完毕，并对周边进行了冲洗。感谢您的监督！"},
	{Category: "garbage", Kind: guanjia.ReplyAnswer, Title: "大件垃圾怎么处理",
		Body: "大件垃圾（旧家具、床垫等）请拨打环卫所电话 0573-88731006 预约上门收运，或于每周六上午送至村（社区）大件垃圾临时堆放点，不要堆放在路边。"},
	{Category: "overflowing-bin", Kind: guanjia.ReplyTemplate, Title: "垃圾桶已清理",
		Body: "{place}的垃圾桶已清空并消毒，{unit}已将该点位的清运频次调整为每日两次。"},
	{Category: "illegal-parking", Kind: guanjia.ReplyTemplate, Title: "违停车辆已处理",
		Body: "您反映的{place}违章停车问题（{case_number}），{unit}已到场处置：联系车主挪车并依法处理。"},
	{Category: "illegal-parking", Kind: guanjia.ReplyAnswer, Title: "景区周边停车",
		Body: "西栅、东栅景区均设有公共停车场，节假日可停放乌镇北站接驳停车场并乘坐免费接驳车。"},
	{Category: "streetlight", Kind: guanjia.ReplyTemplate, Title: "路灯已修复",
		Body: "{place}的路灯经{unit}检修已恢复照明（{case_number}）。如再次出现故障，欢迎继续反映。"},
	{Category: "road-damage", Kind: guanjia.ReplyTemplate, Title: "路面已修补",
		Body: "{place}的路面破损已由{unit}修补完成，修补期间设置了警示标志。"},
	{Category: "noise", Kind: guanjia.ReplyTemplate, Title: "噪音已制止",
		Body: "{unit}已到{place}现场核查，对噪音源进行了劝导和制止，并告知夜间（22:00—6:00）施工须经审批。"},
	{Category: "noise", Kind: guanjia.ReplyAnswer, Title: "夜间施工规定",
		Body: "夜间 22:00 至次日 6:00 禁止产生噪声污染的建筑施工作业，因特殊需要必须连续施工的，须取得审批并公告附近居民。"},
	{Category: "fire-hazard", Kind: guanjia.ReplyTemplate, Title: "消防隐患已整改",
		Body: "{place}的消防隐患（{case_number}）经{unit}现场检查，已督促责任人清理通道杂物、拆除飞线，隐患已消除。"},
	{Category: "neighbour-dispute", Kind: guanjia.ReplyTemplate, Title: "纠纷已调解",
		Body: "{unit}已组织双方调解，达成一致意见并签订调解协议（{case_number}）。"},
}

// townReply is Wuzhen's own answer, written by the town's administrator
// (so that the town's audit log has an entry too).
var townReply = guanjia.Reply{Category: "bnb-complaint", Kind: guanjia.ReplyAnswer, Title: "乌镇民宿投诉受理",
	Body: "乌镇民宿投诉由市场监管所受理（0573-88731004）；景区内民宿也可拨打景区服务热线。涉及退款的，请保留订单和聊天记录。", Active: true}

// seedReplies writes the standard replies as the county's administrator,
// and edits one, so that it has a history of two versions; and Wuzhen's
// own reply as Wuzhen's administrator.
func seedReplies(ctx context.Context, a *app.App, admin, townAdmin guanjia.Actor) error {
	r := townReply
	if err := a.PutReply(ctx, townAdmin, &r); err != nil {
		return err
	}
	for _, r := range replies {
		r.Active = true
		if err := a.PutReply(ctx, admin, &r); err != nil {
			return err
		}
		if r.Category == "garbage" && r.Kind == guanjia.ReplyTemplate {
			r.Body += "如仍有问题，请回复本消息。"
			if err := a.PutReply(ctx, admin, &r); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedAllReplies writes the county's and Wuzhen's replies as their
// administrators.
func seedAllReplies(ctx context.Context, a *app.App, db *store.DB) error {
	admin, err := actorOf(ctx, db, "county-admin")
	if err != nil {
		return err
	}
	townAdmin, err := actorOf(ctx, db, "admin")
	if err != nil {
		return err
	}
	return seedReplies(ctx, a, admin, townAdmin)
}
