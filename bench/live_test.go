package bench

import "testing"

// TestPayloadID: the subscribers find a case's id in the data of the
// product's events and of the floor's, and nothing in data without one.
func TestPayloadID(t *testing.T) {
	tests := []struct {
		data string
		id   int64
		ok   bool
	}{
		{`{"action":"dispatch","case_id":7,"grid":"G1","id":1234,"lat":30.7}`, 1234, true},
		{`{"id":5,"status":"new"}`, 5, true},
		{`{"version":2,"id": 42}`, 42, true},
		{`{"case_id":7,"grid":"G1"}`, 0, false},
		{`{"id":"x"}`, 0, false},
		{`{"id":12`, 0, false},
	}
	for _, tt := range tests {
		if id, ok := payloadID([]byte(tt.data)); id != tt.id || ok != tt.ok {
			t.Errorf("payloadID(%s) = %d, %v; want %d, %v", tt.data, id, ok, tt.id, tt.ok)
		}
	}
}
