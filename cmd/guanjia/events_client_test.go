package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// sseEvent is one server-sent event of /api/v1/events.
type sseEvent struct {
	id   int64
	name string // "" for the default "message"
	data string
}

// followEvents follows the event stream at base with token as a
// browser's EventSource does after a break (Last-Event-ID last), calling
// each for every event until the stream ends, ctx ends, or each returns
// false. An answer other than 200 is an error. opened, if not nil, is
// called once the stream is open: the server subscribed it before it
// answered, so whatever commits afterwards reaches it.
func followEvents(ctx context.Context, client *http.Client, base, token string, last int64, opened func(), each func(sseEvent) bool) error {
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/events", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Last-Event-ID", strconv.FormatInt(last, 10))
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("events: status %d", resp.StatusCode)
	}
	if opened != nil {
		opened()
	}
	sc := bufio.NewScanner(resp.Body)
	var e sseEvent
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "id: "):
			e.id, _ = strconv.ParseInt(strings.TrimPrefix(line, "id: "), 10, 64)
		case strings.HasPrefix(line, "event: "):
			e.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			e.data = strings.TrimPrefix(line, "data: ")
		case line == "" && e.id > 0: // the end of an event
			if !each(e) {
				return nil
			}
			e = sseEvent{}
		case line == "":
			e = sseEvent{}
		}
	}
	return sc.Err()
}
