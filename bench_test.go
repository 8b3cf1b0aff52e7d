package guanjia_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
)

// BenchmarkApply measures one step of the closed loop for each action of
// a case's usual life: dispatch, accept, resolve, verify.
func BenchmarkApply(b *testing.B) {
	yes := true
	steps := []struct {
		cmd   guanjia.Command
		actor string
	}{
		{guanjia.Command{Action: guanjia.ActionDispatch, Unit: "sanitation"}, "dispatcher"},
		{guanjia.Command{Action: guanjia.ActionAccept}, "handler"},
		{guanjia.Command{Action: guanjia.ActionResolve, Note: "已清理完毕。"}, "handler"},
		{guanjia.Command{Action: guanjia.ActionVerify, Fixed: &yes, Satisfaction: 5}, "reporter"},
	}
	start := guanjia.Case{ID: 1, Status: guanjia.StatusNew, Category: "garbage", ReporterID: 10, Version: 1, CreatedAt: t0}
	for _, s := range steps {
		b.Run(string(s.cmd.Action), func(b *testing.B) {
			c := start
			for _, prev := range steps { // bring the case to the step
				if prev.cmd.Action == s.cmd.Action {
					break
				}
				next, _, err := guanjia.Apply(c, prev.cmd, actors[prev.actor], env(t0))
				if err != nil {
					b.Fatal(err)
				}
				c = next
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := guanjia.Apply(c, s.cmd, actors[s.actor], env(t0.Add(time.Hour))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCaseJSON measures encoding a case as the API sends it.
func BenchmarkCaseJSON(b *testing.B) {
	due := t0.Add(2 * time.Hour)
	c := guanjia.Case{ID: 421337, Number: "WZ-20261102-0042", Jurisdiction: "330483100", Status: guanjia.StatusDispatched,
		Category: "garbage", Priority: 3, Lat: 30.7451, Lng: 120.4862, Address: "乌镇镇西栅大街18号附近",
		Description: "路边堆了一大堆生活垃圾，已经有异味了。请尽快处理。", Attributes: map[string]any{"kind": "household"},
		Grid: "330483100201-03", Village: "330483100201", Unit: "sanitation", Channel: guanjia.ChannelApp,
		Photos: []string{"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}, ReporterID: 10,
		ReporterName: "张秀英", ReporterPhone: "13957300003", Followers: 1, SignDueAt: &due, DispatchedAt: &t0,
		Version: 2, CreatedAt: t0, UpdatedAt: t0}
	b.ReportAllocs()
	for b.Loop() {
		buf, err := json.Marshal(&c)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(buf)))
	}
}
