package media

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"runtime"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

func TestSaveJPEG(t *testing.T) {
	// Where the quadrants of newPicture end up once each orientation is
	// applied, in reading order.
	r, g, b, y := red, green, blue, yellow
	tests := []struct {
		orientation uint16
		turned      bool // width and height swap
		want        [4]color.RGBA
	}{
		{0, false, [4]color.RGBA{r, g, b, y}},
		{1, false, [4]color.RGBA{r, g, b, y}},
		{2, false, [4]color.RGBA{g, r, y, b}},
		{3, false, [4]color.RGBA{y, b, g, r}},
		{4, false, [4]color.RGBA{b, y, r, g}},
		{5, true, [4]color.RGBA{r, b, g, y}},
		{6, true, [4]color.RGBA{b, r, y, g}},
		{7, true, [4]color.RGBA{y, g, b, r}},
		{8, true, [4]color.RGBA{g, y, r, b}},
	}
	s := newStore(t)
	for _, tt := range tests {
		data := mustJPEG(t, newPicture(64, 32), newExif(binary.BigEndian, tt.orientation))
		p, err := s.Save(t.Context(), bytes.NewReader(data))
		if err != nil {
			t.Fatalf("orientation %d: %v", tt.orientation, err)
		}
		wantW, wantH := 64, 32
		if tt.turned {
			wantW, wantH = 32, 64
		}
		stored := mustDecode(t, mustStored(t, s, p, false), typeJPEG)
		if got := stored.Bounds().Size(); p.Width != wantW || p.Height != wantH || got != image.Pt(wantW, wantH) {
			t.Errorf("orientation %d: Photo %dx%d, stored %v, want %dx%d", tt.orientation, p.Width, p.Height, got, wantW, wantH)
		}
		if diff := cmp.Diff(tt.want, quadrants(stored)); diff != "" {
			t.Errorf("orientation %d: quadrants mismatch (-want +got):\n%s", tt.orientation, diff)
		}
	}
}

func TestSaveJPEGStripsMetadata(t *testing.T) {
	s := newStore(t)
	data := mustJPEG(t, newPicture(64, 32), newExif(binary.LittleEndian, 6))
	for _, planted := range [][]byte{[]byte("Exif\x00\x00"), secretText, gpsLatitude} {
		if !bytes.Contains(data, planted) {
			t.Fatalf("test JPEG lacks %q", planted)
		}
	}
	p, err := s.Save(t.Context(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, thumb := range []bool{false, true} {
		stored := mustStored(t, s, p, thumb)
		for _, planted := range [][]byte{[]byte("Exif"), secretText, gpsLatitude} {
			if bytes.Contains(stored, planted) {
				t.Errorf("stored (thumb %v) contains %q", thumb, planted)
			}
		}
		if m := appMarkers(stored); len(m) > 0 {
			t.Errorf("stored (thumb %v) has APPn segments %x", thumb, m)
		}
	}
	want := Photo{Hash: p.Hash, Type: "image/jpeg", Width: 32, Height: 64, Size: int64(len(mustStored(t, s, p, false)))}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("Photo mismatch (-want +got):\n%s", diff)
	}
}

// appMarkers returns the APPn markers of the JPEG in data, up to its first
// scan.
func appMarkers(data []byte) []byte {
	var found []byte
	for i := 2; i+4 <= len(data) && data[i] == 0xFF && data[i+1] != 0xDA; {
		if m := data[i+1]; m >= 0xE0 && m <= 0xEF {
			found = append(found, m)
		}
		i += 2 + int(binary.BigEndian.Uint16(data[i+2:]))
	}
	return found
}

func TestSavePNG(t *testing.T) {
	s := newStore(t)
	m := image.NewNRGBA(image.Rect(0, 0, 40, 20))
	draw := func(x0, x1 int, c color.NRGBA) {
		for y := range 20 {
			for x := x0; x < x1; x++ {
				m.SetNRGBA(x, y, c)
			}
		}
	}
	draw(0, 20, color.NRGBA{0xFF, 0, 0, 0xFF})
	draw(20, 40, color.NRGBA{0, 0, 0xFF, 0x80}) // half transparent, which PNG keeps
	data := mustPNG(t, m, secretText)
	p, err := s.Save(t.Context(), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	stored := mustStored(t, s, p, false)
	if bytes.Contains(stored, secretText) || bytes.Contains(stored, []byte("tEXt")) {
		t.Error("stored PNG keeps the tEXt chunk")
	}
	if p.Type != "image/png" || p.Width != 40 || p.Height != 20 {
		t.Errorf("Photo = %+v, want a 40x20 image/png", p)
	}
	got := color.NRGBAModel.Convert(mustDecode(t, stored, typePNG).At(30, 10)).(color.NRGBA)
	if want := (color.NRGBA{0, 0, 0xFF, 0x80}); got != want {
		t.Errorf("pixel = %v, want %v", got, want)
	}
	if thumb := mustStored(t, s, p, true); sniff(thumb) != typeJPEG {
		t.Errorf("thumbnail of a PNG is %q, want a JPEG", sniff(thumb))
	}
}

func TestSaveWebP(t *testing.T) {
	// testdata/*.webp are a 6×4 picture, red on the left and blue on the
	// right, with its bottom-right pixel transparent. They were made with
	// cwebp 1.2.4: "cwebp -lossless -exact -z 9" and "cwebp -q 80".
	vp8l := mustRead(t, "lossless.webp")[12:]
	tests := []struct {
		name       string
		data       []byte
		wantW      int
		wantH      int
		topLeft    color.RGBA
		bottomLeft color.RGBA
	}{
		{"lossless", mustRead(t, "lossless.webp"), 6, 4, red, red},
		{"lossy with alpha", mustRead(t, "lossy.webp"), 6, 4, red, red},
		// A quarter turn clockwise brings the transparent corner, flattened
		// onto white, to the bottom left.
		{"turned by EXIF", newWebP(6, 4, vp8l, newExif(binary.LittleEndian, 6)), 4, 6, red, white},
	}
	s := newStore(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.Save(t.Context(), bytes.NewReader(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if p.Type != "image/jpeg" || p.Width != tt.wantW || p.Height != tt.wantH {
				t.Errorf("Photo = %+v, want a %dx%d image/jpeg", p, tt.wantW, tt.wantH)
			}
			stored := mustStored(t, s, p, false)
			if bytes.Contains(stored, secretText) {
				t.Error("stored photo keeps the EXIF")
			}
			m := mustDecode(t, stored, typeJPEG)
			if got := nearest(m.At(0, 0)); got != tt.topLeft {
				t.Errorf("top left = %v, want %v", got, tt.topLeft)
			}
			if got := nearest(m.At(0, tt.wantH-1)); got != tt.bottomLeft {
				t.Errorf("bottom left = %v, want %v", got, tt.bottomLeft)
			}
		})
	}
}

func TestSaveWebPTransparentIsWhite(t *testing.T) {
	s := newStore(t)
	p, err := s.Save(t.Context(), bytes.NewReader(mustRead(t, "lossless.webp")))
	if err != nil {
		t.Fatal(err)
	}
	m := mustDecode(t, mustStored(t, s, p, false), typeJPEG)
	// JPEG shares colour between neighbouring pixels, so the white pixel
	// among blue ones is only light; black would be dark.
	if r, g, b, _ := m.At(5, 3).RGBA(); (r+g+b)/3>>8 < 0xA0 {
		t.Errorf("transparent pixel = %v, want nearly white", m.At(5, 3))
	}
}

func TestSaveRefuses(t *testing.T) {
	var gifData bytes.Buffer
	if err := gif.Encode(&gifData, newPicture(8, 8), nil); err != nil {
		t.Fatal(err)
	}
	jpg := mustJPEG(t, newPicture(64, 64), nil)
	tests := []struct {
		name string
		data []byte
		code string
	}{
		{"empty", nil, guanjia.EINVALID},
		{"GIF", gifData.Bytes(), guanjia.EUNPROCESSABLE},
		{"text", []byte("<html><body>not a photo</body></html>"), guanjia.EUNPROCESSABLE},
		{"SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), guanjia.EUNPROCESSABLE},
		{"10 MB and a byte", append(jpg, make([]byte, MaxSize+1-len(jpg))...), guanjia.ETOOLARGE},
		{"PNG of 100000×100000", newHugePNG(100000, 100000), guanjia.ETOOLARGE},
		{"PNG of 12001×1", newHugePNG(12001, 1), guanjia.ETOOLARGE},
		{"PNG of 7000×7000", newHugePNG(7000, 7000), guanjia.ETOOLARGE},
		{"PNG of 0×10", newHugePNG(0, 10), guanjia.EUNPROCESSABLE},
		{"JPEG of 60000×60000", newHugeJPEG(60000, 60000), guanjia.ETOOLARGE},
		{"truncated JPEG", jpg[:len(jpg)/2], guanjia.EUNPROCESSABLE},
		{"JPEG SOI only", []byte{0xFF, 0xD8, 0xFF}, guanjia.EUNPROCESSABLE},
		{"WebP header only", []byte("RIFF\x04\x00\x00\x00WEBP"), guanjia.EUNPROCESSABLE},
		{"WebP canvas of 16384×16384", newWebP(16384, 16384, nil, nil), guanjia.ETOOLARGE},
	}
	s := newStore(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.Save(t.Context(), bytes.NewReader(tt.data))
			if got := guanjia.ErrorCode(err); got != tt.code {
				t.Errorf("Save() error = %v, want code %q", err, tt.code)
			}
			if p != (Photo{}) {
				t.Errorf("Save() = %+v, want no Photo", p)
			}
		})
	}
	if n := len(storedNames(t, s)); n != 0 {
		t.Errorf("store holds %d files, want none", n)
	}
}

func TestSaveHugeHeaderAllocatesLittle(t *testing.T) {
	s := newStore(t)
	for _, data := range [][]byte{newHugePNG(100000, 100000), newHugePNG(7000, 7000), newHugeJPEG(60000, 60000)} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, err := s.Save(t.Context(), bytes.NewReader(data)); err == nil {
			t.Fatal("Save() succeeded, want an error")
		}
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
			t.Errorf("Save() allocated %d bytes for a %d-byte file", n, len(data))
		}
	}
}

func TestSaveScalesDown(t *testing.T) {
	s := newStore(t)
	p, err := s.Save(t.Context(), bytes.NewReader(mustPNG(t, newPicture(2600, 200), nil)))
	if err != nil {
		t.Fatal(err)
	}
	if p.Width != 2560 || p.Height != 197 {
		t.Errorf("Photo is %dx%d, want 2560x197", p.Width, p.Height)
	}
	if got := mustDecode(t, mustStored(t, s, p, false), typePNG).Bounds().Size(); got != image.Pt(2560, 197) {
		t.Errorf("stored photo is %v, want 2560x197", got)
	}
	thumb := mustDecode(t, mustStored(t, s, p, true), typeJPEG)
	if got := thumb.Bounds().Size(); got != image.Pt(320, 25) {
		t.Errorf("thumbnail is %v, want 320x25", got)
	}
	if diff := cmp.Diff([4]color.RGBA{red, green, blue, yellow}, quadrants(thumb)); diff != "" {
		t.Errorf("thumbnail quadrants mismatch (-want +got):\n%s", diff)
	}
}

func TestSaveDeduplicates(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		data := mustJPEG(t, newPicture(640, 480), newExif(binary.BigEndian, 1))
		first, err := s.Save(t.Context(), bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		second, err := s.Save(t.Context(), bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(first, second); diff != "" {
			t.Errorf("second Save mismatch (-first +second):\n%s", diff)
		}
		base := first.Hash[:2] + "/" + first.Hash[2:4] + "/" + first.Hash
		want := []string{base + ".jpg", base + ".thumb.jpg"}
		if diff := cmp.Diff(want, storedNames(t, s)); diff != "" {
			t.Errorf("files mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestSaveConcurrently(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		data := mustJPEG(t, newPicture(64, 48), nil)
		photos := make([]Photo, 4)
		var wg sync.WaitGroup
		for i := range photos {
			wg.Go(func() {
				p, err := s.Save(t.Context(), bytes.NewReader(data))
				if err != nil {
					t.Error(err)
				}
				photos[i] = p
			})
		}
		wg.Wait()
		for _, p := range photos[1:] {
			if diff := cmp.Diff(photos[0], p); diff != "" {
				t.Errorf("Photo mismatch (-first +later):\n%s", diff)
			}
		}
		if n := len(storedNames(t, s)); n != 2 {
			t.Errorf("store holds %d files, want a photo and its thumbnail", n)
		}
	})
}

func FuzzSave(f *testing.F) {
	var gifData bytes.Buffer
	gif.Encode(&gifData, newPicture(4, 4), nil)
	f.Add(mustJPEG(f, newPicture(16, 8), newExif(binary.LittleEndian, 6)))
	f.Add(mustPNG(f, newPicture(8, 16), secretText))
	f.Add(mustRead(f, "lossless.webp"))
	f.Add(mustRead(f, "lossy.webp"))
	f.Add(newWebP(6, 4, mustRead(f, "lossless.webp")[12:], newExif(binary.BigEndian, 8)))
	f.Add(newHugePNG(100000, 100000))
	f.Add(newHugeJPEG(60000, 60000))
	f.Add(gifData.Bytes())
	f.Add([]byte("not a photo"))
	s := newStore(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := s.Save(t.Context(), bytes.NewReader(data))
		if err != nil {
			switch code := guanjia.ErrorCode(err); code {
			case guanjia.EINVALID, guanjia.ETOOLARGE, guanjia.EUNPROCESSABLE:
			default:
				t.Fatalf("Save() error %v has code %q", err, code)
			}
			if p != (Photo{}) {
				t.Fatalf("Save() = %+v with an error", p)
			}
			return
		}
		checkPhoto(t, s, p)
	})
}

// checkPhoto fails t unless p is valid and stored as it says.
func checkPhoto(t *testing.T, s *Store, p Photo) {
	t.Helper()
	if !validHash(p.Hash) || p.Width < 1 || p.Height < 1 || max(p.Width, p.Height) > maxEdge {
		t.Fatalf("Save() = %+v", p)
	}
	body := mustStored(t, s, p, false)
	if int64(len(body)) != p.Size {
		t.Fatalf("stored %d bytes, Photo says %d", len(body), p.Size)
	}
	if got := mustDecode(t, body, p.Type).Bounds().Size(); got != image.Pt(p.Width, p.Height) {
		t.Fatalf("stored %v, Photo says %dx%d", got, p.Width, p.Height)
	}
	thumb := mustDecode(t, mustStored(t, s, p, true), typeJPEG).Bounds().Size()
	if max(thumb.X, thumb.Y) > thumbEdge {
		t.Fatalf("thumbnail is %v", thumb)
	}
}

func BenchmarkSave(b *testing.B) {
	data := mustJPEG(b, newPhotoLike(1600, 1200), newExif(binary.BigEndian, 6))
	s := newStore(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Save(b.Context(), bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// newPhotoLike returns a w×h picture with gradients and fine detail, which
// compresses more like a photograph than flat colours do.
func newPhotoLike(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	seed := uint32(1)
	for y := range h {
		for x := range w {
			seed = seed*1664525 + 1013904223 // a linear congruential generator
			n := uint8(seed >> 28)
			m.SetRGBA(x, y, color.RGBA{uint8(x*255/w) + n, uint8(y*255/h) + n, uint8((x+y)%256) + n, 0xFF})
		}
	}
	return m
}
