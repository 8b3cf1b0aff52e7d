package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/i18n"
)

func cmdDemo(ctx context.Context, args []string, e *env) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfg := config{serving: true}
	cfg.flags(fs, e, "127.0.0.1:8080")
	days := fs.Int("days", 90, "days of case history to generate")
	perDay := fs.Int("per-day", 30, "average cases reported a day")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !flagSet(fs, "data") && e.getenv("GUANJIA_DATA") == "" {
		dir, err := os.MkdirTemp("", "guanjia-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.data = dir
	}
	log, err := cfg.logger(e.stderr)
	if err != nil {
		return err
	}
	db, err := cfg.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if users, err := db.Users(ctx, guanjia.UserFilter{Limit: 1}); err != nil {
		return err
	} else if len(users) > 0 {
		return fmt.Errorf("the database %s already has data; the demo needs an empty one (omit --data/--db for a fresh temporary one)", cfg.dsn())
	}
	photos, err := cfg.photoStore(ctx)
	if err != nil {
		return err
	}
	rate, err := cfg.open311PerMinute()
	if err != nil {
		return err
	}
	clock := &demo.Clock{}
	a, err := app.New(ctx, db, photos, app.Options{Logger: log, Now: clock.Now, WebhookURL: cfg.webhook, PublicURL: cfg.publicURL, Translate: i18n.Sprintf,
		Open311PerMinute: rate})
	if err != nil {
		return err
	}
	a.UseSMS(app.OutboxSMS{App: a}) // texts go out through the notifications' SMS channel
	fmt.Fprintf(e.stdout, "Seeding the demo town (Wuzhen, %d days of cases)...\n", *days)
	start := time.Now()
	// The seed can be redone from scratch, so it need not wait for the disk.
	if err := db.SetDurable(ctx, false); err != nil {
		return err
	}
	accounts, err := demo.Seed(ctx, a, db, demo.Options{Days: *days, PerDay: *perDay, Clock: clock, History: *days > 0})
	if err != nil {
		return err
	}
	if err := db.SetDurable(ctx, true); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Seeded in %s.\n", time.Since(start).Round(100*time.Millisecond))
	if cfg.basemap == "" && cfg.tiles == "" {
		// The demo town's synthetic base map, made once in the data directory.
		path, err := demo.BaseMapFile(cfg.data)
		if err != nil {
			return fmt.Errorf("demo base map: %w", err)
		}
		cfg.basemap = "file:" + path
	}
	return serve(ctx, a, &cfg, e, log, func(url string) { banner(e, url, accounts) })
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// banner prints the address and the demo logins.
func banner(e *env, url string, accounts []demo.Account) {
	w := e.stdout
	fmt.Fprintf(w, "\nGuanjia demo town is running at %s\n\n", url)
	fmt.Fprintf(w, "  Public map        %s/\n  Report (phone)    %s/report\n  Command center    %s/console\n  Handler desk      %s/desk\n  Wall screen       %s/screen\n  JSON API          %s/api/v1/openapi.json\n  Open311           %s/open311/v2/discovery.json  (api_key: %s)\n\n",
		url, url, url, url, url, url, url, demo.Open311Key)
	fmt.Fprintf(w, "Logins (password %q for all):\n", demo.Password)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, a := range accounts {
		switch a.Unit {
		case "", "sanitation", "urban":
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", a.Username, a.Role, a.Unit)
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "  ... and handler-<unit> / lead-<unit> for every unit (see %s/api/v1/units).\n", url)
	fmt.Fprintf(w, "  Residents sign in with any mainland mobile number at %s/login/phone; with no SMS gateway\n  the codes are shown to county-admin at %s/admin/outbox?status=kept.\n", url, url)
	fmt.Fprintf(w, "  Housekeepers: housekeeper, housekeeper-001..060, volunteer-001..%03d; reward receipts: handler-%s.\n\nPress Ctrl-C to stop.\n",
		demo.Recruits, demo.PartnerUnit)
}
