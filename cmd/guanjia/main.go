// Command guanjia runs Guanjia, a command center for grassroots governance.
//
//	guanjia serve    serve a town from a database
//	guanjia demo     serve a freshly seeded demo town (Wuzhen)
//	guanjia migrate  apply database migrations
//	guanjia user     add users, set passwords, list users
//	guanjia token    create API tokens and Open311 keys
//	guanjia import   import grids from GeoJSON, places from GeoJSON or CSV
//	guanjia backup   copy the database and the photos while in use
//	guanjia restore  put a backup back into an empty installation
//	guanjia status   the background work the instances share, and who runs each job
//	guanjia bench    measure the product against the machine's own limits
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	tuneGC(os.Getenv)
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "guanjia:", err)
		os.Exit(1)
	}
}

const usage = `usage: guanjia <command> [flags]

commands:
  serve    serve a town from a database
  demo     serve a freshly seeded demo town (Wuzhen)
  migrate  apply database migrations
  user     add | passwd | list users
  token    create API tokens (token api USER NAME) and Open311 keys (token open311 NAME)
  import   import grids FILE.geojson | places FILE.geojson|FILE.csv
  backup   copy the database and the photos while in use (backup DIR)
  restore  put a backup back into an empty installation (restore [--force] DIR)
  status   the background work the instances share, and who runs each job
  bench    measure throughput and latency against the machine's own limits

Run 'guanjia <command> -h' for a command's flags.`

// run is the whole program; tests call it as main does.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return fmt.Errorf("no command given")
	}
	cmds := map[string]func(context.Context, []string, *env) error{
		"serve": cmdServe, "demo": cmdDemo, "migrate": cmdMigrate, "user": cmdUser,
		"token": cmdToken, "import": cmdImport, "backup": cmdBackup, "restore": cmdRestore, "status": cmdStatus, "bench": cmdBench,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
			fmt.Fprintln(stdout, usage)
			return nil
		}
		fmt.Fprintln(stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
	return cmd(ctx, args[1:], &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr})
}

// env is what a command may touch of the outside world.
type env struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
	// ready, when set by a test, receives the server's address once it listens.
	ready func(addr string)
}
