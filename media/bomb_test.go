package media

import (
	"bytes"
	"image/png"
	"runtime"
	"sync"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/imagetest"
)

// bomb is a 309 KB PNG of 6300×6300 pixels at 16 bits a channel: under 40
// megapixels, but 318 MB once decoded, and as much again in the copies
// made to re-encode it.
var bomb = sync.OnceValue(func() []byte { return imagetest.BombPNG(6300, 6300) })

// TestSaveBomb: the bomb is refused from its header, with the memory
// growing by far less than 100 MB, for one upload and for twenty at once.
func TestSaveBomb(t *testing.T) {
	data := bomb()
	if cfg, err := png.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width != 6300 || len(data) > 400<<10 {
		t.Fatalf("the bomb is %d bytes, %+v, %v; want a valid PNG of 6300×6300 under 400 KB", len(data), cfg, err)
	}
	s := newStore(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			_, err := s.Save(t.Context(), bytes.NewReader(data))
			if code := guanjia.ErrorCode(err); code != guanjia.ETOOLARGE {
				t.Errorf("Save(bomb) = %v, want %s", err, guanjia.ETOOLARGE)
			}
		})
	}
	wg.Wait()
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 100<<20 {
		t.Errorf("refusing 20 bombs allocated %d MB, want < 100 MB", n>>20)
	}
}
