package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// admin runs the operator's account commands against the same store as
// serve (also while serve runs: SQLite WAL and PostgreSQL both allow it).
func (m *Main) admin(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("admin: missing subcommand (create-user, create-token, create-org, add-member)")
	}
	cfg, fs, err := m.commandConfig("admin "+args[0], nil)
	if err != nil {
		return err
	}
	var (
		name, email, user, title, contributor, org, role, label string
		sysadmin, passwordStdin                                 bool
	)
	switch args[0] {
	case "create-user":
		fs.StringVar(&name, "name", "", "user name (lower-case slug)")
		fs.StringVar(&email, "email", "", "e-mail address")
		fs.BoolVar(&sysadmin, "sysadmin", false, "make the user a sysadmin")
		fs.BoolVar(&passwordStdin, "password-stdin", false, "read a password for web login from standard input")
	case "create-token":
		fs.StringVar(&user, "user", "", "user name")
		fs.StringVar(&label, "name", "cli", "label of the token")
	case "create-org":
		fs.StringVar(&name, "name", "", "organisation slug")
		fs.StringVar(&title, "title", "", "organisation title")
		fs.StringVar(&contributor, "contributor-id", "", "dcatde:contributorID IRI (http://dcat-ap.de/def/contributors/…)")
	case "add-member":
		fs.StringVar(&org, "org", "", "organisation slug")
		fs.StringVar(&user, "user", "", "user name")
		fs.StringVar(&role, "role", "editor", "admin, editor or member")
	default:
		return fmt.Errorf("admin: unknown subcommand %q", args[0])
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, m.logger(cfg), appOptions{})
	if err != nil {
		return err
	}
	defer a.Close()
	ctx = catalog.WithActor(ctx, catalog.System)
	switch args[0] {
	case "create-user":
		var password string
		if passwordStdin {
			line, err := bufio.NewReader(m.Stdin).ReadString('\n')
			if err != nil && line == "" {
				return fmt.Errorf("reading password from stdin: %w", err)
			}
			password = strings.TrimRight(line, "\r\n")
		}
		u, err := a.svc.CreateUser(ctx, &catalog.User{Name: name, Email: email, Sysadmin: sysadmin}, password)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(m.Stdout, "created user %s (%s)\n", u.Name, u.ID)
	case "create-token":
		secret, _, err := a.svc.CreateToken(ctx, user, label)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintln(m.Stdout, secret)
	case "create-org":
		o, err := a.svc.CreateOrganization(ctx, &catalog.Organization{Name: name, Title: title, ContributorID: contributor,
			PublisherType: "http://purl.org/adms/publishertype/LocalAuthority"})
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(m.Stdout, "created organization %s (%s)\n", o.Name, o.ID)
	case "add-member":
		if err := a.svc.SetMember(ctx, org, user, role); err != nil {
			return describe(err)
		}
		fmt.Fprintf(m.Stdout, "%s is now %s of %s\n", user, role, org)
	}
	return nil
}

// describe turns a domain error into a one-line message for the terminal,
// naming the fields that are wrong.
func describe(err error) error {
	e, ok := err.(*catalog.Error)
	if !ok {
		return err
	}
	var b strings.Builder
	b.WriteString(e.Message)
	for f, ms := range e.Fields {
		for _, m := range ms {
			fmt.Fprintf(&b, "; %s: %s", f, m.EN)
		}
	}
	return fmt.Errorf("%s", b.String())
}

// commandConfig builds the config from defaults and env and a flag set
// with the store flags registered.
func (m *Main) commandConfig(name string, register func(*Config, *flag.FlagSet)) (*Config, *flag.FlagSet, error) {
	cfg := defaultConfig()
	if err := cfg.applyEnv(m.Getenv); err != nil {
		return nil, nil, err
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	if register == nil {
		cfg.storeFlags(fs)
	} else {
		register(&cfg, fs)
	}
	return &cfg, fs, nil
}
