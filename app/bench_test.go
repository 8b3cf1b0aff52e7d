package app_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// BenchmarkReport measures intake end to end on SQLite, durable: validate,
// place, route, store the case with its timeline, follower and outbox
// message, auto-dispatch, look for duplicates. "serial" is one reporter at
// a time, a commit each; "parallel" is 64 at once, whose commits group.
func BenchmarkReport(b *testing.B) {
	for _, bc := range []struct {
		name     string
		parallel bool
	}{{"serial", false}, {"parallel", true}} {
		b.Run(bc.name, func(b *testing.B) {
			a, _, _ := testenv.App(b, dbtest.SQLite(b))
			ctx := context.Background()
			report := func(r *rand.Rand, i int) {
				rep := guanjia.Report{Category: []string{"garbage", "illegal-parking", "streetlight", "noise"}[i%4],
					Lat: 30.70 + r.Float64()*0.08, Lng: 120.44 + r.Float64()*0.08, Description: "路边堆了一大堆生活垃圾，已经有异味了。",
					Address: fmt.Sprintf("乌镇镇子夜路%d号附近", i%300)}
				if _, err := a.Report(ctx, resident, rep); err != nil {
					b.Error(err)
				}
			}
			if !bc.parallel {
				r := rand.New(rand.NewPCG(1, 2))
				i := 0
				for b.Loop() {
					report(r, i)
					i++
				}
				return
			}
			b.SetParallelism(32) // 64 reporters on 2 cores
			b.RunParallel(func(pb *testing.PB) {
				r := rand.New(rand.NewPCG(rand.Uint64(), 2))
				for i := 0; pb.Next(); i++ {
					report(r, i)
				}
			})
		})
	}
}
