package guanjia

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Hot spots (docs/figures.md, "Hot spots"): the cases of one category in
// one cell of a fixed grid of about 100 m × 100 m. A cell is a pair of
// integers: Row = ⌊lat / HotspotCellLat⌋, Col = ⌊lng / HotspotCellLng⌋.
// A hot spot is recurring when it has at least N cases in HotspotDays.

// The cell's sides in degrees: 0.0009° of latitude is 100 m everywhere;
// 0.00105° of longitude is 100 m at 30.7° N (Wuzhen), 111 m at the
// equator, 87 m at 41° N.
const (
	HotspotCellLat = 0.0009
	HotspotCellLng = 0.00105
)

// HotspotDays is the window a recurring hot spot is counted over.
const HotspotDays = 30

// DefaultHotspotMin is N: the cases of a category in a cell in HotspotDays
// that make it recurring, unless the server or the request says otherwise.
const DefaultHotspotMin = 3

// Bounds of N as a request may give it.
const (
	MinHotspotMin = 2
	MaxHotspotMin = 50
)

// HotspotCell returns the cell a point lies in.
func HotspotCell(lat, lng float64) (row, col int64) {
	return int64(math.Floor(lat / HotspotCellLat)), int64(math.Floor(lng / HotspotCellLng))
}

// HotspotKey names a hot spot: a category in a cell, in a town.
type HotspotKey struct {
	Town     string `json:"town"`
	Category string `json:"category"`
	Row      int64  `json:"row"`
	Col      int64  `json:"col"`
}

// String is the key as the API and the pages carry it:
// town/category/row/col.
func (k HotspotKey) String() string {
	return k.Town + "/" + k.Category + "/" + strconv.FormatInt(k.Row, 10) + "/" + strconv.FormatInt(k.Col, 10)
}

// Center returns the middle of the key's cell.
func (k HotspotKey) Center() (lat, lng float64) {
	return (float64(k.Row) + 0.5) * HotspotCellLat, (float64(k.Col) + 0.5) * HotspotCellLng
}

// Bounds returns the south-west and north-east corners of the cell.
func (k HotspotKey) Bounds() [2][2]float64 {
	return [2][2]float64{{float64(k.Row) * HotspotCellLat, float64(k.Col) * HotspotCellLng},
		{float64(k.Row+1) * HotspotCellLat, float64(k.Col+1) * HotspotCellLng}}
}

// maxCellRow and maxCellCol bound a cell's indices to the earth.
const maxCellRow, maxCellCol = 100001, 171429 // past 90° and 180°

// ParseHotspotKey parses a key written by HotspotKey.String.
func ParseHotspotKey(s string) (HotspotKey, error) {
	bad := FieldErrorf(EINVALID, "hotspot", "A hot spot is given as town/category/row/col.")
	parts := strings.Split(s, "/")
	if len(s) > 200 || len(parts) != 4 {
		return HotspotKey{}, bad
	}
	k := HotspotKey{Town: parts[0], Category: parts[1]}
	var err error
	if k.Row, err = strconv.ParseInt(parts[2], 10, 64); err != nil {
		return HotspotKey{}, bad
	}
	if k.Col, err = strconv.ParseInt(parts[3], 10, 64); err != nil {
		return HotspotKey{}, bad
	}
	if k.Town == "" || k.Category == "" || CheckTexts("hotspot", k.Town, "hotspot", k.Category) != nil ||
		k.Row < -maxCellRow || k.Row > maxCellRow || k.Col < -maxCellCol || k.Col > maxCellCol {
		return HotspotKey{}, bad
	}
	return k, nil
}

// Hotspot is a category's cases in a cell over a window.
type Hotspot struct {
	HotspotKey
	Cases     int       `json:"cases"`
	Recurring bool      `json:"recurring"` // at least N cases
	Last      time.Time `json:"last"`      // the newest case's report
	CaseIDs   []int64   `json:"case_ids,omitempty"`
	// Tasks are the preventive tasks made of it in the window, newest first.
	Tasks []int64 `json:"tasks,omitempty"`
}

// HotspotQuery asks for the hot spots of the cases reported in [From, To)
// that have at least Min cases (at least 2), of a town ("" every town) and
// a unit ("" every unit), the Limit busiest.
type HotspotQuery struct {
	From, To time.Time
	Town     string
	Unit     string
	Min      int
	Limit    int
}
