package web

// zhPlacesUI translates the strings of place search and the console's hot
// spots; init merges it into zhUI and hands the scripts' strings to them.
var zhPlacesUI = map[string]string{
	"Find a place":                          "查找地点",
	"Find a place: name or pinyin initials": "查找地点：名称或拼音首字母",
	"Places found":                          "找到的地点",
	"Hot spots":                             "热点",
	"No place found.":                       "未找到地点。",
	"Landmark":                              "地标",
	"Address":                               "地址",
	"Community":                             "社区",
}

// placesJSStrings are the strings places.js shows.
var placesJSStrings = []string{"No place found.", "Landmark", "Address", "Village", "Community", "Grid"}

func init() {
	for k, v := range zhPlacesUI {
		zhUI[k] = v
	}
	jsStrings = append(jsStrings, placesJSStrings...)
}
