package guanjia

// CaseCount is how many cases of a category that are with a unit stand in
// a status.
type CaseCount struct {
	Status   Status `json:"status"`
	Category string `json:"category"`
	Unit     string `json:"unit"` // "" before dispatch
	Count    int    `json:"count"`
}

// Cluster is a group of open cases near each other on a map. A cluster of
// one case says which.
type Cluster struct {
	Lat      float64 `json:"lat"` // the mean position, WGS84
	Lng      float64 `json:"lng"`
	Count    int     `json:"count"`
	ID       int64   `json:"id,omitempty"`
	Category string  `json:"category,omitempty"`
	Status   Status  `json:"status,omitempty"`
}
