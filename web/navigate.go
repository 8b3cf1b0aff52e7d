package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"github.com/guanjia/guanjia/geo"
)

// goThere is the way to a case's place from a phone: the system's map
// app (a geo: URI, in WGS84) and the URI schemes of the map apps common
// in China, which work in GCJ-02.
type goThere struct {
	Geo, Amap, Baidu, Tencent template.URL
}

// newGoThere returns the links to (lat, lng), a WGS84 point, labelled name.
func newGoThere(lat, lng float64, name string) *goThere {
	if lat == 0 && lng == 0 {
		return nil
	}
	glat, glng := geo.WGS84ToGCJ02(lat, lng)
	q := strings.ReplaceAll(url.QueryEscape(strings.TrimSpace(name)), "+", "%20") // which every app reads
	return &goThere{
		Geo: template.URL(fmt.Sprintf("geo:%.6f,%.6f?q=%.6f,%.6f(%s)", lat, lng, lat, lng, q)),
		Amap: template.URL(fmt.Sprintf("amapuri://route/plan/?sourceApplication=guanjia&dlat=%.6f&dlon=%.6f&dname=%s&dev=0&t=0",
			glat, glng, q)),
		Baidu: template.URL(fmt.Sprintf("baidumap://map/direction?destination=latlng:%.6f,%.6f%%7Cname:%s&coord_type=gcj02&mode=driving&src=guanjia",
			glat, glng, q)),
		Tencent: template.URL(fmt.Sprintf("qqmap://map/routeplan?type=drive&to=%s&tocoord=%.6f,%.6f&referer=guanjia",
			q, glat, glng)),
	}
}
