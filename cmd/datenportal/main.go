// Command datenportal runs the open-data portal and its operator commands:
// serve, admin, migrate, reindex, harvest and files. main only parses and
// wires; the work happens in the packages it connects.
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
	m := &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	if err := m.Run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "datenportal:", err)
		os.Exit(1)
	}
}

// Main is the program with its environment injected, so that tests drive
// the real commands in-process (port 0, temp data directory).
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Ready, if set, receives the server's bound address once serve
	// listens (tests use it to find port 0's real port).
	Ready func(addr string)
}

const usage = `Usage: datenportal <command> [flags]

Commands:
  serve                 run the portal (HTTP server, indexer, scheduler)
  admin create-user     --name NAME [--email E] [--sysadmin] [--password-stdin]
  admin create-token    --user NAME [--name LABEL]   (prints the token)
  admin create-org      --name SLUG --title TITLE [--contributor-id IRI]
  admin add-member      --org SLUG --user NAME --role admin|editor|member
  harvest add           --name N --type ckan|dcat|csw|ods|arcgis --url URL --org ORG [--schedule S] [--config JSON]
  harvest list | run N | jobs N | report JOB [--json]
  migrate               apply database migrations and exit
  reindex               rebuild the search index from the store
  files gc              remove stored files no record points to
  copy                  --from-data-dir DIR --to-database-url postgres://… (--to-storage-url s3://… | --to-data-dir DIR) [--force]
                        move an embedded installation to PostgreSQL and S3
  healthcheck           exit 0 if the local server answers /healthz

Run "datenportal <command> -h" for the flags of a command.
`

// Run executes one command.
func (m *Main) Run(ctx context.Context, args []string) error {
	if m.Getenv == nil {
		m.Getenv = func(string) string { return "" }
	}
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch args[0] {
	case "serve":
		return m.serve(ctx, args[1:])
	case "admin":
		return m.admin(ctx, args[1:])
	case "migrate":
		return m.migrate(ctx, args[1:])
	case "reindex":
		return m.reindex(ctx, args[1:])
	case "files":
		return m.files(ctx, args[1:])
	case "harvest":
		return m.harvest(ctx, args[1:])
	case "copy":
		return m.copy(ctx, args[1:])
	case "healthcheck":
		return m.healthcheck(ctx, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(m.Stdout, usage)
		return nil
	}
	fmt.Fprint(m.Stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
