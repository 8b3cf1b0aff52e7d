package web

import (
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// TestJobsAndChannelsNamed: every background job and channel kind has a
// name the pages show in the reader's language, not its code.
func TestJobsAndChannelsNamed(t *testing.T) {
	for _, j := range app.Jobs() {
		if named("zh", "job", j) == j {
			t.Errorf("job %q has no name", j)
		}
	}
	for _, k := range guanjia.ChannelKinds {
		if _, ok := codeNames["channel:"+string(k)]; !ok {
			t.Errorf("channel kind %q has no name", k)
		}
	}
}
