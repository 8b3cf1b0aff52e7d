package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
)

// handlerDesk is a handler accepting and resolving cases through the
// balancer, each action sent again until it is answered.
type handlerDesk struct {
	t     *testing.T
	lb    string
	token string

	mu    sync.Mutex
	acked map[int64][]guanjia.Action // case: the actions answered 2xx
}

// work accepts and resolves each case in turn.
func (h *handlerDesk) work(ctx context.Context, cases []int64, resent *atomic.Int64) {
	client := &http.Client{Timeout: 20 * time.Second}
	for _, id := range cases {
		for _, action := range []guanjia.Action{guanjia.ActionAccept, guanjia.ActionResolve} {
			for tries := 0; ; tries++ {
				status, body, err := h.act(ctx, client, id, action)
				if ctx.Err() != nil {
					return
				}
				if err == nil && status == http.StatusOK {
					h.mu.Lock()
					h.acked[id] = append(h.acked[id], action)
					h.mu.Unlock()
					break
				}
				if err == nil && status/100 == 4 {
					// Refused: only right when an unanswered try took effect.
					if tries == 0 {
						h.t.Errorf("%s case %d: %d %s", action, id, status, body)
					}
					break
				}
				resent.Add(1)
				time.Sleep(10 * time.Millisecond)
			}
		}
	}
}

func (h *handlerDesk) act(ctx context.Context, client *http.Client, id int64, action guanjia.Action) (int, string, error) {
	body := `{}`
	if action == guanjia.ActionResolve {
		body = `{"note":"已清理完毕"}`
	}
	req, err := http.NewRequestWithContext(ctx, "POST", fmt.Sprintf("%s/api/v1/cases/%d/%s", h.lb, id, action), strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+h.token)
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data), err
}

// check checks every case's timeline: each action at most once, each
// answered one exactly once. It returns the events of the answered ones.
func (h *handlerDesk) check(t *testing.T, db *sql.DB) []int64 {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	var events []int64
	for id, actions := range h.acked {
		rows, err := db.Query("SELECT id, action FROM events WHERE case_id = $1 AND action IN ('accept', 'resolve')", id)
		if err != nil {
			t.Fatal(err)
		}
		on := map[guanjia.Action][]int64{}
		for rows.Next() {
			var ev int64
			var action guanjia.Action
			if err := rows.Scan(&ev, &action); err != nil {
				t.Fatal(err)
			}
			on[action] = append(on[action], ev)
		}
		rows.Close()
		for a, evs := range on {
			if len(evs) > 1 {
				t.Errorf("case %d: %s %d times on the timeline", id, a, len(evs))
			}
		}
		for _, a := range actions {
			if len(on[a]) != 1 {
				t.Errorf("case %d: answered %s is on the timeline %d times", id, a, len(on[a]))
				continue
			}
			events = append(events, on[a][0])
		}
	}
	return events
}
