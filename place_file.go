package guanjia

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// MaxPlacesFile bounds a file of places to import, in bytes.
const MaxPlacesFile = 32 << 20

// maxPlaceName is the longest name of a place, in characters.
const maxPlaceName = 100

// ParsePlaces reads a file of landmarks and addresses to import: GeoJSON
// (a FeatureCollection of Point features) when it starts with "{", else
// CSV with a header row. Each place has a kind (landmark or address), a
// Chinese name, an optional English name, a point and, optionally, its
// town (code) and an id that tells it apart when it is imported again.
// A bad row is an EINVALID error that names its line.
func ParsePlaces(r io.Reader) ([]Place, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxPlacesFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxPlacesFile {
		return nil, Errorf(EINVALID, "The file of places is larger than %d MB.", MaxPlacesFile>>20)
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		return parsePlacesGeoJSON(b)
	}
	return parsePlacesCSV(b)
}

// placeRow is one place as a file gives it, before it is checked.
type placeRow struct {
	town, kind, id, zh, en, lat, lng string
}

// check returns the place of a row, or an error saying what is wrong.
func (r placeRow) check() (Place, error) {
	p := Place{Town: strings.TrimSpace(r.town), Kind: strings.TrimSpace(r.kind), Key: strings.TrimSpace(r.id),
		NameZh: strings.TrimSpace(r.zh), NameEn: strings.TrimSpace(r.en)}
	if err := CheckTexts("town", p.Town, "kind", p.Kind, "id", p.Key, "name_zh", p.NameZh, "name_en", p.NameEn); err != nil {
		return p, err
	}
	var err1, err2 error
	p.Lat, err1 = strconv.ParseFloat(strings.TrimSpace(r.lat), 64)
	p.Lng, err2 = strconv.ParseFloat(strings.TrimSpace(r.lng), 64)
	switch {
	case !PlaceImported(p.Kind):
		return p, FieldErrorf(EINVALID, "kind", "The kind %.20q is neither landmark nor address (villages, communities and grids come from the town's geography).", p.Kind)
	case p.NameZh == "":
		return p, FieldErrorf(EINVALID, "name_zh", "A place needs a Chinese name (name_zh).")
	case len([]rune(p.NameZh)) > maxPlaceName || len([]rune(p.NameEn)) > maxPlaceName || len(p.Key) > maxPlaceName || len(p.Town) > 32:
		return p, FieldErrorf(EINVALID, "name_zh", "A name, id or town is longer than %d characters.", maxPlaceName)
	case err1 != nil || err2 != nil || math.IsNaN(p.Lat) || math.IsNaN(p.Lng):
		return p, FieldErrorf(EINVALID, "lat", "The place needs lat and lon as numbers.")
	case p.Lat < -90 || p.Lat > 90 || p.Lng < -180 || p.Lng > 180 || p.Lat == 0 && p.Lng == 0:
		return p, FieldErrorf(EINVALID, "lat", "The point %s, %s is not on the map (lat -90..90, lon -180..180).", r.lat, r.lng)
	}
	if p.Key == "" {
		p.Key = p.NameZh
	}
	p.Pinyin, p.Initials = PlaceReadings(p.NameZh)
	return p, nil
}

// LinePrefix begins the message of an error about one line of a file of
// places; the catalogue translates each row message with it.
const LinePrefix = "Line %d: "

// lineError says which line of the file a bad place is on: the row's
// message, after LinePrefix.
func lineError(line int, err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return Errorf(EINVALID, "Line %d: the row is not valid.", line)
	}
	return &Error{Code: EINVALID, Field: e.Field, Format: LinePrefix + e.Format, Args: append([]any{line}, e.Args...)}
}

func parsePlacesCSV(b []byte) ([]Place, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, Errorf(EINVALID, "The file of places is neither GeoJSON nor CSV with a header row.")
	}
	col := func(names ...string) int {
		for i, h := range header {
			if slices.Contains(names, strings.ToLower(strings.TrimSpace(h))) {
				return i
			}
		}
		return -1
	}
	cols := []int{col("town"), col("kind"), col("id"), col("name_zh", "name"), col("name_en"), col("lat"), col("lon", "lng")}
	if cols[1] < 0 || cols[3] < 0 || cols[5] < 0 || cols[6] < 0 {
		return nil, Errorf(EINVALID, "The CSV file needs the columns kind, name_zh, lat and lon (town, id and name_en are optional).")
	}
	var out []Place
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return nil, Errorf(EINVALID, "Line %d: the row is not valid CSV.", line)
		}
		line, _ := r.FieldPos(0)
		get := func(i int) string {
			if i < 0 || i >= len(rec) {
				return ""
			}
			return rec[i]
		}
		p, err := placeRow{get(cols[0]), get(cols[1]), get(cols[2]), get(cols[3]), get(cols[4]), get(cols[5]), get(cols[6])}.check()
		if err != nil {
			return nil, lineError(line, err)
		}
		out = append(out, p)
	}
}

// geoFeature is a GeoJSON feature of a place: a point and its properties.
type geoFeature struct {
	Type     string `json:"type"`
	Geometry *struct {
		Type        string            `json:"type"`
		Coordinates []json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

func parsePlacesGeoJSON(b []byte) ([]Place, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	// lineAt is the line of the first token at or after off.
	lineAt := func(off int64) int {
		i := min(int(off), len(b))
		for i < len(b) && bytes.IndexByte([]byte(" \t\r\n,:"), b[i]) >= 0 {
			i++
		}
		return 1 + bytes.Count(b[:min(i, len(b))], []byte("\n"))
	}
	bad := func() error {
		return Errorf(EINVALID, "Line %d: the file is not a GeoJSON FeatureCollection.", lineAt(dec.InputOffset()))
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, bad()
	}
	var out []Place
	found := false
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, bad()
		}
		if t != "features" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, bad()
			}
			continue
		}
		found = true
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return nil, bad()
		}
		for dec.More() {
			line := lineAt(dec.InputOffset())
			var f geoFeature
			if err := dec.Decode(&f); err != nil {
				return nil, Errorf(EINVALID, "Line %d: the feature is not valid GeoJSON.", line)
			}
			p, err := f.place()
			if err != nil {
				return nil, lineError(line, err)
			}
			out = append(out, p)
		}
		if _, err := dec.Token(); err != nil {
			return nil, bad()
		}
	}
	if !found {
		return nil, Errorf(EINVALID, "The GeoJSON file has no features.")
	}
	return out, nil
}

// place returns the place a feature describes.
func (f *geoFeature) place() (Place, error) {
	if f.Geometry == nil || f.Geometry.Type != "Point" || len(f.Geometry.Coordinates) < 2 {
		return Place{}, FieldErrorf(EINVALID, "geometry", "A place's geometry must be a Point [lon, lat].")
	}
	prop := func(names ...string) string {
		for _, n := range names {
			switch v := f.Properties[n].(type) {
			case string:
				return v
			case float64:
				return strconv.FormatFloat(v, 'f', -1, 64)
			}
		}
		return ""
	}
	c := f.Geometry.Coordinates
	return placeRow{prop("town"), prop("kind"), prop("id"), prop("name_zh", "name"), prop("name_en"), string(c[1]), string(c[0])}.check()
}
