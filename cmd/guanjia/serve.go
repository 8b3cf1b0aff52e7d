package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/basemap"
	"github.com/guanjia/guanjia/live"
	"github.com/guanjia/guanjia/open311"
	"github.com/guanjia/guanjia/report"
	"github.com/guanjia/guanjia/server"
	"github.com/guanjia/guanjia/web"
)

func cmdServe(ctx context.Context, args []string, e *env) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfg := config{serving: true}
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
	opts, err := cfg.serverOptions(log)
	if err != nil {
		return err
	}
	report.SetFont(cfg.reportFont)
	if font, err := report.FontFile(); err != nil {
		log.Warn("PDF reports unavailable", "err", err)
	} else if _, err := os.Stat(font); err != nil {
		return fmt.Errorf("--report-font: %w", err)
	}
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
	opts.Hub = hub
	handler := server.New(a, opts)
	stopMetrics, err := serveMetrics(cfg.metricsAddr, handler, log)
	if err != nil {
		ln.Close()
		return err
	}
	defer stopMetrics()
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	srv.RegisterOnShutdown(stopJobs)
	// The leases are kept by the database's clock, and the times written
	// too when this machine's is off it: measure this machine's against it
	// before the jobs take any lease or the server writes anything.
	if err := a.MeasureClock(ctx); err != nil {
		log.Warn("measure this machine's clock against the database's", "err", err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := hub.Run(jobs); err != nil {
			log.Error("live hub", "err", err)
		}
	})
	wg.Go(func() { a.RunJobs(jobs, time.Minute) })
	wg.Go(func() { a.RunHousekeeperJobs(jobs, 2*time.Second) })
	wg.Go(func() { a.RunInstance(jobs, app.InstanceBeat) })
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

// baseMap loads --basemap, or --tiles, its older alias.
func (c *config) baseMap() (basemap.Source, error) {
	spec := c.basemap
	if spec == "" {
		spec = c.tiles
	} else if c.tiles != "" && c.tiles != spec {
		return basemap.Source{}, fmt.Errorf("--tiles is an alias of --basemap: give one of them")
	}
	return basemap.Load(spec)
}

// serverOptions returns the options of the whole HTTP surface, but for
// the live hub.
func (c *config) serverOptions(log *slog.Logger) (server.Options, error) {
	trusted, err := server.ParseTrustedProxies(c.trustedProxies)
	if err != nil {
		return server.Options{}, fmt.Errorf("--trusted-proxies: %w", err)
	}
	if c.metricsToken != "" && len(c.metricsToken) < server.MinMetricsToken {
		return server.Options{}, fmt.Errorf("--metrics-token: use %d characters or more", server.MinMetricsToken)
	}
	base, err := c.baseMap()
	if err != nil {
		return server.Options{}, err
	}
	return server.Options{Logger: log, Web: &web.Options{BaseMap: base}, TrustedProxies: trusted, MetricsToken: c.metricsToken,
		Open311: open311.Options{
			Contact:    "The town's command center (Guanjia); see /about",
			KeyService: "Ask the town's Guanjia administrator for an api_key (guanjia token open311 CLIENT-NAME).",
		}}, nil
}
