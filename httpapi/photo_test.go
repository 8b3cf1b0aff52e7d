package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/imagetest"
)

// TestPhotoBomb: a small PNG that would decode to hundreds of megabytes is
// refused with 413 and a message that says the limit.
func TestPhotoBomb(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	st, b := e.send("POST", "/api/v1/photos", "", "image/png", string(imagetest.BombPNG(6300, 6300)))
	if st != http.StatusRequestEntityTooLarge || !strings.Contains(b, "at most 40 megapixels (20 at 16 bits a channel)") {
		t.Errorf("status %d, %s; want 413 saying the limit", st, b)
	}
}
