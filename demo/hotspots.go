package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/store"
)

// seedHotspots makes two recurring hot spots (docs/figures.md) in the last
// 30 days: garbage by the Xizha car park, called in four times, of which
// the command center has made a preventive patrol task; and cars parked on
// the way into Dongzha, reported three times and not yet acted on.
func seedHotspots(ctx context.Context, a *app.App, db *store.DB, opts Options) error {
	defer opts.Clock.Release()
	c, now := opts.Clock, opts.Now
	op, err := actorOf(ctx, db, "dispatcher")
	if err != nil {
		return err
	}
	spots := []struct {
		lat, lng float64
		category string
		days     []int
		words    string
	}{
		{30.74132, 120.47903, "garbage", []int{24, 15, 8, 3}, "西栅停车场东侧垃圾桶旁又堆满了垃圾。"},
		{30.74505, 120.50262, "illegal-parking", []int{19, 9, 2}, "东栅景区入口的消防通道又被车堵住了。"},
	}
	var first *guanjia.Case
	for i, s := range spots {
		for j, d := range s.days {
			c.Set(now.Add(-time.Duration(d)*24*time.Hour + time.Duration(j)*time.Hour))
			rec, err := a.TakeCall(ctx, op, app.Call{Report: guanjia.Report{Category: s.category, Lat: s.lat + float64(j)*0.00002,
				Lng: s.lng - float64(j)*0.00002, Description: s.words, Name: "居民", Phone: fmt.Sprintf("1395730%04d", 7000+i*10+j),
				Channel: guanjia.ChannelPhone}})
			if err != nil {
				return fmt.Errorf("hot spot %s: %w", s.category, err)
			}
			if first == nil {
				first = rec.Case
			}
		}
	}
	c.Set(now.Add(-2 * time.Hour))
	row, col := guanjia.HotspotCell(first.Lat, first.Lng)
	key := guanjia.HotspotKey{Town: first.Jurisdiction, Category: first.Category, Row: row, Col: col}
	if _, err := a.HotspotTask(ctx, op, app.HotspotTaskRequest{Hotspot: key.String(), Lang: "zh"}); err != nil {
		return fmt.Errorf("preventive task: %w", err)
	}
	return nil
}
