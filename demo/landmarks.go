package demo

// Landmark is a named place of a demo town that people know the town by:
// the scenic-area gates, the town hall, schools, car parks, bridges. The
// demo's synthetic base map draws them, the gazetteer lists them, and the
// demo's case history places reports that name one beside it. Kind is a
// short English word (gate, parking, townhall, school, hospital, bus,
// convention, heritage, bridge, ...). Points are WGS84, placed to fit the
// demo's synthetic geography (geography.go, towns.go), not surveyed.
type Landmark struct {
	Town, Kind, NameZh, NameEn string
	Lat, Lon                   float64
}

// Landmarks returns the demo towns' landmarks, Wuzhen's first; the same
// list every time. Town is the town's jurisdiction code.
func Landmarks() []Landmark {
	out := make([]Landmark, 0, len(wuzhenLandmarks)+len(otherLandmarks))
	for _, l := range wuzhenLandmarks {
		l.Town = Town.Code
		out = append(out, l)
	}
	return append(out, otherLandmarks...)
}

// wuzhenLandmarks lie about the old town, where the river 市河 runs north
// to south at about 120.490 E, Xizha's canal 西市河 west of it and
// Dongzha's 东市河 east of it at about 30.746 N.
var wuzhenLandmarks = []Landmark{
	{Kind: "gate", NameZh: "西栅景区入口", NameEn: "Xizha Scenic Area Entrance", Lat: 30.74330, Lon: 120.48050},
	{Kind: "visitor-centre", NameZh: "西栅游客中心", NameEn: "Xizha Visitor Centre", Lat: 30.74230, Lon: 120.48200},
	{Kind: "parking", NameZh: "西栅停车场", NameEn: "Xizha Car Park", Lat: 30.74130, Lon: 120.47900},
	{Kind: "gate", NameZh: "东栅景区入口", NameEn: "Dongzha Scenic Area Entrance", Lat: 30.74520, Lon: 120.50280},
	{Kind: "parking", NameZh: "东栅停车场", NameEn: "Dongzha Car Park", Lat: 30.74380, Lon: 120.50450},
	{Kind: "convention", NameZh: "互联网国际会展中心", NameEn: "Internet International Convention and Exhibition Centre", Lat: 30.73600, Lon: 120.47800},
	{Kind: "parking", NameZh: "会展中心停车场", NameEn: "Convention Centre Car Park", Lat: 30.73450, Lon: 120.48150},
	{Kind: "townhall", NameZh: "乌镇镇人民政府", NameEn: "Wuzhen Town Government", Lat: 30.75200, Lon: 120.49600},
	{Kind: "police", NameZh: "乌镇派出所", NameEn: "Wuzhen Police Station", Lat: 30.75100, Lon: 120.49900},
	{Kind: "hospital", NameZh: "乌镇镇卫生院", NameEn: "Wuzhen Health Centre", Lat: 30.75550, Lon: 120.49300},
	{Kind: "bus", NameZh: "乌镇汽车站", NameEn: "Wuzhen Bus Station", Lat: 30.75400, Lon: 120.50100},
	{Kind: "school", NameZh: "乌镇中学", NameEn: "Wuzhen Middle School", Lat: 30.75850, Lon: 120.49850},
	{Kind: "school", NameZh: "植材小学", NameEn: "Zhicai Primary School", Lat: 30.74900, Lon: 120.49750},
	{Kind: "school", NameZh: "乌镇实验幼儿园", NameEn: "Wuzhen Kindergarten", Lat: 30.75600, Lon: 120.50300},
	{Kind: "market", NameZh: "乌镇农贸市场", NameEn: "Wuzhen Farmers' Market", Lat: 30.75300, Lon: 120.49750},
	{Kind: "post", NameZh: "乌镇邮政所", NameEn: "Wuzhen Post Office", Lat: 30.75000, Lon: 120.49400},
	{Kind: "fire", NameZh: "乌镇消防救援站", NameEn: "Wuzhen Fire Station", Lat: 30.73800, Lon: 120.50000},
	{Kind: "theatre", NameZh: "乌镇大剧院", NameEn: "Wuzhen Grand Theatre", Lat: 30.74800, Lon: 120.47400},
	{Kind: "museum", NameZh: "木心美术馆", NameEn: "Muxin Art Museum", Lat: 30.74850, Lon: 120.47650},
	{Kind: "heritage", NameZh: "昭明书院", NameEn: "Zhaoming Academy", Lat: 30.74680, Lon: 120.47850},
	{Kind: "pagoda", NameZh: "白莲塔", NameEn: "White Lotus Pagoda", Lat: 30.74750, Lon: 120.47250},
	{Kind: "heritage", NameZh: "茅盾故居", NameEn: "Mao Dun's Former Residence", Lat: 30.74710, Lon: 120.49750},
	{Kind: "pier", NameZh: "乌镇客运码头", NameEn: "Wuzhen Boat Pier", Lat: 30.74400, Lon: 120.49200},
	{Kind: "bridge", NameZh: "通济桥", NameEn: "Tongji Bridge", Lat: 30.74630, Lon: 120.49000},
	{Kind: "bridge", NameZh: "仁济桥", NameEn: "Renji Bridge", Lat: 30.74560, Lon: 120.48920},
	{Kind: "bridge", NameZh: "逢源双桥", NameEn: "Fengyuan Twin Bridges", Lat: 30.74550, Lon: 120.47700},
	{Kind: "bridge", NameZh: "应家桥", NameEn: "Yingjia Bridge", Lat: 30.74650, Lon: 120.50100},
	{Kind: "park", NameZh: "乌镇北栅公园", NameEn: "Beizha Park", Lat: 30.76200, Lon: 120.49000},
}

// otherLandmarks are a few in Puyuan (330483101) and Chongfu (330483107),
// inside the boxes their generated grids tile.
var otherLandmarks = []Landmark{
	{Town: "330483101", Kind: "townhall", NameZh: "濮院镇人民政府", NameEn: "Puyuan Town Government", Lat: 30.64000, Lon: 120.42500},
	{Town: "330483101", Kind: "gate", NameZh: "濮院古镇入口", NameEn: "Puyuan Ancient Town Entrance", Lat: 30.63600, Lon: 120.43000},
	{Town: "330483101", Kind: "market", NameZh: "濮院羊毛衫市场", NameEn: "Puyuan Woollen Sweater Market", Lat: 30.64600, Lon: 120.41500},
	{Town: "330483101", Kind: "school", NameZh: "濮院中学", NameEn: "Puyuan Middle School", Lat: 30.64800, Lon: 120.43000},
	{Town: "330483107", Kind: "townhall", NameZh: "崇福镇人民政府", NameEn: "Chongfu Town Government", Lat: 30.53500, Lon: 120.43000},
	{Town: "330483107", Kind: "heritage", NameZh: "崇福寺", NameEn: "Chongfu Temple", Lat: 30.53300, Lon: 120.43600},
	{Town: "330483107", Kind: "bus", NameZh: "崇福汽车站", NameEn: "Chongfu Bus Station", Lat: 30.54000, Lon: 120.42500},
	{Town: "330483107", Kind: "school", NameZh: "崇福中学", NameEn: "Chongfu Middle School", Lat: 30.52900, Lon: 120.42200},
}
