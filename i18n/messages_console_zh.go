package i18n

// zhConsoleMessages translates the messages of the console's summaries
// (map clusters, dashboards); zhMessages merges it into the catalogue.
var zhConsoleMessages = map[string]string{
	"The cell size must be positive.":                "网格单元大小必须为正数。",
	"bbox is required: minLng,minLat,maxLng,maxLat.": "请提供 bbox：最小经度,最小纬度,最大经度,最大纬度。",
	"days is a number from 1 to 3660.":               "days 须为 1 到 3660 之间的数字。",
	"days must be at least 1.":                       "days 至少为 1。",
	"zoom is a whole number from 0 to 22.":           "zoom 须为 0 到 22 之间的整数。",
}
