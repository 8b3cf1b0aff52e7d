package media

import (
	"image"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/image/draw"
)

func TestOrient(t *testing.T) {
	// The stored picture, 3×2; each pixel's red value names it.
	//   1 2 3
	//   4 5 6
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range 6 {
		src.Pix[4*i] = uint8(i + 1)
	}
	tests := []struct {
		orientation int
		want        [][]uint8
	}{
		{0, [][]uint8{{1, 2, 3}, {4, 5, 6}}},
		{1, [][]uint8{{1, 2, 3}, {4, 5, 6}}},
		{2, [][]uint8{{3, 2, 1}, {6, 5, 4}}},   // mirrored left to right
		{3, [][]uint8{{6, 5, 4}, {3, 2, 1}}},   // turned half round
		{4, [][]uint8{{4, 5, 6}, {1, 2, 3}}},   // mirrored top to bottom
		{5, [][]uint8{{1, 4}, {2, 5}, {3, 6}}}, // transposed
		{6, [][]uint8{{4, 1}, {5, 2}, {6, 3}}}, // turned a quarter clockwise
		{7, [][]uint8{{6, 3}, {5, 2}, {4, 1}}}, // transversed
		{8, [][]uint8{{3, 6}, {2, 5}, {1, 4}}}, // turned a quarter anticlockwise
		{9, [][]uint8{{1, 2, 3}, {4, 5, 6}}},   // not an orientation
		{-1, [][]uint8{{1, 2, 3}, {4, 5, 6}}},  // nor this
	}
	for _, tt := range tests {
		m := orient(src, tt.orientation)
		if diff := cmp.Diff(tt.want, reds(m)); diff != "" {
			t.Errorf("orient(%d) mismatch (-want +got):\n%s", tt.orientation, diff)
		}
	}
}

// reds returns the red value of each pixel of m, row by row.
func reds(m *image.RGBA) [][]uint8 {
	var rows [][]uint8
	for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
		var row []uint8
		for x := m.Rect.Min.X; x < m.Rect.Max.X; x++ {
			row = append(row, m.RGBAAt(x, y).R)
		}
		rows = append(rows, row)
	}
	return rows
}

func TestFit(t *testing.T) {
	tests := []struct {
		w, h, edge   int
		wantW, wantH int
	}{
		{100, 50, 320, 100, 50},
		{320, 320, 320, 320, 320},
		{640, 480, 320, 320, 240},
		{480, 640, 320, 240, 320},
		{3000, 1, 320, 320, 1},
		{1, 3000, 320, 1, 320},
		{101, 100, 10, 10, 10},
	}
	for _, tt := range tests {
		m := fit(image.NewRGBA(image.Rect(0, 0, tt.w, tt.h)), tt.edge, draw.CatmullRom)
		if got := m.Rect.Size(); got != image.Pt(tt.wantW, tt.wantH) {
			t.Errorf("fit(%dx%d, %d) = %v, want %dx%d", tt.w, tt.h, tt.edge, got, tt.wantW, tt.wantH)
		}
	}
}

func TestFlatten(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 4, 1))
	copy(m.Pix, []uint8{
		0, 0, 0, 0, // transparent
		0x80, 0, 0, 0x80, // half-transparent red
		0x10, 0x20, 0x30, 0xFF, // opaque
		0xFF, 0xFF, 0, 0x10, // not validly premultiplied
	})
	flatten(m)
	want := []uint8{
		0xFF, 0xFF, 0xFF, 0xFF,
		0xFF, 0x7F, 0x7F, 0xFF,
		0x10, 0x20, 0x30, 0xFF,
		0xFF, 0xFF, 0xEF, 0xFF,
	}
	if diff := cmp.Diff(want, m.Pix); diff != "" {
		t.Errorf("flatten mismatch (-want +got):\n%s", diff)
	}
}
