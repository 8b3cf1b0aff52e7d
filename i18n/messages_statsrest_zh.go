package i18n

// zhStatsRestMessages translates what the rest of the assessment figures
// adds (重复件率 by place, the hot spots sheet of the reports); init
// merges it into the catalogue.
var zhStatsRestMessages = map[string]string{
	"Latitude":  "纬度",
	"Longitude": "经度",
	"Hot spot":  "热点编号",
	"Of the cases received, the share merged into another or reported within 150 m of a case of the same category reported in the 30 days before.": "受理案件中，被合并为重复件，或在此前30天内同类案件150米范围内再次反映的比例。",
}

func init() {
	for k, v := range zhStatsRestMessages {
		zhMessages[k] = v
	}
}
