package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/media"
	"github.com/guanjia/guanjia/store"
)

// config is what every command that opens the database shares.
type config struct {
	addr      string
	data      string
	db        string
	logFormat string
	logLevel  string
	webhook   string
	publicURL string
	tiles     string
	basemap   string
	// reportFont is the CJK TrueType font of the PDF reports.
	reportFont string
	// trustedProxies are the proxies whose X-Forwarded-* headers count.
	trustedProxies string
	// metricsAddr and metricsToken say where /metrics may be read.
	metricsAddr  string
	metricsToken string
	// photos is where photos live: a directory or an s3:// URL; "" is
	// DATA/media. getenv gives a bucket's credentials.
	photos string
	// dbDirect bypasses a pooler in front of db (store.Options.Direct).
	dbDirect string
	getenv   func(string) string
	// open311Rate is how many requests a minute an Open311 api_key may
	// make; "" is the app's default.
	open311Rate string
	// jobTakeover is how long a dead instance's background jobs wait
	// for another (app.Options.JobTakeover); "" is the app's default.
	jobTakeover string
	// serving says the command serves (serve, demo): see openStore.
	serving bool
}

// flags registers the shared flags, defaulting from GUANJIA_* variables.
func (c *config) flags(fs *flag.FlagSet, e *env, defaultAddr string) {
	def := func(name, fallback string) string {
		if v := e.getenv("GUANJIA_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))); v != "" {
			return v
		}
		return fallback
	}
	fs.StringVar(&c.addr, "addr", def("addr", defaultAddr), "address to listen on (GUANJIA_ADDR)")
	fs.StringVar(&c.data, "data", def("data", "data"), "data directory for the SQLite database and photos (GUANJIA_DATA)")
	fs.StringVar(&c.db, "db", def("db", ""), "database: a SQLite file path or postgres://... (GUANJIA_DB; default DATA/guanjia.db)")
	fs.StringVar(&c.dbDirect, "db-direct", def("db-direct", ""), "when --db is a PostgreSQL pooler in transaction mode (PgBouncer): a postgres://... URL of the same database that bypasses it, for migrations and for listening to other instances' commits; --db's statements are then sent without prepared statements (GUANJIA_DB_DIRECT; docs/scaling.md)")
	fs.StringVar(&c.logFormat, "log-format", def("log-format", "text"), "log format: text or json (GUANJIA_LOG_FORMAT)")
	fs.StringVar(&c.logLevel, "log-level", def("log-level", "info"), "log level: debug, info, warn, error (GUANJIA_LOG_LEVEL)")
	fs.StringVar(&c.basemap, "basemap", def("basemap", ""), "base map under every map: file:/path/town.pmtiles (vector tiles Guanjia serves), tianditu:KEY (天地图), or a tile URL template such as https://tiles.example.org/{z}/{x}/{y}.png (GUANJIA_BASEMAP; docs/maps.md); default: the town's own geography only, nothing loaded from another host")
	fs.StringVar(&c.reportFont, "report-font", def("report-font", ""), "a TrueType font with Chinese (.ttf, or a .ttc whose first font is used) for the PDF reports (GUANJIA_REPORT_FONT); default: the first of Debian's fonts-wqy-microhei, fonts-wqy-zenhei, fonts-droid-fallback, fonts-arphic-uming found")
	fs.StringVar(&c.tiles, "tiles", def("tiles", ""), "an alias of --basemap with a tile URL template (GUANJIA_TILES)")
	fs.StringVar(&c.trustedProxies, "trusted-proxies", def("trusted-proxies", ""), "comma-separated addresses and CIDR prefixes of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto count (GUANJIA_TRUSTED_PROXIES); default none: the headers are ignored")
	fs.StringVar(&c.metricsAddr, "metrics-addr", def("metrics-addr", ""), "address of a listener of its own for /metrics, such as 127.0.0.1:9090 (GUANJIA_METRICS_ADDR); default none")
	fs.StringVar(&c.metricsToken, "metrics-token", def("metrics-token", ""), "a bearer token of 16 or more characters that may read /metrics on the main listener (GUANJIA_METRICS_TOKEN; better set in the environment than on the command line); default none: /metrics is not served there")
	c.getenv = e.getenv
	fs.StringVar(&c.photos, "photos", def("photos", ""), "where photos and other stored files live: a directory, or an S3-compatible bucket s3://BUCKET/PREFIX?endpoint=HOST:PORT&region=REGION&secure=false shared by several instances, with the credentials in GUANJIA_S3_ACCESS_KEY and GUANJIA_S3_SECRET_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), never on the command line (GUANJIA_PHOTOS); default DATA/media")
	fs.StringVar(&c.publicURL, "public-url", def("public-url", "http://localhost:8080"), "the address people open the site at, for the links in notifications (GUANJIA_PUBLIC_URL)")
	fs.StringVar(&c.open311Rate, "open311-per-minute", def("open311-per-minute", ""), "how many requests a minute one Open311 api_key may make (GUANJIA_OPEN311_PER_MINUTE); default 600: a 12345 platform that forwards a city's contacts needs more")
	fs.StringVar(&c.jobTakeover, "job-takeover", def("job-takeover", ""), "how long the background jobs (notifications, points, webhooks, the sweep) of an instance that died without stopping wait before another instance takes them over, from 10s to 1h (GUANJIA_JOB_TAKEOVER); default 1m. An instance that stops hands them on at once")
	fs.StringVar(&c.webhook, "webhook-url", def("webhook-url", ""), "URL that receives a JSON POST for each mobilisation of housekeepers, for an SMS or messaging gateway (GUANJIA_WEBHOOK_URL)")
}

// open311PerMinute is --open311-per-minute as a number; 0 for the app's
// default.
func (c *config) open311PerMinute() (int, error) {
	if c.open311Rate == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(c.open311Rate)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("bad --open311-per-minute %q: give a whole number of requests a minute, 1 or more", c.open311Rate)
	}
	return n, nil
}

// takeover is --job-takeover as a duration; 0 for the app's default.
func (c *config) takeover() (time.Duration, error) {
	if c.jobTakeover == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(c.jobTakeover)
	if err != nil || d < 10*time.Second || d > time.Hour {
		return 0, fmt.Errorf("bad --job-takeover %q: give a duration from 10s to 1h, such as 30s or 2m", c.jobTakeover)
	}
	return d, nil
}

func (c *config) dsn() string {
	if c.db != "" {
		return c.db
	}
	return filepath.Join(c.data, "guanjia.db")
}

func (c *config) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		return nil, fmt.Errorf("bad --log-level %q", c.logLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch c.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("bad --log-format %q: use text or json", c.logFormat)
}

// openStore creates the data directory, opens and migrates the database;
// a command that serves first takes the SQLite database's serving lock
// (store.HoldServing), so that a second server is refused before it
// migrates anything.
func (c *config) openStore(ctx context.Context) (*store.DB, error) {
	if err := os.MkdirAll(c.data, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	db, err := store.OpenWith(ctx, c.dsn(), store.Options{Direct: c.dbDirect})
	if err != nil {
		return nil, err
	}
	if c.serving {
		if err := db.HoldServing(); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openApp opens the store, the photo store and the app, whose times
// follow the database's clock once this machine's is found off it
// (serve measures it as it starts and at every beat).
func (c *config) openApp(ctx context.Context, log *slog.Logger) (*app.App, func(), error) {
	db, err := c.openStore(ctx)
	if err != nil {
		return nil, nil, err
	}
	photos, err := c.photoStore(ctx)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	rate, err := c.open311PerMinute()
	var takeover time.Duration
	if err == nil {
		takeover, err = c.takeover()
	}
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	a, err := app.New(ctx, db, photos, app.Options{Logger: log, WebhookURL: c.webhook, PublicURL: c.publicURL, Translate: i18n.Sprintf,
		Open311PerMinute: rate, FollowDatabaseClock: true, JobTakeover: takeover})
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	a.UseSMS(app.OutboxSMS{App: a}) // texts go out through the notifications' SMS channel
	return a, func() { db.Close() }, nil
}

// openCommandApp is openApp for a command run beside the server, logging
// to its stderr.
func (c *config) openCommandApp(ctx context.Context, e *env) (*app.App, func(), error) {
	log, _ := c.logger(e.stderr)
	return c.openApp(ctx, log)
}

// photoStore opens where the photos live (--photos).
func (c *config) photoStore(ctx context.Context) (*media.Store, error) {
	if c.photos == "" {
		return media.NewStore(filepath.Join(c.data, "media"))
	}
	s, err := media.OpenStore(ctx, c.photos, c.getenv)
	if err != nil {
		return nil, fmt.Errorf("--photos: %w", err)
	}
	return s, nil
}

// photoDir returns the photo directory, or "" when the photos are in a
// bucket, which backup and restore leave to the bucket's own tools.
func (c *config) photoDir() (string, error) {
	if c.photos == "" {
		return filepath.Join(c.data, "media"), nil
	}
	loc, err := media.ParseLocation(c.photos)
	if err != nil {
		return "", fmt.Errorf("--photos: %w", err)
	}
	return loc.Dir, nil
}
