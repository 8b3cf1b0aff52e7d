package guanjia

// Village is a village or a community (an urban neighbourhood), the level
// below a town. Its code is the 12-digit statistical division code.
type Village struct {
	Code         string  `json:"code"`
	Name         string  `json:"name"`
	NameEN       string  `json:"name_en"`
	Kind         string  `json:"kind"` // "village" or "community"
	Jurisdiction string  `json:"jurisdiction"`
	Households   int     `json:"households"`
	Lat          float64 `json:"lat"`
	Lng          float64 `json:"lng"`
}

// Grid is the smallest area of responsibility, owned by a village or
// community. Its boundary is a GeoJSON polygon or multipolygon (WGS84).
type Grid struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Village string `json:"village"`
	// Jurisdiction is the town of the grid's village.
	Jurisdiction string `json:"jurisdiction"`
	Households   int    `json:"households"`
	// Geometry is the GeoJSON geometry object, as stored.
	Geometry  []byte `json:"-"`
	Synthetic bool   `json:"synthetic"` // generated, not surveyed
}
