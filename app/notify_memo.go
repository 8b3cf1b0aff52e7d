package app

import (
	"sync"

	"github.com/guanjia/guanjia/store"
)

// planMemoSize is how many outbox messages' plans the memo keeps.
const planMemoSize = 4096

// planMemo keeps, for a while, what each outbox message planned for every
// channel kind. Each kind's consumer reads the same messages, and
// planning one (its case and event, the staff, their preferences, the
// channels) is the same work whichever kind asks; each consumer writes
// only its own kind's notifications. Without the memo every message was
// planned once per kind, six times over. A plan is kept only once the
// transaction that made it committed, so only plans of committed rows are
// reused; a consumer that comes later gets the plan as it was made then,
// as if every kind had planned at that moment. Plans are per process: an
// instance that never planned a message plans it itself.
type planMemo struct {
	mu    sync.Mutex
	plans map[int64][]store.Notification // by outbox message id
	order []int64                        // the ids, oldest first
}

// get returns the plan of message id, if kept.
func (m *planMemo) get(id int64) ([]store.Notification, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	ns, ok := m.plans[id]
	return ns, ok
}

// put keeps plans, dropping the oldest beyond planMemoSize.
func (m *planMemo) put(plans map[int64][]store.Notification) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.plans == nil {
		m.plans = map[int64][]store.Notification{}
	}
	for id, ns := range plans {
		if _, ok := m.plans[id]; !ok {
			m.order = append(m.order, id)
		}
		m.plans[id] = ns
	}
	for len(m.order) > planMemoSize {
		delete(m.plans, m.order[0])
		m.order = m.order[1:]
	}
}
