package demo

import (
	"fmt"

	"github.com/paulmach/orb"
)

// The synthetic base map's features: made up to fit the demo's geography
// and landmarks, not surveyed. Streets bear the real names of Wuzhen's
// streets (roads in catalogue.go), placed where they suit the demo.

// mapLine is a named line: a street, a lane, a river or a canal.
type mapLine struct {
	layer, kind    string // layer "roads" (kind major_road, minor_road, path) or "water" (river, canal)
	nameZh, nameEn string
	minZoom        int
	line           orb.LineString // lng, lat
}

// line is a straight or bent line through points given lng, lat.
func line(pts ...float64) orb.LineString {
	ls := make(orb.LineString, 0, len(pts)/2)
	for i := 0; i+1 < len(pts); i += 2 {
		ls = append(ls, orb.Point{pts[i], pts[i+1]})
	}
	return ls
}

func road(kind, zh, en string, minZoom int, pts ...float64) mapLine {
	return mapLine{"roads", kind, zh, en, minZoom, line(pts...)}
}

func waterway(kind, zh, en string, pts ...float64) mapLine {
	return mapLine{"water", kind, zh, en, 9, line(pts...)}
}

// baseLines are the demo towns' waters and streets.
func baseLines() []mapLine {
	out := []mapLine{
		// Wuzhen: the river 市河 north to south, Xizha's and Dongzha's canals
		// west and east of it, the Grand Canal to the west.
		waterway("river", "市河", "Shihe River", 120.4895, 30.700, 120.4905, 30.720, 120.4900, 30.735, 120.4902, 30.7445, 120.4900, 30.7460, 120.4903, 30.755, 120.4898, 30.770, 120.4905, 30.790),
		waterway("canal", "西市河", "Xishi Canal", 120.4700, 30.7458, 120.4780, 30.7455, 120.4840, 30.7452, 120.4900, 30.7455),
		waterway("canal", "东市河", "Dongshi Canal", 120.4902, 30.7462, 120.4950, 30.7463, 120.5010, 30.7465, 120.5060, 30.7470),
		waterway("river", "京杭大运河", "Grand Canal", 120.4350, 30.800, 120.4450, 30.770, 120.4550, 30.745, 120.4600, 30.720, 120.4650, 30.690),
		road("major_road", "乌镇大道", "Wuzhen Avenue", 10, 120.430, 30.7255, 120.470, 30.7250, 120.510, 30.7245, 120.540, 30.7250),
		road("major_road", "隆源路", "Longyuan Road", 11, 120.4650, 30.7405, 120.5150, 30.7405),
		road("major_road", "金牛路", "Jinniu Road", 11, 120.4650, 30.7330, 120.5100, 30.7330),
		road("major_road", "虹桥路", "Hongqiao Road", 11, 120.4650, 30.7570, 120.5150, 30.7570),
		road("major_road", "环河路", "Huanhe Road", 12, 120.4700, 30.7515, 120.5080, 30.7515),
		road("major_road", "子夜路", "Ziye Road", 12, 120.4785, 30.7250, 120.4785, 30.7445),
		road("major_road", "石佛南路", "Shifo South Road", 12, 120.4955, 30.7250, 120.4955, 30.7455),
		road("major_road", "青镇路", "Qingzhen Road", 12, 120.4925, 30.7480, 120.4925, 30.7700),
		road("major_road", "新华路", "Xinhua Road", 12, 120.5000, 30.7480, 120.5000, 30.7650),
		road("minor_road", "昭明路", "Zhaoming Road", 13, 120.4850, 30.7250, 120.4850, 30.7405),
		road("minor_road", "南栅路", "Nanzha Road", 13, 120.4915, 30.7250, 120.4915, 30.7445),
		road("minor_road", "常丰街", "Changfeng Street", 13, 120.4910, 30.7485, 120.5060, 30.7485),
		road("path", "西栅大街", "Xizha Street", 13, 120.4710, 30.7462, 120.4890, 30.7460),
		road("path", "东栅大街", "Dongzha Street", 13, 120.4910, 30.7468, 120.5040, 30.7470),

		// Puyuan and Chongfu: a canal and two streets each.
		waterway("canal", "濮院市河", "Puyuan Canal", 120.380, 30.6375, 120.420, 30.6370, 120.460, 30.6380),
		road("major_road", "濮院大道", "Puyuan Avenue", 10, 120.380, 30.6400, 120.460, 30.6400),
		road("major_road", "梅泾路", "Meijing Road", 11, 120.4250, 30.600, 120.4250, 30.680),
		waterway("river", "京杭大运河", "Grand Canal", 120.4335, 30.495, 120.4330, 30.535, 120.4340, 30.575),
		road("major_road", "崇德路", "Chongde Road", 10, 120.385, 30.5350, 120.465, 30.5350),
		road("major_road", "中山路", "Zhongshan Road", 11, 120.4270, 30.495, 120.4270, 30.575),
	}
	// The old town's lanes: off Xizha Street to the north, and between
	// Dongzha Street and Changfeng Street.
	for i, lng := range []float64{120.4730, 120.4760, 120.4810, 120.4840, 120.4870} {
		out = append(out, road("path", fmt.Sprintf("西栅%s弄", zhNumber[i]), fmt.Sprintf("Xizha Lane %d", i+1), 14, lng, 30.7462, lng, 30.7492))
	}
	for i, lng := range []float64{120.4940, 120.4970, 120.5000, 120.5030} {
		out = append(out, road("path", fmt.Sprintf("东栅%s弄", zhNumber[i]), fmt.Sprintf("Dongzha Lane %d", i+1), 14, lng, 30.7469, lng, 30.7485))
	}
	// The bridges among the landmarks, as short crossings of their water.
	for _, l := range Landmarks() {
		if l.Kind == "bridge" {
			out = append(out, mapLine{"roads", "bridge", l.NameZh, l.NameEn, 13, line(l.Lon, l.Lat-0.00018, l.Lon, l.Lat+0.00018)})
		}
	}
	return out
}

var zhNumber = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九"}

// baseAreas are named water areas and the scenic areas' outlines.
func baseAreas() []mapLine {
	return []mapLine{
		{"water", "lake", "元宝湖", "Yuanbao Lake", 12, line(120.4740, 30.7480, 120.4758, 30.7480, 120.4758, 30.7490, 120.4740, 30.7490, 120.4740, 30.7480)},
		{"landuse", "scenic", "西栅景区", "Xizha Scenic Area", 12, line(120.4700, 30.7435, 120.4895, 30.7435, 120.4895, 30.7500, 120.4700, 30.7500, 120.4700, 30.7435)},
		{"landuse", "scenic", "东栅景区", "Dongzha Scenic Area", 12, line(120.4905, 30.7450, 120.5065, 30.7450, 120.5065, 30.7480, 120.4905, 30.7480, 120.4905, 30.7450)},
	}
}

// baseTowns are the towns' names, at their centres.
var baseTowns = []struct {
	nameZh, nameEn string
	lat, lng       float64
}{
	{"乌镇", "Wuzhen", 30.7450, 120.4870}, {"濮院", "Puyuan", 30.6400, 120.4250}, {"崇福", "Chongfu", 30.5350, 120.4300},
}
