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

// TestLeaderReadsMediation: on a dispute's page a leader reads the
// mediation record without its forms (leaders record nothing); the
// command center gets every form.
func TestLeaderReadsMediation(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	c := fieldCase(t, e, "neighbour-dispute")
	path := "/cases/" + strconv.FormatInt(c.ID, 10)
	for user, forms := range map[string]bool{"leader": false, "dispatcher": true} {
		st, body, _ := e.get(e.client(user), path)
		if st != 200 || !strings.Contains(body, `id="field-mediation"`) {
			t.Fatalf("%s: %d, no mediation record", user, st)
		}
		for _, id := range []string{`id="mediation-session"`, `id="mediation-parties"`, `id="mediation-outcome"`} {
			if strings.Contains(body, id) != forms {
				t.Errorf("%s: form %s shown %v, want %v", user, id, !forms, forms)
			}
		}
	}
}
