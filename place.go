package guanjia

import (
	"math"
	"strconv"
	"strings"
)

// Kinds of place in the gazetteer. Villages, communities and grids come
// from the town's geography by themselves; landmarks and addresses are
// imported (guanjia import places).
const (
	PlaceVillage   = "village"
	PlaceCommunity = "community"
	PlaceGrid      = "grid"
	PlaceLandmark  = "landmark"
	PlaceAddress   = "address"
)

// Place is a named point of the gazetteer: what place search finds and
// what a case's place text is told from.
type Place struct {
	ID   int64  `json:"-"`
	Town string `json:"town"`
	Kind string `json:"kind"`
	// Key tells places of one town and kind apart, so that importing the
	// same file again replaces rather than adds: the village's or grid's
	// code, or an imported row's id (its Chinese name when it has none).
	Key    string  `json:"-"`
	NameZh string  `json:"name_zh"`
	NameEn string  `json:"name_en,omitempty"`
	Lat    float64 `json:"lat"`
	Lng    float64 `json:"lng"`
	// Pinyin and Initials are every reading of NameZh, spelled out in full
	// and by initials (heteronyms give several), separated by spaces:
	// what search by pinyin matches. PlaceReadings computes them.
	Pinyin   string `json:"-"`
	Initials string `json:"-"`
}

// Name returns the place's name in lang ("zh" or "en").
func (p *Place) Name(lang string) string {
	if lang == "en" && p.NameEn != "" {
		return p.NameEn
	}
	return p.NameZh
}

// PlaceImported reports whether places of kind come from a file rather than
// from the town's geography.
func PlaceImported(kind string) bool { return kind == PlaceLandmark || kind == PlaceAddress }

// PlaceArea reports whether kind is a kind filled from the geography.
func PlaceArea(kind string) bool {
	return kind == PlaceVillage || kind == PlaceCommunity || kind == PlaceGrid
}

// PlaceSearchLimit is the most places a search returns.
const PlaceSearchLimit = 20

// Place search ranks, best first.
const (
	rankExact = iota
	rankPrefix
	rankInitials
	rankSubstring
	noMatch
)

// PlaceQuery is a search for places as people type it: Chinese, English
// or pinyin (full or by initials, spaces and apostrophes ignored).
type PlaceQuery struct {
	Text    string // lower case, trimmed
	Compact string // Text without spaces and apostrophes, for pinyin
}

// ParsePlaceQuery normalises what was typed; ok is false when nothing is left.
func ParsePlaceQuery(q string) (PlaceQuery, bool) {
	t := strings.ToLower(strings.Join(strings.Fields(q), " "))
	if len([]rune(t)) > 50 {
		t = string([]rune(t)[:50])
	}
	c := strings.NewReplacer(" ", "", "'", "", "’", "").Replace(t)
	return PlaceQuery{Text: t, Compact: c}, c != ""
}

// Rank returns how well p matches q: the exact name (Chinese, English or
// full pinyin), then a name that starts with it, then pinyin initials that
// start with it ("xzt" for 西栅停车场), then a name that contains it.
func (q PlaceQuery) Rank(p *Place) int {
	zh, en := p.NameZh, strings.ToLower(p.NameEn)
	full, initials := strings.Fields(p.Pinyin), strings.Fields(p.Initials)
	ascii := isASCII(q.Compact)
	any := func(list []string, f func(string, string) bool) bool {
		if !ascii {
			return false
		}
		for _, s := range list {
			if f(s, q.Compact) {
				return true
			}
		}
		return false
	}
	eq := func(a, b string) bool { return a == b }
	switch {
	case zh == q.Text || en != "" && en == q.Text || any(full, eq):
		return rankExact
	case strings.HasPrefix(zh, q.Text) || en != "" && strings.HasPrefix(en, q.Text) || any(full, strings.HasPrefix):
		return rankPrefix
	case any(initials, strings.HasPrefix):
		return rankInitials
	case strings.Contains(zh, q.Text) || en != "" && strings.Contains(en, q.Text) ||
		len(q.Compact) >= 2 && any(full, strings.Contains):
		return rankSubstring
	}
	return noMatch
}

// RankPlaces returns the places that match q, best first, at most limit:
// by rank, then villages and landmarks before grids and addresses, then
// the shorter name.
func RankPlaces(q PlaceQuery, places []Place, limit int) []Place {
	type ranked struct {
		p    Place
		rank int
	}
	var hits []ranked
	for _, p := range places {
		if r := q.Rank(&p); r != noMatch {
			hits = append(hits, ranked{p, r})
		}
	}
	less := func(a, b ranked) bool {
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if ka, kb := kindOrder(a.p.Kind), kindOrder(b.p.Kind); ka != kb {
			return ka < kb
		}
		if la, lb := len([]rune(a.p.NameZh)), len([]rune(b.p.NameZh)); la != lb {
			return la < lb
		}
		return a.p.NameZh < b.p.NameZh
	}
	for i := 1; i < len(hits); i++ { // insertion sort: the lists are short
		for j := i; j > 0 && less(hits[j], hits[j-1]); j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	if len(hits) > limit {
		hits = hits[:limit]
	}
	out := make([]Place, len(hits))
	for i, h := range hits {
		out[i] = h.p
	}
	return out
}

func kindOrder(kind string) int {
	switch kind {
	case PlaceLandmark:
		return 0
	case PlaceVillage, PlaceCommunity:
		return 1
	case PlaceAddress:
		return 2
	}
	return 3
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// AreaPlaces returns the gazetteer's entries for a town's geography: each
// village or community at its point (or, without one, the centre of its
// grids) and each grid at its centre. centre gives a grid's centre.
func AreaPlaces(villages []Village, grids []Grid, centre func(*Grid) (lat, lng float64, ok bool)) []Place {
	byCode := make(map[string]*Village, len(villages))
	for i := range villages {
		byCode[villages[i].Code] = &villages[i]
	}
	var out []Place
	sums := map[string][3]float64{}
	for i := range grids {
		g := &grids[i]
		lat, lng, ok := centre(g)
		if !ok {
			continue
		}
		name := GridName(g, byCode[g.Village])
		out = append(out, Place{Town: g.Jurisdiction, Kind: PlaceGrid, Key: g.Code, NameZh: name.Zh, NameEn: name.En, Lat: lat, Lng: lng})
		s := sums[g.Village]
		sums[g.Village] = [3]float64{s[0] + lat, s[1] + lng, s[2] + 1}
	}
	for _, v := range villages {
		lat, lng := v.Lat, v.Lng
		if s := sums[v.Code]; lat == 0 && lng == 0 && s[2] > 0 {
			lat, lng = s[0]/s[2], s[1]/s[2]
		}
		if lat == 0 && lng == 0 {
			continue
		}
		kind := PlaceVillage
		if v.Kind == PlaceCommunity {
			kind = PlaceCommunity
		}
		out = append(out, Place{Town: v.Jurisdiction, Kind: kind, Key: v.Code, NameZh: v.Name, NameEn: v.NameEN, Lat: lat, Lng: lng})
	}
	for i := range out {
		out[i].Pinyin, out[i].Initials = PlaceReadings(out[i].NameZh)
	}
	return out
}

// GridName is a grid's name in both languages: 白莲塔村第3网格 is "grid 3
// of Bailianta Village" in English when the village has an English name.
func GridName(g *Grid, v *Village) PlaceArg {
	a := PlaceArg{Zh: g.Name, En: g.Name}
	if v == nil || v.NameEN == "" {
		return a
	}
	rest, ok := strings.CutPrefix(g.Name, v.Name+"第")
	if n, ok2 := strings.CutSuffix(rest, "网格"); ok && ok2 {
		if _, err := strconv.Atoi(n); err == nil {
			a.En = "grid " + n + " of " + v.NameEN
		}
	}
	return a
}

// metresPerDegree is the length of a degree of latitude, near enough for
// the short distances of a place text.
const metresPerDegree = 111_195.0

// offset returns how far and in which direction (degrees clockwise from
// north) the point (lat, lng) lies from the point (lat0, lng0), on a local
// flat map: exact enough within a few kilometres.
func offset(lat0, lng0, lat, lng float64) (metres, bearing float64) {
	north := (lat - lat0) * metresPerDegree
	east := (lng - lng0) * metresPerDegree * math.Cos((lat+lat0)/2*math.Pi/180)
	metres = math.Hypot(north, east)
	bearing = math.Mod(math.Atan2(east, north)*180/math.Pi+360, 360)
	return metres, bearing
}

// PlaceTowns returns the towns a place search of a looks in: the town
// asked for, or every town for "all"; with none asked, a's own town for a
// town's staff and home (the first town) for everyone else, so that a
// search never crosses towns unless asked. A town's staff search their own
// town alone: another town is not found for them, as if it did not exist.
// nil means every town.
func (t Tree) PlaceTowns(a Actor, asked, home string) ([]string, error) {
	confined := t.Confined(a)
	switch {
	case asked == "" && confined, asked == "all" && confined:
		return []string{a.Jurisdiction}, nil
	case asked == "all":
		return nil, nil
	case asked == "":
		return []string{home}, nil
	}
	if j, ok := t[asked]; !ok || !j.IsTown() || confined && asked != a.Jurisdiction {
		return nil, FieldErrorf(ENOTFOUND, "town", "There is no town %.20q.", asked)
	}
	return []string{asked}, nil
}
