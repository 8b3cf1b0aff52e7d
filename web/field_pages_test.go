package web_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestNewCaseWaitingTime: a new case, which has no deadline until it is
// dispatched, shows on the console's queue and its page how long it has
// waited, in the reader's language, and the scripts keep it counting.
func TestNewCaseWaitingTime(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	c := fieldCase(t, e, "bnb-complaint")
	e.clock.Set(e.clock.Now().Add(125 * time.Minute))
	disp := e.client("dispatcher")
	for lang, want := range map[string]string{"zh-CN": "已等待 2小时5分", "en": "Waiting 2 h 5 min"} {
		for _, path := range []string{"/console/queue", "/cases/" + strconv.FormatInt(c.ID, 10)} {
			st, body, _ := e.get(disp, path, "Accept-Language", lang)
			if st != 200 || !strings.Contains(body, want) || !strings.Contains(body, `data-since="`) {
				t.Errorf("%s in %s: %d, no %q counting from data-since", path, lang, st, want)
			}
		}
	}
}
