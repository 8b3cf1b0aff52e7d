package geo

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/guanjia/guanjia"
)

// Limits on grid files and their properties.
const (
	MaxGeoJSONBytes = 32 << 20 // used when DecodeGrids is given no limit
	MaxCodeLen      = 64       // bytes of a grid or village code
	MaxNameLen      = 100      // characters of a grid name
	MaxHouseholds   = 1000000
)

// featureJSON is one GeoJSON Feature before its members are checked.
type featureJSON struct {
	Type       string          `json:"type"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties json.RawMessage `json:"properties"`
}

// DecodeGrids reads a GeoJSON FeatureCollection of grid boundaries, at most
// maxBytes of it (MaxGeoJSONBytes if maxBytes ≤ 0; more is ETOOLARGE). Each
// feature is a Polygon or MultiPolygon whose properties carry "code"
// (required, unique, 1–64 of A–Z a–z 0–9 _ -), and optionally "name",
// "village" (the owning village's code), "households" (a whole number) and
// "synthetic" (a boolean). Any fault is an EINVALID error that names the
// feature and what is wrong with it. Each grid's Geometry is the feature's
// geometry rewritten compactly in two dimensions.
func DecodeGrids(r io.Reader, maxBytes int64) ([]guanjia.Grid, error) {
	if maxBytes <= 0 {
		maxBytes = MaxGeoJSONBytes
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read geojson: %w", err)
	} else if int64(len(data)) > maxBytes {
		return nil, guanjia.Errorf(guanjia.ETOOLARGE, "The GeoJSON is larger than %d bytes.", maxBytes)
	}
	var fc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, notGeoJSON(err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, guanjia.Errorf(guanjia.EINVALID, "The GeoJSON must be a FeatureCollection, not %.40q.", fc.Type)
	}
	if len(fc.Features) == 0 {
		return nil, guanjia.Errorf(guanjia.EINVALID, "The FeatureCollection has no features.")
	}
	return decodeFeatures(fc.Features)
}

// notGeoJSON explains a top-level decoding error without Go type names.
func notGeoJSON(err error) error {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return guanjia.Errorf(guanjia.EINVALID, "The file is not valid JSON (at byte %d).", syntax.Offset)
	}
	return guanjia.Errorf(guanjia.EINVALID, "The file is not a GeoJSON FeatureCollection object.")
}

// decodeFeatures decodes each feature and checks that codes are unique.
func decodeFeatures(features []json.RawMessage) ([]guanjia.Grid, error) {
	grids := make([]guanjia.Grid, len(features))
	seen := make(map[string]int, len(features))
	for i, raw := range features {
		g, err := decodeFeature(raw)
		if err != nil {
			return nil, featureError(i, g.Code, err)
		}
		if j, dup := seen[g.Code]; dup {
			return nil, featureError(i, g.Code, fmt.Errorf("the code is already used by feature %d", j))
		}
		seen[g.Code] = i
		grids[i] = g
	}
	return grids, nil
}

// featureError names feature i, and its code once that is known good.
func featureError(i int, code string, err error) error {
	field := fmt.Sprintf("features[%d]", i)
	if code == "" {
		return guanjia.FieldErrorf(guanjia.EINVALID, field, "Feature %d: %s.", i, err.Error())
	}
	return guanjia.FieldErrorf(guanjia.EINVALID, field, "Feature %d (code %q): %s.", i, code, err.Error())
}

// decodeFeature decodes one feature. On error the returned grid carries the
// code if it was valid, to name the feature by.
func decodeFeature(raw json.RawMessage) (guanjia.Grid, error) {
	var f featureJSON
	if err := json.Unmarshal(raw, &f); err != nil || f.Type != "Feature" {
		return guanjia.Grid{}, errors.New(`it is not a GeoJSON object of type "Feature"`)
	}
	var props map[string]json.RawMessage
	if len(f.Properties) > 0 && json.Unmarshal(f.Properties, &props) != nil {
		return guanjia.Grid{}, errors.New("its properties are not an object")
	}
	g, err := decodeProperties(props)
	if err != nil {
		return g, err
	}
	if len(f.Geometry) == 0 || string(f.Geometry) == "null" {
		return g, errors.New("it has no geometry")
	}
	geom, err := ParseGeometry(f.Geometry)
	if err != nil {
		return g, err
	}
	g.Geometry, err = MarshalGeometry(geom)
	return g, err
}

// decodeProperties reads the grid's fields from a feature's properties.
func decodeProperties(props map[string]json.RawMessage) (g guanjia.Grid, err error) {
	if g.Code, err = stringProp(props, "code"); err != nil {
		return guanjia.Grid{}, err
	} else if err := checkCode("code", g.Code); err != nil {
		return guanjia.Grid{}, err
	}
	if g.Name, err = stringProp(props, "name"); err != nil {
		return g, err
	} else if utf8.RuneCountInString(g.Name) > MaxNameLen {
		return g, fmt.Errorf("the name is longer than %d characters", MaxNameLen)
	}
	if g.Village, err = stringProp(props, "village"); err != nil {
		return g, err
	} else if err := checkCode("village", g.Village); g.Village != "" && err != nil {
		return g, err
	}
	if g.Households, err = householdsProp(props); err != nil {
		return g, err
	}
	g.Synthetic, err = boolProp(props, "synthetic")
	return g, err
}

// checkCode checks a code against the characters and length codes may use.
func checkCode(key, code string) error {
	if code == "" {
		return fmt.Errorf("the %q property is required", key)
	} else if len(code) > MaxCodeLen {
		return fmt.Errorf("the %q property is longer than %d characters", key, MaxCodeLen)
	}
	for _, c := range []byte(code) {
		if !isCodeByte(c) {
			return fmt.Errorf("the %q property may hold only letters A-Z, digits, '_' and '-'", key)
		}
	}
	return nil
}

func isCodeByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// stringProp returns a string property; absent or null is "".
func stringProp(props map[string]json.RawMessage, key string) (string, error) {
	var s *string
	if raw, ok := props[key]; ok && json.Unmarshal(raw, &s) != nil {
		return "", fmt.Errorf("the %q property must be a string", key)
	}
	if s == nil {
		return "", nil
	}
	return *s, nil
}

// householdsProp returns the households property; absent or null is 0.
func householdsProp(props map[string]json.RawMessage) (int, error) {
	var n *float64
	if raw, ok := props["households"]; ok && json.Unmarshal(raw, &n) != nil {
		return 0, errors.New(`the "households" property must be a number`)
	}
	switch {
	case n == nil:
		return 0, nil
	case *n < 0 || *n > MaxHouseholds || *n != float64(int(*n)):
		return 0, fmt.Errorf(`the "households" property must be a whole number from 0 to %d`, MaxHouseholds)
	}
	return int(*n), nil
}

// boolProp returns a boolean property; absent or null is false.
func boolProp(props map[string]json.RawMessage, key string) (bool, error) {
	var b *bool
	if raw, ok := props[key]; ok && json.Unmarshal(raw, &b) != nil {
		return false, fmt.Errorf("the %q property must be true or false", key)
	}
	return b != nil && *b, nil
}

// EncodeGrids writes grids as a GeoJSON FeatureCollection whose features
// carry the properties code, name, village, households and synthetic; what
// DecodeGrids reads back. A grid without a geometry gets a null one.
func EncodeGrids(w io.Writer, grids []guanjia.Grid) error {
	type properties struct {
		Code       string `json:"code"`
		Name       string `json:"name"`
		Village    string `json:"village"`
		Households int    `json:"households"`
		Synthetic  bool   `json:"synthetic"`
	}
	type feature struct {
		Type       string          `json:"type"`
		Geometry   json.RawMessage `json:"geometry"`
		Properties properties      `json:"properties"`
	}
	fc := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection", Features: make([]feature, len(grids))}
	for i, g := range grids {
		geom := json.RawMessage(g.Geometry)
		if len(geom) == 0 {
			geom = json.RawMessage("null")
		}
		fc.Features[i] = feature{"Feature", geom, properties{g.Code, g.Name, g.Village, g.Households, g.Synthetic}}
	}
	if err := json.NewEncoder(w).Encode(fc); err != nil {
		return fmt.Errorf("encode grids: %w", err)
	}
	return nil
}
