// Package geo places points in grids. It holds the spatial index that finds
// the grid a reported point lies in, the GeoJSON codec for grid boundaries,
// the conversion from the GCJ-02 datum that Chinese phone maps use to WGS84,
// and great-circle distances.
//
// Coordinates are (lat, lng) in degrees in function signatures, and
// [lng, lat] inside GeoJSON and orb values, as GeoJSON orders them.
package geo
