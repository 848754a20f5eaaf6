package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/storage/files"
	"github.com/datenportal/datenportal/storage/postgres"
	"github.com/datenportal/datenportal/storage/sqlite"
)

// copy moves a whole embedded installation (SQLite and the local file
// directory) to PostgreSQL and S3, for moving up to several instances:
//
//	datenportal copy --from-data-dir /srv/datenportal \
//	    --to-database-url postgres://… --to-storage-url s3://bucket?endpoint=…
//
// Records keep their ids, names, timestamps, password and token hashes;
// every stored object is copied under its key. Harvest sources, their jobs
// (state, lease, attempts and counts as they are) with complete reports,
// and the "missing since" marks move too, so schedules, incremental runs
// and grace periods continue where they were. The target's change log is
// rebuilt, one create entry per dataset in modification order, so search
// indexes built against the old log must be rebuilt (delete <data-dir>/
// index or run `datenportal reindex`). At the end every record is read
// back from the target and compared, every object is re-read from the
// target and its SHA-256 compared with the source and with the record's
// checksum, and a summary is printed. A target that already holds data is
// refused unless --force, which replaces records and objects with the same
// id or key and keeps the rest. Writes to the source during the copy are
// not seen; stop serve (or keep it read-only) while copying.
func (m *Main) copy(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	if err := cfg.applyEnv(m.Getenv); err != nil {
		return err
	}
	fs := flag.NewFlagSet("copy", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	var c copyJob
	fs.StringVar(&c.fromDir, "from-data-dir", cfg.DataDir, "data directory of the embedded installation (datenportal.db, files/) [DATENPORTAL_DATA_DIR]")
	fs.StringVar(&c.fromFiles, "from-storage-url", "", "source file store if not <from-data-dir>/files (s3://…)")
	fs.StringVar(&c.toDB, "to-database-url", "", "target PostgreSQL database (postgres://…), required")
	fs.StringVar(&c.toFiles, "to-storage-url", "", "target file store (s3://BUCKET?endpoint=HOST:PORT&secure=false); credentials from DATENPORTAL_S3_ACCESS_KEY/_SECRET_KEY")
	fs.StringVar(&c.toDir, "to-data-dir", "", "target directory for files when not on S3 (files go to <dir>/files)")
	fs.BoolVar(&c.force, "force", false, "copy into a target that already holds records or objects, replacing those with the same id or key")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case c.fromDir == "":
		return errors.New("copy: --from-data-dir is required")
	case c.toDB == "":
		return errors.New("copy: --to-database-url is required")
	case c.toFiles == "" && c.toDir == "":
		return errors.New("copy: give --to-storage-url (S3) or --to-data-dir (local files)")
	case c.toFiles != "" && c.toDir != "":
		return errors.New("copy: give either --to-storage-url or --to-data-dir, not both")
	}
	c.s3 = cfg.filesOptions()
	c.out, c.progress = m.Stdout, m.Stderr
	if err := c.open(ctx); err != nil {
		return err
	}
	defer c.close()
	return c.run(ctx)
}

// copyJob is one run of the copy command: its settings, both sides, and
// the tallies for the summary.
type copyJob struct {
	fromDir, fromFiles, toDB, toFiles, toDir string
	force                                    bool
	s3                                       files.Options
	out, progress                            io.Writer

	src, dst         catalog.Store
	srcH             harvest.Store   // nil if the source store does not harvest
	pg               *postgres.Store // dst, for what only PostgreSQL offers
	srcFiles, dstFil catalog.FileStore
	seq0             int64 // the target's LastSeq before the copy

	n       map[string]int // records copied, by kind
	states  map[string]int
	objects int
	bytes   int64
	hashes  map[string]string // object key → SHA-256 of the source bytes
	records map[string]string // object key → checksum the referencing record states
}

func (c *copyJob) open(ctx context.Context) error {
	db := filepath.Join(c.fromDir, dbFile)
	if _, err := os.Stat(db); err != nil {
		return fmt.Errorf("copy: no embedded database at %s: %w", db, err)
	}
	var err error
	if c.src, err = sqlite.Open(ctx, db); err != nil {
		return fmt.Errorf("copy: opening the source database: %w", err)
	}
	if c.srcFiles, err = files.Open(ctx, c.fromFiles, c.fromDir, c.s3); err != nil {
		return fmt.Errorf("copy: opening the source files: %w", err)
	}
	c.srcH, _ = c.src.(harvest.Store)
	if c.pg, err = postgres.Open(ctx, c.toDB, postgres.Options{}); err != nil {
		return fmt.Errorf("copy: opening the target database: %w", err)
	}
	c.dst = c.pg
	if c.toDir != "" {
		if err := os.MkdirAll(c.toDir, 0o750); err != nil {
			return fmt.Errorf("copy: target directory: %w", err)
		}
	}
	if c.dstFil, err = files.Open(ctx, c.toFiles, c.toDir, c.s3); err != nil {
		return fmt.Errorf("copy: opening the target file store: %w", err)
	}
	return nil
}

func (c *copyJob) close() {
	for _, s := range []catalog.Store{c.dst, c.src} {
		if s != nil {
			s.Close()
		}
	}
}

// everything is the filter that lists every dataset, in modification
// order, so the rebuilt change log follows the catalogue's history.
var everything = catalog.DatasetFilter{
	States:     []string{catalog.StateActive, catalog.StateDraft, catalog.StateDeleted},
	Visibility: catalog.Visibility{AllPrivate: true},
	Order:      catalog.OrderModified,
}

func (c *copyJob) run(ctx context.Context) error {
	start := time.Now()
	if err := c.checkTarget(ctx); err != nil {
		return err
	}
	var err error
	if c.seq0, err = c.dst.LastSeq(ctx); err != nil {
		return err
	}
	c.n, c.states = map[string]int{}, map[string]int{}
	c.hashes, c.records = map[string]string{}, map[string]string{}
	for _, step := range []struct {
		what string
		fn   func(context.Context) error
	}{
		{"organizations", c.copyOrganizations},
		{"users, tokens and memberships", c.copyAccounts},
		{"datasets", c.copyDatasets},
		{"harvest sources, jobs and reports", c.copyHarvest},
		{"download counts", c.copyDownloads},
		{"files", c.copyFiles},
		{"verification", c.verify},
	} {
		fmt.Fprintf(c.progress, "copy: %s …\n", step.what)
		if err := step.fn(ctx); err != nil {
			return fmt.Errorf("copy: %s: %w", step.what, err)
		}
	}
	c.summary(time.Since(start))
	return nil
}

// checkTarget refuses a target that holds anything, unless --force.
func (c *copyJob) checkTarget(ctx context.Context) error {
	n, err := c.dst.CountDatasets(ctx, everything)
	if err != nil {
		return err
	}
	orgs, err := c.dst.Organizations(ctx)
	if err != nil {
		return err
	}
	users, err := c.dst.Users(ctx)
	if err != nil {
		return err
	}
	seq, err := c.dst.LastSeq(ctx)
	if err != nil {
		return err
	}
	srcs, err := c.pg.Sources(ctx)
	if err != nil {
		return err
	}
	objects := 0
	stop := errors.New("stop")
	if err := c.dstFil.Walk(ctx, func(catalog.FileInfo) error { objects++; return stop }); err != nil && !errors.Is(err, stop) {
		return err
	}
	if n+len(orgs)+len(users)+int(seq)+len(srcs)+objects == 0 || c.force {
		return nil
	}
	return fmt.Errorf("copy: the target is not empty (%d datasets, %d organizations, %d users, %d change-log entries, %d harvest sources, objects: %v); "+
		"copy into an empty database and bucket, or pass --force to replace records and objects with the same id or key",
		n, len(orgs), len(users), seq, len(srcs), objects > 0)
}

// created runs create; with --force a record that exists is replaced by
// update instead.
func (c *copyJob) created(kind string, create, update func() error) error {
	err := create()
	if catalog.ErrorCode(err) == catalog.ECONFLICT && c.force {
		err = update()
	}
	if err == nil {
		c.n[kind]++
	}
	return err
}

func (c *copyJob) copyOrganizations(ctx context.Context) error {
	orgs, err := c.src.Organizations(ctx)
	if err != nil {
		return err
	}
	for _, o := range orgs {
		if err := c.created("organizations",
			func() error { return c.dst.CreateOrganization(ctx, o) },
			func() error { return c.dst.UpdateOrganization(ctx, o) }); err != nil {
			return fmt.Errorf("organization %s: %w", o.Name, err)
		}
	}
	return nil
}

func (c *copyJob) copyAccounts(ctx context.Context) error {
	users, err := c.src.Users(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		if err := c.created("users",
			func() error { return c.dst.CreateUser(ctx, u) },
			func() error { return c.dst.UpdateUser(ctx, u) }); err != nil {
			return fmt.Errorf("user %s: %w", u.Name, err)
		}
	}
	for _, u := range users {
		toks, err := c.src.Tokens(ctx, u.ID)
		if err != nil {
			return err
		}
		for _, t := range toks {
			// A token cannot be updated: replace it.
			if err := c.created("tokens",
				func() error { return c.dst.CreateToken(ctx, t) },
				func() error {
					if err := c.dst.DeleteToken(ctx, t.ID); err != nil && catalog.ErrorCode(err) != catalog.ENOTFOUND {
						return err
					}
					return c.dst.CreateToken(ctx, t)
				}); err != nil {
				return fmt.Errorf("token %s of %s: %w", t.ID, u.Name, err)
			}
		}
		ms, err := c.src.Memberships(ctx, u.ID)
		if err != nil {
			return err
		}
		for _, mb := range ms {
			if err := c.dst.SetMembership(ctx, mb); err != nil {
				return fmt.Errorf("membership of %s: %w", u.Name, err)
			}
			c.n["memberships"]++
		}
	}
	return nil
}

func (c *copyJob) copyDatasets(ctx context.Context) error {
	return c.src.EachDataset(ctx, everything, func(d *catalog.Dataset) error {
		err := c.created("datasets",
			func() error { _, err := c.dst.CreateDataset(ctx, d); return err },
			func() error { _, err := c.dst.UpdateDataset(ctx, d, time.Time{}); return err })
		if err != nil {
			return fmt.Errorf("dataset %s (%s): %w", d.Name, d.ID, err)
		}
		c.states[d.State]++
		for _, x := range d.Distributions {
			if x.StorageKey != "" {
				c.records[x.StorageKey] = x.Checksum
			}
		}
		if c.n["datasets"]%1000 == 0 {
			fmt.Fprintf(c.progress, "copy: %d datasets\n", c.n["datasets"])
		}
		return nil
	})
}

// copyDownloads copies the counts of every distribution a dataset holds.
// With --force a count already in the target is topped up to the source's,
// never doubled.
func (c *copyJob) copyDownloads(ctx context.Context) error {
	var ids []string
	flush := func() error {
		if len(ids) == 0 {
			return nil
		}
		src, err := c.src.Downloads(ctx, ids)
		if err != nil {
			return err
		}
		dst, err := c.dst.Downloads(ctx, ids)
		if err != nil {
			return err
		}
		add := map[string]int64{}
		for id, n := range src {
			if n > dst[id] {
				add[id] = n - dst[id]
			}
			c.n["download counts"]++
			c.n["downloads"] += int(n)
		}
		ids = ids[:0]
		return c.dst.AddDownloads(ctx, add)
	}
	err := c.src.EachDataset(ctx, everything, func(d *catalog.Dataset) error {
		for _, x := range d.Distributions {
			ids = append(ids, x.ID)
		}
		if len(ids) >= 1000 {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// copyFiles copies every stored object, referenced by a record or not
// (an upload whose dataset write is still pending is not garbage yet).
func (c *copyJob) copyFiles(ctx context.Context) error {
	var infos []catalog.FileInfo
	if err := c.srcFiles.Walk(ctx, func(fi catalog.FileInfo) error {
		infos = append(infos, fi)
		return nil
	}); err != nil {
		return err
	}
	for _, fi := range infos {
		if err := c.copyObject(ctx, fi); err != nil {
			return fmt.Errorf("object %s: %w", fi.Key, err)
		}
	}
	return nil
}

func (c *copyJob) copyObject(ctx context.Context, fi catalog.FileInfo) error {
	f, err := c.srcFiles.Open(ctx, fi.Key)
	if err != nil {
		return err
	}
	defer f.Close()
	info := f.Info()
	put, err := c.dstFil.Put(ctx, fi.Key, f, info.Size, info.ContentType)
	if err != nil {
		return err
	}
	if info.SHA256 != "" && put.SHA256 != info.SHA256 {
		return fmt.Errorf("read back as SHA-256 %s, the source store says %s", put.SHA256, info.SHA256)
	}
	c.hashes[fi.Key] = put.SHA256
	c.objects++
	c.bytes += put.Size
	return nil
}

// verify reads everything back from the target and compares it with the
// source: records field by field (as JSON, including password and token
// hashes), counts, the rebuilt change log, and every object's bytes.
func (c *copyJob) verify(ctx context.Context) error {
	var problems []string
	bad := func(format string, args ...any) {
		if len(problems) < 20 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	err := c.src.EachDataset(ctx, everything, func(d *catalog.Dataset) error {
		got, err := c.dst.Dataset(ctx, d.ID)
		if err != nil {
			bad("dataset %s: %v", d.Name, err)
			return nil
		}
		if !sameJSON(got, d) {
			bad("dataset %s differs in the target", d.Name)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := c.verifyAccounts(ctx, bad); err != nil {
		return err
	}
	if err := c.verifyHarvest(ctx, bad); err != nil {
		return err
	}
	last, err := c.dst.LastSeq(ctx)
	if err != nil {
		return err
	}
	if added := int(last - c.seq0); added != c.n["datasets"] {
		bad("change log grew by %d entries for %d datasets", added, c.n["datasets"])
	}
	c.verifyFiles(ctx, bad)
	if len(problems) > 0 {
		return fmt.Errorf("the target differs from the source:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

func (c *copyJob) verifyAccounts(ctx context.Context, bad func(string, ...any)) error {
	srcOrgs, err := c.src.Organizations(ctx)
	if err != nil {
		return err
	}
	for _, o := range srcOrgs {
		if got, err := c.dst.Organization(ctx, o.ID); err != nil || !sameJSON(got, o) {
			bad("organization %s differs in the target (%v)", o.Name, err)
		}
	}
	srcUsers, err := c.src.Users(ctx)
	if err != nil {
		return err
	}
	for _, u := range srcUsers {
		// The JSON form hides the hash: compare it on its own.
		got, err := c.dst.User(ctx, u.ID)
		if err != nil || !sameJSON(got, u) || got.PasswordHash != u.PasswordHash {
			bad("user %s differs in the target (%v)", u.Name, err)
			continue
		}
		for _, pair := range []struct {
			what string
			src  func() (any, error)
			dst  func() (any, error)
		}{
			{"tokens", func() (any, error) { return tokenHashes(c.src.Tokens(ctx, u.ID)) }, func() (any, error) { return tokenHashes(c.dst.Tokens(ctx, u.ID)) }},
			{"memberships", func() (any, error) { return c.src.Memberships(ctx, u.ID) }, func() (any, error) { return c.dst.Memberships(ctx, u.ID) }},
		} {
			a, err := pair.src()
			if err != nil {
				return err
			}
			b, err := pair.dst()
			if err != nil {
				return err
			}
			if !sameJSON(a, b) {
				bad("%s of user %s differ in the target", pair.what, u.Name)
			}
		}
	}
	return nil
}

// tokenHashes is a user's tokens with their hashes, which JSON hides.
func tokenHashes(ts []*catalog.Token, err error) (any, error) {
	out := make([][2]any, len(ts))
	for i, t := range ts {
		out[i] = [2]any{t, t.Hash}
	}
	return out, err
}

// verifyFiles re-reads every copied object from the target and compares
// its SHA-256 with the source's and with the checksum of the record that
// points to it; records pointing to objects the source never had are
// reported too.
func (c *copyJob) verifyFiles(ctx context.Context, bad func(string, ...any)) {
	keys := make([]string, 0, len(c.hashes))
	for k := range c.hashes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		sum, err := sha256Of(ctx, c.dstFil, k)
		switch {
		case err != nil:
			bad("object %s: %v", k, err)
		case sum != c.hashes[k]:
			bad("object %s: SHA-256 %s in the target, %s in the source", k, sum, c.hashes[k])
		case c.records[k] != "" && c.records[k] != sum:
			bad("object %s: SHA-256 %s, its record says %s (the source is damaged too)", k, sum, c.records[k])
		default:
			c.n["objects verified"]++
		}
	}
	for k := range c.records {
		if _, ok := c.hashes[k]; !ok {
			bad("a record points to object %s, which the source does not have", k)
		}
	}
}

func sha256Of(ctx context.Context, fs catalog.FileStore, key string) (string, error) {
	f, err := fs.Open(ctx, key)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

func (c *copyJob) summary(took time.Duration) {
	w := c.out
	to := c.toFiles
	if to == "" {
		to = filepath.Join(c.toDir, "files")
	}
	from := c.fromFiles
	if from == "" {
		from = filepath.Join(c.fromDir, "files")
	}
	fmt.Fprintf(w, "Copied %s (SQLite) and %s\n    to %s (PostgreSQL) and %s in %s\n",
		filepath.Join(c.fromDir, dbFile), redactURL(from), redactURL(c.toDB), redactURL(to), took.Round(time.Millisecond))
	states := make([]string, 0, len(c.states))
	for s, n := range c.states {
		states = append(states, fmt.Sprintf("%s %d", s, n))
	}
	sort.Strings(states)
	rows := []struct {
		what string
		n    int
		note string
	}{
		{"organizations", c.n["organizations"], ""},
		{"users", c.n["users"], "with password hashes"},
		{"tokens", c.n["tokens"], "hashes"},
		{"memberships", c.n["memberships"], ""},
		{"datasets", c.n["datasets"], strings.Join(states, ", ")},
		{"download counts", c.n["download counts"], fmt.Sprintf("%d downloads", c.n["downloads"])},
		{"harvest sources", c.n["harvest sources"], fmt.Sprintf("%d missing-since marks", c.n["missing marks"])},
		{"harvest jobs", c.n["harvest jobs"], fmt.Sprintf("%d report entries", c.n["report entries"])},
		{"change log", c.n["datasets"], "entries, one create per dataset"},
		{"files", c.objects, fmt.Sprintf("%d bytes; SHA-256 re-read from the target: %d match", c.bytes, c.n["objects verified"])},
	}
	for _, r := range rows {
		fmt.Fprintf(w, "  %-16s %8d  %s\n", r.what, r.n, r.note)
	}
	fmt.Fprintln(w, "Verified: every record read back equal, every object's SHA-256 matches.")
	fmt.Fprintln(w, "The change log starts anew: delete each instance's <data-dir>/index (or run `datenportal reindex`) before serving.")
}

// redactURL drops credentials and query from a URL for printing.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return raw
	}
	u.User, u.RawQuery = nil, ""
	return u.String()
}
