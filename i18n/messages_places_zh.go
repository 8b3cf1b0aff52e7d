package i18n

import "github.com/guanjia/guanjia"

// zhPlacesMessages translates the gazetteer's messages and the place texts
// of cases (guanjia.PlaceText); init merges it into zhMessages.
var zhPlacesMessages = map[string]string{
	guanjia.PlaceKeyOffsetIn: "%[3]s%[2]s %[1]d 米，%[4]s",
	guanjia.PlaceKeyOffset:   "%[3]s%[2]s %[1]d 米",
	guanjia.PlaceKeyByIn:     "%[1]s旁，%[2]s",
	guanjia.PlaceKeyBy:       "%[1]s旁",
	guanjia.PlaceKeyIn:       "%[1]s",
	"north":                  "北",
	"northeast":              "东北",
	"east":                   "东",
	"southeast":              "东南",
	"south":                  "南",
	"southwest":              "西南",
	"west":                   "西",
	"northwest":              "西北",

	"Type a few characters of the place to look for.":                                                "请输入要查找的地点的几个字。",
	"There is no town %.20q.":                                                                        "没有乡镇 %.20q。",
	"Only landmarks and addresses with a Chinese name may be added.":                                 "只能添加有中文名称的地标和地址。",
	"Only administrators may import places.":                                                         "只有管理员可以导入地点。",
	"The place %s is in no town this Guanjia serves; give its town.":                                 "地点 %s 不在本系统服务的任何乡镇内，请注明其乡镇。",
	"The file of places is larger than %d MB.":                                                       "地点文件超过 %d MB。",
	"The file of places is neither GeoJSON nor CSV with a header row.":                               "地点文件既不是 GeoJSON，也不是带表头的 CSV。",
	"The CSV file needs the columns kind, name_zh, lat and lon (town, id and name_en are optional).": "CSV 文件须有 kind、name_zh、lat 和 lon 列（town、id 和 name_en 可选）。",
	"The GeoJSON file has no features.":                                                              "GeoJSON 文件没有要素（features）。",
	"Line %d: the row is not valid CSV.":                                                             "第 %d 行：不是有效的 CSV。",
	"Line %d: the row is not valid.":                                                                 "第 %d 行：内容无效。",
	"Line %d: the file is not a GeoJSON FeatureCollection.":                                          "第 %d 行：文件不是 GeoJSON FeatureCollection。",
	"Line %d: the feature is not valid GeoJSON.":                                                     "第 %d 行：要素不是有效的 GeoJSON。",
}

// zhPlaceRowMessages are the messages about one place of a file; each is
// also translated after guanjia.LinePrefix ("Line %d: ").
var zhPlaceRowMessages = map[string]string{
	"The kind %.20q is neither landmark nor address (villages, communities and grids come from the town's geography).": "类型 %.20q 既不是 landmark（地标）也不是 address（地址）（村、社区和网格来自本镇的地理数据）。",
	"A place needs a Chinese name (name_zh).":                          "地点须有中文名称（name_zh）。",
	"A name, id or town is longer than %d characters.":                 "名称、编号或乡镇超过 %d 个字符。",
	"The place needs lat and lon as numbers.":                          "地点的 lat 和 lon 须为数字。",
	"The point %s, %s is not on the map (lat -90..90, lon -180..180).": "坐标 %s, %s 不在地图上（纬度 -90..90，经度 -180..180）。",
	"A place's geometry must be a Point [lon, lat].":                   "地点的几何须为 Point [经度, 纬度]。",
}

func init() {
	for k, v := range zhPlacesMessages {
		zhMessages[k] = v
	}
	for k, v := range zhPlaceRowMessages {
		zhMessages[k] = v
		zhMessages[guanjia.LinePrefix+k] = "第 %d 行：" + v
	}
	// A row's text with a control character: guanjia.TextError after the line.
	const textError = "The field %s holds a control character (such as NUL) or bytes that are not UTF-8; remove them."
	zhMessages[guanjia.LinePrefix+textError] = "第 %d 行：" + zhLimitsMessages[textError]
}

// PlaceText renders a case's place text in lang; "" for none.
func PlaceText(lang string, t *guanjia.PlaceText) string {
	if t == nil || t.Key == "" {
		return ""
	}
	return Sprintf(lang, t.Key, t.Values(lang)...)
}
