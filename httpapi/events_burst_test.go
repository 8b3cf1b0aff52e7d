package httpapi

import (
	"bytes"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
)

// TestAppendPending: a stream takes a burst waiting for it in turns of
// about burstBytes, every message once and in order, skipping what it
// sent already, and ends when the subscription is closed.
func TestAppendPending(t *testing.T) {
	c := make(chan *guanjia.Message, 200)
	payload := `{"id":1,"note":"` + strings.Repeat("x", 300) + `"}`
	for id := int64(1); id <= 150; id++ {
		c <- &guanjia.Message{ID: id, Topic: "case.changed", Payload: []byte(payload)}
	}
	close(c)
	var out bytes.Buffer
	var sent int64 = 3 // the replay wrote 1 to 3
	turns, open := 0, true
	for open {
		m, ok := <-c
		if !ok {
			break
		}
		var buf []byte
		buf, sent, open = appendPending(nil, m, c, sent)
		if len(buf) > burstBytes+400 {
			t.Fatalf("turn %d wrote %d bytes, past %d and one event", turns, len(buf), burstBytes)
		}
		out.Write(buf)
		turns++
	}
	var want bytes.Buffer
	for id := int64(4); id <= 150; id++ {
		want.Write(appendEvent(nil, &guanjia.Message{ID: id, Topic: "case.changed", Payload: []byte(payload)}))
	}
	if !bytes.Equal(out.Bytes(), want.Bytes()) {
		t.Errorf("the events written differ from every message after 3 in order (%d bytes, want %d)", out.Len(), want.Len())
	}
	if sent != 150 || turns < 5 || open {
		t.Errorf("sent %d in %d turns, open %v; want 150 in several turns, closed", sent, turns, open)
	}
	if got := string(appendEvent(nil, &guanjia.Message{ID: 42, Topic: "t", Payload: []byte("{}")})); got != "id: 42\nevent: t\ndata: {}\n\n" {
		t.Errorf("event %q", got)
	}
}
