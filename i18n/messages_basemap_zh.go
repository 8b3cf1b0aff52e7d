package i18n

// zhBasemapMessages translates the strings about the base map under the
// maps (docs/maps.md). init merges it into zhMessages.
var zhBasemapMessages = map[string]string{
	"Map: the town's own grids and villages (synthetic demo geography), over the base map credited on the map.": "地图：本镇自有的网格与村社边界（演示用合成地理数据），底图来源见地图右下角。",
}

func init() {
	for k, v := range zhBasemapMessages {
		zhMessages[k] = v
	}
}
