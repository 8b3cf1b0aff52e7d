package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/guanjia/guanjia"
)

// parseDBFlags parses the shared flags for commands that only touch the database.
func parseDBFlags(name string, args []string, e *env, extra func(*flag.FlagSet)) (*config, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var cfg config
	cfg.flags(fs, e, "127.0.0.1:8080")
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	return &cfg, fs.Args(), nil
}

func cmdMigrate(ctx context.Context, args []string, e *env) error {
	cfg, _, err := parseDBFlags("migrate", args, e, nil)
	if err != nil {
		return err
	}
	db, err := cfg.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(e.stdout, "database %s is up to date\n", cfg.dsn())
	return nil
}

// cmdUser: user add USERNAME ROLE [--unit U] [--grid G] [--name N]; user passwd USERNAME; user list.
func cmdUser(ctx context.Context, args []string, e *env) error {
	var unit, grid, name, phone string
	cfg, rest, err := parseDBFlags("user", args, e, func(fs *flag.FlagSet) {
		fs.StringVar(&unit, "unit", "", "unit code, for handlers and unit leads")
		fs.StringVar(&grid, "grid", "", "grid code, for housekeepers")
		fs.StringVar(&name, "name", "", "display name")
		fs.StringVar(&phone, "phone", "", "phone number")
	})
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return fmt.Errorf("usage: guanjia user add USERNAME ROLE | passwd USERNAME | list")
	}
	a, closeApp, err := cfg.openCommandApp(ctx, e)
	if err != nil {
		return err
	}
	defer closeApp()
	switch rest[0] {
	case "add":
		if len(rest) != 3 {
			return fmt.Errorf("usage: guanjia user add [--unit U] [--grid G] [--name N] USERNAME ROLE (roles: %v)", guanjia.Roles)
		}
		pw, err := readPassword(e)
		if err != nil {
			return err
		}
		u := &guanjia.User{Username: rest[1], Role: guanjia.Role(rest[2]), Unit: unit, Grid: grid, Name: name, Phone: phone}
		if err := a.CreateUser(ctx, u, pw); err != nil {
			return userError(err)
		}
		fmt.Fprintf(e.stdout, "added %s (%s)\n", u.Username, u.Role)
	case "passwd":
		if len(rest) != 2 {
			return fmt.Errorf("usage: guanjia user passwd USERNAME")
		}
		pw, err := readPassword(e)
		if err != nil {
			return err
		}
		if err := a.SetPassword(ctx, rest[1], pw); err != nil {
			return userError(err)
		}
		fmt.Fprintf(e.stdout, "password changed for %s\n", rest[1])
	case "list":
		users, err := a.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USERNAME\tROLE\tUNIT\tGRID\tNAME")
		for _, u := range users {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Username, u.Role, u.Unit, u.Grid, u.Name)
		}
		return tw.Flush()
	default:
		return fmt.Errorf("unknown user command %q: use add, passwd or list", rest[0])
	}
	return nil
}

// readPassword reads the password from GUANJIA_PASSWORD or the first line of stdin.
func readPassword(e *env) (string, error) {
	if pw := e.getenv("GUANJIA_PASSWORD"); pw != "" {
		return pw, nil
	}
	if f, ok := e.stdin.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprint(e.stderr, "password (shown as you type): ")
		}
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("no password given: type it on standard input or set GUANJIA_PASSWORD")
	}
	if err != nil && line == "" {
		return "", err
	}
	return line, nil
}

func userError(err error) error {
	if code := guanjia.ErrorCode(err); code != guanjia.EINTERNAL {
		return fmt.Errorf("%s", guanjia.ErrorMessage(err))
	}
	return err
}

// cmdToken: token api USERNAME NAME | token open311 NAME.
func cmdToken(ctx context.Context, args []string, e *env) error {
	cfg, rest, err := parseDBFlags("token", args, e, nil)
	if err != nil {
		return err
	}
	a, closeApp, err := cfg.openCommandApp(ctx, e)
	if err != nil {
		return err
	}
	defer closeApp()
	var token string
	switch {
	case len(rest) == 3 && rest[0] == "api":
		token, err = a.CreateAPIToken(ctx, rest[1], rest[2])
	case len(rest) == 2 && rest[0] == "open311":
		token, err = a.CreateOpen311Key(ctx, rest[1], "")
	default:
		return fmt.Errorf("usage: guanjia token api USERNAME NAME | guanjia token open311 CLIENT-NAME")
	}
	if err != nil {
		return userError(err)
	}
	fmt.Fprintln(e.stdout, token)
	return nil
}

// cmdImport: import grids FILE.geojson, or import places FILE.geojson|FILE.csv.
func cmdImport(ctx context.Context, args []string, e *env) error {
	cfg, rest, err := parseDBFlags("import", args, e, nil)
	if err != nil {
		return err
	}
	if len(rest) != 2 || rest[0] != "grids" && rest[0] != "places" {
		return fmt.Errorf("usage: guanjia import grids FILE.geojson | guanjia import places FILE.geojson|FILE.csv")
	}
	f, err := os.Open(rest[1])
	if err != nil {
		return err
	}
	defer f.Close()
	a, closeApp, err := cfg.openCommandApp(ctx, e)
	if err != nil {
		return err
	}
	defer closeApp()
	if rest[0] == "places" {
		added, replaced, err := a.ImportPlaces(ctx, guanjia.SystemActor, f)
		if err != nil {
			return userError(err)
		}
		fmt.Fprintf(e.stdout, "imported places: %d added, %d replaced\n", added, replaced)
		return nil
	}
	n, err := a.ImportGrids(ctx, guanjia.SystemActor, f)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(e.stdout, "imported %d grids\n", n)
	return nil
}
