package demo

import (
	"context"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// seedPlaces puts the demo towns' landmarks in the gazetteer, where place
// search finds them and cases' place texts are told from them.
func seedPlaces(ctx context.Context, a *app.App) error {
	var places []guanjia.Place
	for _, l := range Landmarks() {
		places = append(places, guanjia.Place{Town: l.Town, Kind: guanjia.PlaceLandmark, Key: l.NameZh,
			NameZh: l.NameZh, NameEn: l.NameEn, Lat: l.Lat, Lng: l.Lon})
	}
	_, _, err := a.AddPlaces(ctx, guanjia.SystemActor, places)
	return err
}
