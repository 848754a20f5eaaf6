package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/storage/files"
	"github.com/datenportal/datenportal/storage/postgres"
	"github.com/datenportal/datenportal/storage/sqlite"
	"github.com/datenportal/datenportal/storage/testenv"
)

// seedEmbedded fills an embedded installation in dir the way serve would
// have left it: organisations, users with password hashes, tokens,
// memberships, datasets in every state (some private), uploaded files
// referenced by distributions, one upload no record references yet, and
// download counts, and harvest sources with jobs in every state, reports
// and missing marks (seedHarvest). damage, if set, breaks the source on
// purpose.
func seedEmbedded(t *testing.T, dir, damage string) (datasets, objects int) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, dbFile))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fs, err := files.Open(ctx, "", dir, files.Options{})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2024, 5, 17, 9, 30, 0, 123456000, time.UTC)
	for i, name := range []string{"stadt-musterstadt", "landkreis-beispiel"} {
		must(st.CreateOrganization(ctx, &catalog.Organization{ID: fmt.Sprintf("org-%d", i), Name: name,
			Title: "Org " + name, State: catalog.StateActive, CreatedAt: at}))
	}
	for i, name := range []string{"anna", "bert", "admin"} {
		id := fmt.Sprintf("user-%d", i)
		must(st.CreateUser(ctx, &catalog.User{ID: id, Name: name, Email: name + "@example.org",
			PasswordHash: "$2a$10$hash-of-" + name, Sysadmin: name == "admin", State: catalog.StateActive, CreatedAt: at}))
		used := at.Add(time.Hour)
		must(st.CreateToken(ctx, &catalog.Token{ID: "tok-" + name, UserID: id, Name: "cli", Hash: "sha-of-" + name,
			CreatedAt: at, LastUsedAt: &used}))
	}
	must(st.SetMembership(ctx, catalog.Membership{OrganizationID: "org-0", UserID: "user-0", Role: catalog.RoleEditor}))
	must(st.SetMembership(ctx, catalog.Membership{OrganizationID: "org-1", UserID: "user-1", Role: catalog.RoleAdmin}))

	states := []string{catalog.StateActive, catalog.StateActive, catalog.StateDraft, catalog.StateDeleted}
	downloads := map[string]int64{}
	for i := range 30 {
		d := &catalog.Dataset{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Name: fmt.Sprintf("datensatz-%02d", i),
			OrganizationID: fmt.Sprintf("org-%d", i%2), Private: i%5 == 0, State: states[i%4],
			Title: fmt.Sprintf("Datensatz %d – Bäume", i), CreatedAt: at, ModifiedAt: at.Add(time.Duration(30-i) * time.Minute)}
		dist := catalog.Distribution{ID: fmt.Sprintf("dist-%02d", i), Title: "Link", AccessURL: "https://example.org/x"}
		if i%3 == 0 { // an upload
			body := strings.Repeat(fmt.Sprintf("Zeile %d;Straßenbaum\n", i), 100*(i+1))
			fi, err := fs.Put(ctx, files.NewKey(), strings.NewReader(body), int64(len(body)), "text/csv")
			must(err)
			dist.StorageKey, dist.Checksum, dist.ByteSize, dist.FileName = fi.Key, fi.SHA256, &fi.Size, "baeume.csv"
			objects++
			switch {
			case damage == "wrong checksum" && i == 3:
				dist.Checksum = strings.Repeat("0", 64)
			case damage == "missing object" && i == 6:
				must(fs.Delete(ctx, fi.Key))
				objects--
			}
		}
		d.Distributions = []catalog.Distribution{dist}
		_, err := st.CreateDataset(ctx, d)
		must(err)
		downloads[dist.ID] = int64(i * 7)
	}
	must(st.AddDownloads(ctx, downloads))
	seedHarvest(t, st, at)
	_, err = fs.Put(ctx, files.NewKey(), strings.NewReader("noch ohne Datensatz"), -1, "text/plain")
	must(err)
	return 30, objects + 1
}

// Harvest records seedHarvest leaves behind.
const (
	seededSources = 2
	seededJobs    = 4
	seededEntries = 1234 + 3 // more than one page of the copy's report reader
	seededMarks   = 2
)

// seedHarvest adds harvest state as the scheduler leaves it: a source with
// a finished job and a long report, a failed job and an interrupted one,
// and a source whose job was running on an instance that died, with its
// lease still set, plus missing-since marks.
func seedHarvest(t *testing.T, st harvest.Store, at time.Time) {
	t.Helper()
	ctx := t.Context()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"quelle-a", "quelle-b"} {
		must(st.CreateSource(ctx, &harvest.SourceConfig{ID: "hs-" + name, Name: name, Kind: harvest.KindCKAN,
			URL: "https://daten." + name + ".example/", OrganizationID: "org-0", Schedule: "@daily",
			Config: []byte(`{"withdraw":"mark","grace":"3d"}`), NextRunAt: at.Add(24 * time.Hour),
			LastCompleteAt: at.Add(-time.Hour), CreatedAt: at, ModifiedAt: at}))
	}
	run := func(id, source, state string, entries int, start time.Time) *harvest.Job {
		t.Helper()
		must(st.EnqueueJob(ctx, &harvest.Job{ID: id, SourceID: source, State: harvest.JobQueued, Trigger: harvest.TriggerSchedule, CreatedAt: start}))
		j, err := st.ClaimJob(ctx, id, "alter-server-42", start, start.Add(2*time.Minute))
		must(err)
		var errs []harvest.RecordError
		for i := 1; i <= entries; i++ {
			errs = append(errs, harvest.RecordError{Seq: i, OriginalID: fmt.Sprintf("rec-%d", i), DatasetID: "ds", Stage: harvest.StageImport,
				Severity: harvest.SeverityWarning, Field: "license", Message: harvest.Message{DE: "Lizenz ergänzt", EN: "licence added"}})
		}
		must(st.AddRecordErrors(ctx, j, errs))
		j.Counts = harvest.Counts{Listed: entries + 2, Created: entries, Unchanged: 2, Warnings: entries}
		if state == harvest.JobRunning {
			must(st.Heartbeat(ctx, j, start.Add(3*time.Minute)))
			return j
		}
		j.State, j.FinishedAt, j.Stage, j.Complete = state, start.Add(time.Minute), harvest.StageImport, state == harvest.JobDone
		if state == harvest.JobFailed {
			j.Error = &harvest.Message{DE: "Quelle nicht erreichbar", EN: "source unreachable"}
		}
		must(st.FinishJob(ctx, j))
		return j
	}
	run("hj-a1", "hs-quelle-a", harvest.JobDone, 1234, at)
	run("hj-a2", "hs-quelle-a", harvest.JobFailed, 0, at.Add(time.Hour))
	run("hj-a3", "hs-quelle-a", harvest.JobInterrupted, 0, at.Add(2*time.Hour))
	run("hj-b1", "hs-quelle-b", harvest.JobRunning, 3, at.Add(3*time.Hour))
	for i, ds := range []string{"00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"} {
		_, err := st.MarkMissing(ctx, "hs-quelle-b", ds, at.Add(time.Duration(i)*time.Hour))
		must(err)
	}
}

// runCopy runs the copy command and returns its summary and error.
func runCopy(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	err := m.copy(context.Background(), args)
	if err != nil {
		t.Logf("copy %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.String(), err
}

func TestCopy(t *testing.T) {
	cases := []struct {
		name    string
		damage  string
		s3      bool
		wantErr string
	}{
		{"to PostgreSQL and a local directory", "", false, ""},
		{"to PostgreSQL and S3", "", true, ""},
		{"record checksum does not match its file", "wrong checksum", false, "its record says"},
		{"record points to a missing file", "missing object", false, "which the source does not have"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := t.TempDir()
			datasets, objects := seedEmbedded(t, src, c.damage)
			dbURL := testenv.PostgresURL(t)
			env := map[string]string{}
			target := []string{"--to-data-dir", t.TempDir()}
			var openFiles func() catalog.FileStore
			if c.s3 {
				u, opts := testenv.S3URL(t)
				env["DATENPORTAL_S3_ACCESS_KEY"], env["DATENPORTAL_S3_SECRET_KEY"] = opts.AccessKey, opts.SecretKey
				target = []string{"--to-storage-url", u}
				openFiles = func() catalog.FileStore { fs, _ := files.Open(t.Context(), u, "", opts); return fs }
			} else {
				dir := target[1]
				openFiles = func() catalog.FileStore { fs, _ := files.Open(t.Context(), "", dir, files.Options{}); return fs }
			}
			args := append([]string{"--from-data-dir", src, "--to-database-url", dbURL}, target...)
			out, err := runCopy(t, env, args...)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("copy of a damaged source: %v; want an error saying %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			t.Log("\n" + out)
			for what, want := range map[string]int{"datasets": datasets, "users": 3, "tokens": 3, "memberships": 2,
				"organizations": 2, "files": objects, "harvest sources": seededSources, "harvest jobs": seededJobs} {
				if got := summaryCount(out, what); got != want {
					t.Errorf("summary says %d %s, want %d", got, what, want)
				}
			}
			if !strings.Contains(out, "Verified") {
				t.Error("summary does not say Verified")
			}
			if secret := env["DATENPORTAL_S3_SECRET_KEY"]; secret != "" && strings.Contains(out, secret) {
				t.Error("summary shows a secret")
			}
			checkTarget(t, dbURL, openFiles(), datasets)

			// Again: refused without --force; with it, nothing doubles.
			if _, err := runCopy(t, env, args...); err == nil || !strings.Contains(err.Error(), "not empty") {
				t.Fatalf("second copy without --force: %v", err)
			}
			if _, err := runCopy(t, env, append(args, "--force")...); err != nil {
				t.Fatalf("second copy with --force: %v", err)
			}
			checkTarget(t, dbURL, openFiles(), datasets)
		})
	}
}

// summaryCount reads the number on the summary line about what.
func summaryCount(out, what string) int {
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), what+" "); ok {
			var n int
			fmt.Sscan(rest, &n)
			return n
		}
	}
	return -1
}

// checkTarget looks at the target through the store and file store a
// server instance would use.
func checkTarget(t *testing.T, dbURL string, fs catalog.FileStore, datasets int) {
	t.Helper()
	ctx := t.Context()
	st, err := postgres.Open(ctx, dbURL, postgres.Options{MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, err := st.CountDatasets(ctx, everything); err != nil || n != datasets {
		t.Fatalf("target holds %d datasets, %v; want %d", n, err, datasets)
	}
	cs, err := st.Changes(ctx, 0, 10000)
	if err != nil || len(cs) < datasets || cs[0].Op != catalog.OpCreate {
		t.Fatalf("change log: %d entries, %v", len(cs), err)
	}
	tok, err := st.TokenByHash(ctx, "sha-of-bert")
	if err != nil || tok.UserID != "user-1" || tok.LastUsedAt == nil {
		t.Fatalf("token of bert: %+v, %v", tok, err)
	}
	if u, err := st.User(ctx, "anna"); err != nil || u.PasswordHash != "$2a$10$hash-of-anna" {
		t.Fatalf("user anna: %+v, %v", u, err)
	}
	dl, err := st.Downloads(ctx, []string{"dist-05"})
	if err != nil || dl["dist-05"] != 35 {
		t.Fatalf("downloads of dist-05: %v, %v; want 35 (never doubled)", dl, err)
	}
	d, err := st.Dataset(ctx, "datensatz-09")
	if err != nil {
		t.Fatal(err)
	}
	f, err := fs.Open(ctx, d.Distributions[0].StorageKey)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	body, _ := io.ReadAll(f)
	if want := strings.Repeat("Zeile 9;Straßenbaum\n", 1000); string(body) != want {
		t.Fatalf("file of datensatz-09: %d bytes, want %d", len(body), len(want))
	}
	checkHarvestTarget(t, st)
}

// checkHarvestTarget checks the copied harvest state the way an instance
// on the target sees it: jobs with their states and leases, whole
// reports, marks, and a scheduler's view of what it may claim.
func checkHarvestTarget(t *testing.T, st harvest.Store) {
	t.Helper()
	ctx := t.Context()
	srcs, err := st.Sources(ctx)
	if err != nil || len(srcs) != seededSources || srcs[0].Name != "quelle-a" || string(srcs[0].Config) != `{"withdraw":"mark","grace":"3d"}` {
		t.Fatalf("harvest sources: %+v, %v", srcs, err)
	}
	want := map[string]string{"hj-a1": harvest.JobDone, "hj-a2": harvest.JobFailed, "hj-a3": harvest.JobInterrupted, "hj-b1": harvest.JobRunning}
	entries := 0
	for _, src := range srcs {
		jobs, err := st.Jobs(ctx, src.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range jobs {
			if want[j.ID] != j.State || j.Attempts != 1 {
				t.Errorf("job %s: state %s attempts %d; want %s, 1 attempt", j.ID, j.State, j.Attempts, want[j.ID])
			}
			delete(want, j.ID)
			for off := 0; ; off += 500 {
				page, err := st.RecordErrors(ctx, j.ID, off, 500)
				if err != nil {
					t.Fatal(err)
				}
				entries += len(page)
				if len(page) < 500 {
					break
				}
			}
		}
	}
	if len(want) != 0 || entries != seededEntries {
		t.Errorf("jobs not copied: %v; %d report entries, want %d (never doubled)", want, entries, seededEntries)
	}
	if j, err := st.Job(ctx, "hj-a2"); err != nil || j.Error == nil || j.Error.DE != "Quelle nicht erreichbar" {
		t.Errorf("failed job lost its error: %+v, %v", j, err)
	}
	if j, err := st.ActiveJob(ctx, "hs-quelle-b"); err != nil || j.ID != "hj-b1" || j.LeaseOwner != "alter-server-42" {
		t.Errorf("the running job lost its lease: %+v, %v", j, err)
	}
	if m, err := st.Missing(ctx, "hs-quelle-b"); err != nil || len(m) != seededMarks {
		t.Errorf("missing marks: %v, %v", m, err)
	}
	// The dead instance's job is taken over once its lease has expired.
	j, _ := st.Job(ctx, "hj-b1")
	if _, err := st.ClaimJob(ctx, "hj-b1", "neuer-server", j.LeaseUntil.Add(time.Microsecond), j.LeaseUntil.Add(time.Hour)); err != nil {
		t.Errorf("taking over the copied running job after its lease: %v", err)
	}
}

func TestCopyBadArguments(t *testing.T) {
	src := t.TempDir()
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no target database", []string{"--from-data-dir", src, "--to-data-dir", src}, "--to-database-url is required"},
		{"no target files", []string{"--from-data-dir", src, "--to-database-url", "postgres://x@127.0.0.1/db"}, "--to-storage-url"},
		{"both targets", []string{"--from-data-dir", src, "--to-database-url", "postgres://x@127.0.0.1/db", "--to-data-dir", src,
			"--to-storage-url", "s3://b?endpoint=127.0.0.1:1"}, "not both"},
		{"no embedded database", []string{"--from-data-dir", src, "--to-database-url", "postgres://x@127.0.0.1/db", "--to-data-dir", src}, "no embedded database"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := runCopy(t, nil, c.args...)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("copy %v: %v; want an error saying %q", c.args, err, c.want)
			}
		})
	}
}
