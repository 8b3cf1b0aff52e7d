package demo

import "github.com/guanjia/guanjia"

// Town is the demo jurisdiction: Wuzhen, with Tongxiang above it.
var (
	Town   = guanjia.Jurisdiction{Code: "330483100", Name: "乌镇镇", NameEN: "Wuzhen", Prefix: "WZ", Parent: "330483", Level: "town", Lat: 30.745, Lng: 120.487}
	County = guanjia.Jurisdiction{Code: "330483", Name: "桐乡市", NameEN: "Tongxiang", Prefix: "TX", Level: "county", Lat: 30.630, Lng: 120.565}
)

// departments are the town's authorities; committees are added per village.
var departments = []guanjia.Unit{
	{Code: "command", NameZH: "乌镇镇综合指挥中心", NameEN: "Wuzhen Command Center", Kind: guanjia.UnitCommand, Phone: "0573-88731000"},
	{Code: "urban", NameZH: "综合行政执法队", NameEN: "Urban Management", Kind: guanjia.UnitDepartment, Phone: "0573-88731001"},
	{Code: "traffic", NameZH: "交警乌镇中队", NameEN: "Traffic Police Squadron", Kind: guanjia.UnitDepartment, Phone: "0573-88731002"},
	{Code: "police", NameZH: "乌镇派出所", NameEN: "Wuzhen Police Station", Kind: guanjia.UnitDepartment, Phone: "0573-88731003"},
	{Code: "fire", NameZH: "乌镇消防救援站", NameEN: "Fire and Rescue Station", Kind: guanjia.UnitDepartment, Phone: "0573-88731119"},
	{Code: "market", NameZH: "市场监管所", NameEN: "Market Supervision", Kind: guanjia.UnitDepartment, Phone: "0573-88731004"},
	{Code: "justice", NameZH: "司法所（人民调解委员会）", NameEN: "Justice Office and Mediation", Kind: guanjia.UnitDepartment, Phone: "0573-88731005"},
	{Code: "sanitation", NameZH: "环卫所", NameEN: "Sanitation", Kind: guanjia.UnitDepartment, Phone: "0573-88731006"},
	{Code: "water", NameZH: "水利站（供水）", NameEN: "Water Works", Kind: guanjia.UnitDepartment, Phone: "0573-88731007"},
	{Code: "power", NameZH: "供电所", NameEN: "Power Supply", Kind: guanjia.UnitDepartment, Phone: "0573-88731008"},
}

func limit(n int, u guanjia.LimitUnit) guanjia.Limit { return guanjia.Limit{N: n, Unit: u} }

// category is a catalogue entry with the unit it routes to; "village"
// routes to the committee of the village the case lies in.
type category struct {
	guanjia.Category
	unit   string
	weight int // relative frequency in the demo history
	texts  []string
}

func attr(code, datatype string, required bool, zh, en string, values ...guanjia.AttributeValue) guanjia.Attribute {
	return guanjia.Attribute{Code: code, Datatype: datatype, Required: required, Variable: true, DescriptionZH: zh, DescriptionEN: en, Values: values}
}

func val(key, zh, en string) guanjia.AttributeValue {
	return guanjia.AttributeValue{Key: key, NameZH: zh, NameEN: en}
}

func cat(code, zh, en, group, icon string, prio int, sign, resolve guanjia.Limit, auto bool, unit string, weight int, texts []string, attrs ...guanjia.Attribute) category {
	for i := range attrs {
		attrs[i].Order = i + 1
	}
	return category{Category: guanjia.Category{Code: code, NameZH: zh, NameEN: en, Group: group, Icon: icon,
		Priority: prio, SignLimit: sign, ResolveLimit: resolve, AutoDispatch: auto, Attributes: attrs, Active: true},
		unit: unit, weight: weight, texts: texts}
}

var (
	wh, wd, ch = guanjia.WorkingHours, guanjia.WorkingDays, guanjia.ClockHours
)

// categories is the demo catalogue.
var categories = []category{
	cat("garbage", "垃圾乱堆", "Garbage dumping", "environment", "🗑", 3, limit(2, wh), limit(1, wd), true, "sanitation", 14,
		[]string{"路边堆了一大堆生活垃圾，已经有异味了。", "河边有人倾倒建筑垃圾，请尽快清理。", "小区门口的垃圾两天没人收了。"},
		attr("kind", guanjia.TypeSingleValueList, false, "垃圾类型", "Kind of garbage",
			val("household", "生活垃圾", "Household"), val("construction", "建筑垃圾", "Construction"), val("bulky", "大件垃圾", "Bulky items"))),
	cat("overflowing-bin", "垃圾桶满溢", "Overflowing bin", "environment", "🚮", 3, limit(2, wh), limit(4, wh), true, "sanitation", 8,
		[]string{"垃圾桶已经满了，垃圾散落一地。", "景区公厕旁的分类垃圾桶满溢。"}),
	cat("illegal-parking", "违章停车", "Illegal parking", "traffic", "🅿", 3, limit(1, wh), limit(4, wh), true, "traffic", 10,
		[]string{"一辆小车停在消防通道上，挡住了进出。", "公交站台前有车辆违停，公交车进不了站。", "人行道上停满了车，行人只能走机动车道。"},
		attr("plate", guanjia.TypeString, false, "车牌号", "Number plate")),
	cat("traffic-jam", "交通拥堵", "Traffic jam", "traffic", "🚦", 2, limit(1, ch), limit(3, ch), true, "traffic", 7,
		[]string{"西栅停车场出口排了很长的队，车辆基本不动。", "子夜路和隆源路路口堵死了，需要交警疏导。", "景区东门大巴掉头造成拥堵。"},
		attr("severity", guanjia.TypeSingleValueList, true, "拥堵程度", "How bad",
			val("slow", "缓行", "Slow"), val("jammed", "拥堵", "Jammed"), val("standstill", "完全堵死", "At a standstill")),
		attr("vehicles", guanjia.TypeNumber, false, "排队车辆约数", "Vehicles queuing (about)")),
	cat("road-damage", "道路破损", "Road damage", "infrastructure", "🛣", 3, limit(4, wh), limit(5, wd), true, "urban", 6,
		[]string{"路面出现一个大坑，电动车经过很危险。", "石板路松动翘起，游客容易绊倒。"}),
	cat("manhole", "井盖缺失", "Missing manhole cover", "infrastructure", "⚠", 1, limit(1, ch), limit(4, ch), true, "urban", 3,
		[]string{"人行道上的井盖不见了，晚上很危险！", "井盖破裂下陷，请尽快处理。"}),
	cat("streetlight", "路灯不亮", "Broken streetlight", "infrastructure", "💡", 4, limit(1, wd), limit(3, wd), true, "power", 6,
		[]string{"这一段路灯连续几晚不亮了。", "桥头的路灯一直闪烁。"}),
	cat("fire-hazard", "消防隐患", "Fire hazard", "safety", "🔥", 1, limit(1, ch), limit(1, wd), true, "fire", 5,
		[]string{"民房楼道里堆满杂物，堵住了安全出口。", "有人在楼道里给电动车充电，飞线很多。", "沿街店铺灭火器过期了。"},
		attr("hazards", guanjia.TypeMultiValueList, false, "隐患类型", "Hazards",
			val("blocked-exit", "安全出口堵塞", "Blocked exit"), val("ebike-charging", "电动车违规充电", "E-bike charging indoors"),
			val("wiring", "私拉乱接电线", "Unsafe wiring"), val("extinguisher", "灭火器缺失过期", "Missing or expired extinguisher"), val("gas", "燃气隐患", "Gas"))),
	cat("security-hazard", "治安隐患", "Public-security hazard", "safety", "🛡", 2, limit(2, wh), limit(2, wd), true, "police", 4,
		[]string{"夜里有陌生人在小区里转悠，看车门。", "河边栏杆断了，小孩容易掉下去。"}),
	cat("neighbour-dispute", "邻里纠纷", "Neighbour dispute", "dispute", "🤝", 3, limit(4, wh), limit(5, wd), true, "village", 5,
		[]string{"邻居装修占用公共通道，双方吵起来了。", "两户人家因为宅基地边界起了争执，需要调解。", "楼上漏水到楼下，协商不成。"}),
	cat("noise", "噪音扰民", "Noise", "environment", "🔊", 3, limit(2, wh), limit(1, wd), true, "urban", 5,
		[]string{"酒吧音乐开到半夜，附近居民无法休息。", "工地晚上十点以后还在施工。"},
		attr("when", guanjia.TypeDatetime, false, "发生时间", "When it happens")),
	cat("water-pollution", "河道污染", "Water pollution", "environment", "🌊", 2, limit(2, wh), limit(3, wd), true, "water", 4,
		[]string{"河面上漂着大片垃圾和油污。", "有排污管往河里排黑水，味道很重。"}),
	cat("water-supply", "停水漏水", "Water supply or leak", "utilities", "🚰", 2, limit(2, wh), limit(1, wd), true, "water", 4,
		[]string{"路边水管爆了，水一直往外冒。", "整栋楼停水一天了，没有通知。"}),
	cat("power-outage", "停电及线路隐患", "Power cut or line hazard", "utilities", "⚡", 2, limit(1, ch), limit(8, ch), true, "power", 3,
		[]string{"电线杆倾斜，电线垂得很低。", "整条街突然停电了。"}),
	cat("bnb-complaint", "民宿投诉", "B&B complaint", "tourism", "🏠", 3, limit(4, wh), limit(3, wd), false, "market", 4,
		[]string{"民宿实际房间和网上图片严重不符，老板拒绝退款。", "民宿没有登记身份证就让入住。"},
		attr("bnb", guanjia.TypeString, true, "民宿名称", "Name of the B&B"),
		attr(guanjia.BnBAttribute, guanjia.TypeNumber, false, "民宿登记编号（见 /bnb，可不填）", "The B&B's number in the registry (see /bnb; optional)")),
	cat("food-safety", "食品安全", "Food safety", "market", "🍜", 2, limit(2, wh), limit(2, wd), true, "market", 3,
		[]string{"小吃店后厨卫生很差，有老鼠。", "买到的定胜糕已经过期了。"}),
	cat("street-vending", "占道经营", "Street vending", "urban", "🛒", 4, limit(4, wh), limit(1, wd), true, "urban", 5,
		[]string{"流动摊贩占了半条路。", "店家把桌椅摆到了街上。"}),
	cat("illegal-building", "违章搭建", "Illegal construction", "urban", "🏗", 3, limit(1, wd), limit(10, wd), true, "urban", 3,
		[]string{"有人在屋顶加盖彩钢棚。", "河边私自搭建了简易房。"}),
	cat("greenery", "绿化损坏", "Damaged greenery", "environment", "🌳", 4, limit(1, wd), limit(5, wd), true, "sanitation", 3,
		[]string{"大树被风吹倒压在路边。", "绿化带被人踩出一条路，草皮被毁。"}),
	cat("stray-animal", "流浪动物", "Stray animals", "community", "🐕", 4, limit(1, wd), limit(3, wd), true, "village", 2,
		[]string{"小区里有几条流浪狗追人。"}),
	cat("public-facility", "公共设施损坏", "Damaged public facility", "community", "🪑", 4, limit(1, wd), limit(5, wd), true, "village", 4,
		[]string{"健身器材坏了，有螺丝松脱。", "公园长椅断了一块木板。"}),
	cat("elderly-help", "困难帮扶", "Help for the vulnerable", "community", "🧓", 2, limit(4, wh), limit(2, wd), true, "village", 2,
		[]string{"独居老人好几天没出门了，请社区去看看。"}),
	cat("other", "其他问题", "Other", "other", "📋", 3, limit(4, wh), limit(5, wd), false, "", 4,
		[]string{"景区指示牌写错了字。", "希望在这里增设一个公交站。"}),
}

// roads are real street names of Wuzhen, for demo addresses.
var roads = []string{"子夜路", "隆源路", "石佛南路", "环河路", "新华路", "常丰街", "青镇路", "虹桥路", "西栅大街", "东栅大街", "昭明路", "金牛路", "南栅路", "乌镇大道"}
