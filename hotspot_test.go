package guanjia

import (
	"testing"
)

// FuzzParseHotspotKey: a key that parses writes back as itself, and its
// cell's centre lies in the cell; anything else is refused as invalid.
func FuzzParseHotspotKey(f *testing.F) {
	for _, s := range []string{"wuzhen/garbage/34155/29279", "a/b/-1/0", "", "a/b/c", "a//1/2", "a/b/1/2/3", "a/b/999999999/1", "a/b/+1/2", "t/\x00/1/2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseHotspotKey(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if k2, err := ParseHotspotKey(k.String()); err != nil || k2 != k {
			t.Fatalf("%q parses as %+v, which writes as %q and parses as %+v, %v", s, k, k.String(), k2, err)
		}
		if row, col := HotspotCell(k.Center()); row != k.Row || col != k.Col {
			t.Fatalf("%+v: the centre lies in %d/%d", k, row, col)
		}
	})
}

// TestHotspotCell: about 100 m a side at Wuzhen, neighbours apart.
func TestHotspotCell(t *testing.T) {
	r1, c1 := HotspotCell(30.7440, 120.4870)
	r2, c2 := HotspotCell(30.7440+0.00095, 120.4870)
	if r2 != r1+1 && r2 != r1+2 || c2 != c1 {
		t.Errorf("95 m north: %d/%d then %d/%d", r1, c1, r2, c2)
	}
	k := HotspotKey{Row: r1, Col: c1}
	b := k.Bounds()
	if !(b[0][0] <= 30.7440 && 30.7440 < b[1][0] && b[0][1] <= 120.4870 && 120.4870 < b[1][1]) {
		t.Errorf("the cell %v does not hold its point", b)
	}
}
