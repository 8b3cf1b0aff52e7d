package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/live"
	"github.com/guanjia/guanjia/open311"
	"github.com/guanjia/guanjia/server"
	"github.com/guanjia/guanjia/web"
)

func cmdServe(ctx context.Context, args []string, e *env) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var cfg config
	cfg.flags(fs, e, "127.0.0.1:8080")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log, err := cfg.logger(e.stderr)
	if err != nil {
		return err
	}
	a, closeApp, err := cfg.openApp(ctx, log)
	if err != nil {
		return err
	}
	defer closeApp()
	return serve(ctx, a, &cfg, e, log, nil)
}

// serve runs the HTTP server, the live hub and the background jobs until
// ctx ends, then shuts down gracefully: requests in flight finish. When
// listening starts it calls announce (if set) with the address.
func serve(ctx context.Context, a *app.App, cfg *config, e *env, log *slog.Logger, announce func(addr string)) error {
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	// Requests run on a base context that outlives the shutdown signal, so
	// requests in flight finish; event streams and jobs stop at the signal.
	base, cancelBase := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelBase()
	jobs, stopJobs := context.WithCancel(ctx)
	defer stopJobs()
	hub := live.NewHub(a, a.Changed, time.Second, log)
	srv := &http.Server{
		Handler:           newHandler(a, hub, log, cfg.tiles),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	srv.RegisterOnShutdown(stopJobs)
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := hub.Run(jobs); err != nil {
			log.Error("live hub", "err", err)
		}
	})
	wg.Go(func() { a.RunJobs(jobs, time.Minute) })
	wg.Go(func() { a.RunHousekeeperJobs(jobs, 2*time.Second) })
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	url := "http://" + ln.Addr().String()
	log.Info("listening", "addr", url)
	if announce != nil {
		announce(url)
	}
	if e.ready != nil {
		e.ready(url)
	}
	select {
	case err = <-errc:
	case <-ctx.Done():
	}
	shutdownCtx, done := context.WithTimeout(context.Background(), 15*time.Second)
	defer done()
	if serr := srv.Shutdown(shutdownCtx); serr != nil {
		log.Warn("shutdown", "err", serr)
	}
	cancelBase()
	stopJobs()
	wg.Wait()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// newHandler returns the whole HTTP surface.
func newHandler(a *app.App, hub *live.Hub, log *slog.Logger, tiles string) http.Handler {
	return server.New(a, server.Options{Logger: log, Hub: hub, Web: &web.Options{TileURL: tiles},
		Open311: open311.Options{
			Contact:    "The town's command center (Guanjia); see /about",
			KeyService: "Ask the town's Guanjia administrator for an api_key (guanjia token open311 CLIENT-NAME).",
		}})
}
