package geo

// Centre returns the centre of a GeoJSON polygon's bounding box, a point
// that stands for the area when only one is wanted (a grid's housekeepers
// who gave no place of their own).
func Centre(geometry []byte) (lat, lng float64, err error) {
	g, err := ParseGeometry(geometry)
	if err != nil {
		return 0, 0, err
	}
	c := g.Bound().Center()
	return c[1], c[0], nil
}
