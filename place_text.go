package guanjia

import (
	"encoding/json"
	"math"
)

// PlaceText describes where a case is in words, for cases whose reporter
// gave no address: "西栅停车场东 80 米，白莲塔村第3网格" or "80 m east of
// Xizha car park, grid 3 of Bailianta Village". It is stored as a message
// key (an English format string, translated by i18n) with its arguments,
// and rendered in the reader's language.
type PlaceText struct {
	Key  string     `json:"key"`
	Args []PlaceArg `json:"args,omitempty"`
}

// PlaceArg is one argument of a place text: a number of metres, a word
// the catalogue translates (a compass direction), or a name in both
// languages.
type PlaceArg struct {
	N    int    `json:"n,omitempty"`
	Word string `json:"w,omitempty"`
	Zh   string `json:"zh,omitempty"`
	En   string `json:"en,omitempty"`
}

// Keys of place texts. Their Chinese is in the i18n catalogue.
const (
	PlaceKeyOffsetIn = "%[1]d m %[2]s of %[3]s, %[4]s" // metres, direction, landmark, area
	PlaceKeyOffset   = "%[1]d m %[2]s of %[3]s"        // metres, direction, landmark
	PlaceKeyByIn     = "by %[1]s, %[2]s"               // landmark, area
	PlaceKeyBy       = "by %[1]s"                      // landmark
	PlaceKeyIn       = "in %[1]s"                      // area
)

// Directions, from north clockwise, as place texts name them.
var placeDirections = [8]string{"north", "northeast", "east", "southeast", "south", "southwest", "west", "northwest"}

// PlaceRadius is how far from a landmark or address a case may be for its
// place text to name it, in metres; PlaceBeside how near it must be to be
// "by" it rather than so many metres in a direction.
const (
	PlaceRadius = 500
	PlaceBeside = 15
)

// Values returns the arguments in lang, for the key's format.
func (t *PlaceText) Values(lang string) []any {
	out := make([]any, len(t.Args))
	for i, a := range t.Args {
		switch {
		case a.Zh != "" || a.En != "":
			if lang == "en" && a.En != "" || a.Zh == "" {
				out[i] = a.En
			} else {
				out[i] = a.Zh
			}
		case a.Word != "":
			out[i] = a.Word
		default:
			out[i] = a.N
		}
	}
	return out
}

// MarshalPlaceText encodes t for the store: "" for none.
func MarshalPlaceText(t *PlaceText) string {
	if t == nil || t.Key == "" {
		return ""
	}
	b, _ := json.Marshal(t)
	return string(b)
}

// UnmarshalPlaceText decodes what MarshalPlaceText wrote; nil for "" or
// anything that is not a place text.
func UnmarshalPlaceText(s string) *PlaceText {
	if s == "" {
		return nil
	}
	var t PlaceText
	if json.Unmarshal([]byte(s), &t) != nil || t.Key == "" {
		return nil
	}
	return &t
}

// DescribePlace tells where the point (lat, lng) is: from the nearest of
// nearby (landmarks and addresses) within PlaceRadius, the distance rounded
// (to 10 m below 200 m, to 50 m beyond) and the direction of the point from
// it, then the area it lies in (its grid; nil outside every grid). It
// returns nil when there is neither a landmark near nor an area.
func DescribePlace(lat, lng float64, nearby []Place, area *PlaceArg) *PlaceText {
	best, bestM, bearing := -1, math.Inf(1), 0.0
	for i := range nearby {
		m, b := offset(nearby[i].Lat, nearby[i].Lng, lat, lng)
		if m <= PlaceRadius && m < bestM {
			best, bestM, bearing = i, m, b
		}
	}
	if best < 0 {
		if area == nil {
			return nil
		}
		return &PlaceText{Key: PlaceKeyIn, Args: []PlaceArg{*area}}
	}
	p := &nearby[best]
	landmark := PlaceArg{Zh: p.NameZh, En: p.NameEn}
	if bestM < PlaceBeside {
		if area == nil {
			return &PlaceText{Key: PlaceKeyBy, Args: []PlaceArg{landmark}}
		}
		return &PlaceText{Key: PlaceKeyByIn, Args: []PlaceArg{landmark, *area}}
	}
	args := []PlaceArg{{N: roundMetres(bestM)}, {Word: Direction(bearing)}, landmark}
	if area == nil {
		return &PlaceText{Key: PlaceKeyOffset, Args: args}
	}
	return &PlaceText{Key: PlaceKeyOffsetIn, Args: append(args, *area)}
}

// Direction names a bearing (degrees clockwise from north) by the nearest
// of the eight compass points.
func Direction(bearing float64) string {
	i := int(math.Floor(math.Mod(bearing+22.5+360, 360) / 45))
	return placeDirections[i%8]
}

// roundMetres rounds a distance as a place text gives it: to 10 m below
// 200 m, to 50 m beyond.
func roundMetres(m float64) int {
	if m < 195 {
		return int(math.Round(m/10) * 10)
	}
	return int(math.Round(m/50) * 50)
}
