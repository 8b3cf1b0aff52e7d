package open311

import (
	"context"
	"time"

	"github.com/guanjia/guanjia"
)

// now is the fixed clock of the tests: 2026-11-28 10:00 in China.
var now = time.Date(2026, 11, 28, 10, 0, 0, 0, guanjia.TownZone)

// Personal data of the seeded reporters and of the test reports. None of
// it may appear in any response.
var personalData = []string{
	"张秘密", "13900001111", "secret@example.com",
	"Secretfirst", "Secretlast", "device-secret-9", "account-secret-7",
}

var (
	dispatcher = guanjia.Actor{UserID: 7, Name: "调度员王", Role: guanjia.RoleDispatcher}
	handler    = guanjia.Actor{UserID: 8, Name: "办理人李", Role: guanjia.RoleHandler, Unit: "cgj"}
	// fmsClient is the actor of the test api_key, as the application's
	// Client makes it.
	fmsClient = guanjia.Actor{Name: "open311:fixmystreet", Role: guanjia.RoleSystem}
)

// newBackend returns a backend hosting Wuzhen (under Tongxiang county) with
// its catalogue, one unit and no cases.
func newBackend() *memBackend {
	b := &memBackend{
		now: func() time.Time { return now },
		jurisdictions: []guanjia.Jurisdiction{
			{Code: "330483", Name: "桐乡市", NameEN: "Tongxiang", Level: "county"},
			{Code: "330483100", Name: "乌镇镇", NameEN: "Wuzhen", Prefix: "WZ", Parent: "330483", Level: "town", Lat: 30.745, Lng: 120.487},
		},
		categories: testCategories(),
		units: []guanjia.Unit{
			{Code: "cgj", NameZH: "乌镇镇城管中队", NameEN: "Wuzhen Urban Management", Kind: guanjia.UnitDepartment, Phone: "0573-1234", Active: true},
		},
		keys: map[string]guanjia.Actor{keyGood: fmsClient},
	}
	return b
}

func testCategories() []guanjia.Category {
	return []guanjia.Category{
		{
			Code: "garbage", NameZH: "垃圾堆放", NameEN: "Dumped rubbish", Group: "environment",
			DescriptionZH: "路边、河边的垃圾堆放", DescriptionEN: "Rubbish left by roads or rivers",
			Keywords: []string{"垃圾", "rubbish"}, Priority: 3, Active: true, Sort: 2,
			SignLimit: guanjia.Limit{N: 2, Unit: guanjia.WorkingHours}, ResolveLimit: guanjia.Limit{N: 3, Unit: guanjia.WorkingDays},
			Attributes: []guanjia.Attribute{
				{Code: "kinds", Datatype: guanjia.TypeMultiValueList, Variable: true, Order: 2,
					DescriptionZH: "垃圾种类", DescriptionEN: "Kinds of rubbish",
					Values: []guanjia.AttributeValue{{Key: "kitchen", NameZH: "厨余", NameEN: "Kitchen"}, {Key: "building", NameZH: "建筑垃圾", NameEN: "Building"}, {Key: "other", NameZH: "其他", NameEN: "Other"}}},
				{Code: "volume", Datatype: guanjia.TypeSingleValueList, Variable: true, Required: true, Order: 1,
					DescriptionZH: "数量", DescriptionEN: "Volume",
					Values: []guanjia.AttributeValue{{Key: "small", NameZH: "一袋以内", NameEN: "A bag or less"}, {Key: "large", NameZH: "一车以上", NameEN: "A cartload or more"}}},
				{Code: "bags", Datatype: guanjia.TypeNumber, Variable: true, Order: 3, DescriptionZH: "袋数", DescriptionEN: "Bags"},
				{Code: "seen", Datatype: guanjia.TypeDatetime, Variable: true, Order: 4, DescriptionZH: "发现时间", DescriptionEN: "Seen at"},
				{Code: "hint", Datatype: guanjia.TypeText, Variable: false, Order: 5, DescriptionZH: "请勿靠近焚烧点", DescriptionEN: "Keep away from fires"},
			},
		},
		{
			Code: "pothole", NameZH: "道路坑洞", NameEN: "Pothole", Group: "traffic", Active: true, Sort: 1,
			SignLimit: guanjia.Limit{N: 4, Unit: guanjia.ClockHours}, ResolveLimit: guanjia.Limit{N: 5, Unit: guanjia.WorkingDays},
		},
		{Code: "retired", NameZH: "旧类别", NameEN: "Retired", Group: "other", Active: false},
	}
}

// seedCases stores a small town's worth of cases at known times and
// places and returns them by name.
func seedCases(b *memBackend) map[string]*guanjia.Case {
	at := func(days, hours int) time.Time {
		return now.AddDate(0, 0, -days).Add(time.Duration(-hours) * time.Hour)
	}
	out := map[string]*guanjia.Case{}
	out["fresh"] = b.seed(guanjia.Case{
		Jurisdiction: "330483100", Status: guanjia.StatusNew, Category: "garbage",
		Lat: 30.7452, Lng: 120.4871, Address: "乌镇西栅景区北门", Description: "河边有一大堆垃圾，气味难闻。",
		Attributes: map[string]any{"volume": "large", "kinds": []any{"kitchen", "other"}, "bags": 12.0},
		Channel:    guanjia.ChannelApp, Photos: []string{"abc123"}, ClientID: "11111111-1111-4111-8111-111111111111",
		ReporterID: 42, ReporterName: "张秘密", ReporterPhone: "13900001111", ReporterEmail: "secret@example.com",
		CreatedAt: at(0, 2), Grid: "WZ-G01", Village: "330483100201",
	})
	out["working"] = b.seed(guanjia.Case{
		Jurisdiction: "330483100", Status: guanjia.StatusNew, Category: "pothole",
		Lat: 30.7601, Lng: 120.4702, Address: "子夜路", Description: "Deep pothole near the bus stop",
		Channel: guanjia.ChannelOpen311, ReporterName: "张秘密", ReporterPhone: "13900001111",
		CreatedAt: at(10, 0),
	})
	out["closed"] = b.seed(guanjia.Case{
		Jurisdiction: "330483100", Status: guanjia.StatusNew, Category: "garbage",
		Lat: 30.7301, Lng: 120.5001, Address: "乌镇东栅", Description: "垃圾桶满了",
		Attributes: map[string]any{"volume": "small", "media_url": "https://photos.example.org/p/1.jpg"},
		Channel:    guanjia.ChannelWeb, ReporterEmail: "secret@example.com", CreatedAt: at(30, 0),
	})
	out["old"] = b.seed(guanjia.Case{
		Jurisdiction: "330483100", Status: guanjia.StatusNew, Category: "pothole",
		Lat: 30.75, Lng: 120.49, Description: "很久以前的坑", CreatedAt: at(120, 0),
	})
	out["dup"] = b.seed(guanjia.Case{
		Jurisdiction: "330483100", Status: guanjia.StatusNew, Category: "garbage",
		Lat: 30.7453, Lng: 120.4872, Description: "同一堆垃圾", Attributes: map[string]any{"volume": "large"},
		CreatedAt: at(0, 1),
	})
	// The working case: dispatched, signed for, with a public note.
	must(b.act(out["working"].ID, at(9, 0), dispatcher, guanjia.Command{Action: guanjia.ActionDispatch, Unit: "cgj"}))
	must(b.act(out["working"].ID, at(8, 0), handler, guanjia.Command{Action: guanjia.ActionAccept}))
	must(b.act(out["working"].ID, at(8, -1), handler, guanjia.Command{Action: guanjia.ActionComment, Note: "已安排施工队，明天修补。", Public: true}))
	must(b.act(out["working"].ID, at(8, -2), handler, guanjia.Command{Action: guanjia.ActionComment, Note: "内部：需协调交警", Public: false}))
	// The closed case: dispatched, resolved, confirmed.
	must(b.act(out["closed"].ID, at(29, 0), dispatcher, guanjia.Command{Action: guanjia.ActionDispatch, Unit: "cgj"}))
	must(b.act(out["closed"].ID, at(28, 0), handler, guanjia.Command{Action: guanjia.ActionAccept}))
	must(b.act(out["closed"].ID, at(27, 0), handler, guanjia.Command{Action: guanjia.ActionResolve, Note: "已清运", Photos: []string{"def456"}}))
	must(b.act(out["closed"].ID, at(26, 0), dispatcher, guanjia.Command{Action: guanjia.ActionVerify, Fixed: ptr(true), Satisfaction: 5}))
	// The duplicate: merged into the fresh case.
	must(b.act(out["dup"].ID, at(0, 0), dispatcher, guanjia.Command{Action: guanjia.ActionMerge, Target: out["fresh"].ID, Note: "与已有案件重复"}))
	for name, c := range out {
		out[name], _ = b.CaseByNumber(context.Background(), c.Number)
	}
	return out
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func ptr[T any](v T) *T { return &v }
