package demo

import (
	"context"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/store"
)

// seedNotify configures notifications as a town would start: the sanitation
// unit's DingTalk group robot and the command center's webhook, both
// switched off until an administrator puts real addresses in; no SMS
// gateway, so the texts to residents are kept on /admin/outbox; the demo
// resident subscribed to new cases in the first village. The history
// seeded before is nobody's news: the channel consumers start after it.
func seedNotify(ctx context.Context, a *app.App, db *store.DB) error {
	admin, err := db.GetUserByUsername(ctx, "admin")
	if err != nil {
		return err
	}
	actor := guanjia.ActorOf(admin)
	for _, ch := range []guanjia.NotifyChannel{
		{Kind: guanjia.ChannelDingTalk, Name: "环卫所钉钉群", Unit: "sanitation",
			URL: "https://oapi.dingtalk.com/robot/send?access_token=demo-token-change-me", Secret: "SECdemo-secret-change-me"},
		{Kind: guanjia.ChannelWebhook, Name: "指挥中心 Webhook", URL: "https://hooks.example.com/guanjia", Secret: "whsec_ZGVtby1zZWNyZXQtY2hhbmdlLW1l"},
	} {
		if _, err := a.PutChannel(ctx, actor, ch); err != nil {
			return err
		}
	}
	res, err := db.GetUserByUsername(ctx, "resident")
	if err != nil {
		return err
	}
	villages, err := db.Villages(ctx)
	if err != nil || len(villages) == 0 {
		return err
	}
	if _, err := a.AddAreaAlert(ctx, guanjia.ActorOf(res), guanjia.AreaAlert{Village: villages[0].Code}); err != nil {
		return err
	}
	return a.SkipNotificationBacklog(ctx)
}
