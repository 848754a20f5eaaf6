package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/internal/record"
)

func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func testDataset(i int) *catalog.Dataset {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	return &catalog.Dataset{ID: fmt.Sprintf("id-%06d", i), Name: fmt.Sprintf("name-%06d", i), State: catalog.StateActive,
		Title: "T", CreatedAt: t0, ModifiedAt: t0.Add(time.Duration(i) * time.Second),
		Distributions: []catalog.Distribution{{ID: fmt.Sprintf("dist-%06d", i)}}}
}

func TestPragmas(t *testing.T) {
	s := openTest(t)
	cases := []struct {
		pool         string
		pragma, want string
	}{
		{"writer", "journal_mode", "wal"},
		{"writer", "foreign_keys", "1"},
		{"writer", "synchronous", "1"},
		{"writer", "busy_timeout", "10000"},
		{"reader", "journal_mode", "wal"},
		{"reader", "foreign_keys", "1"},
		{"reader", "query_only", "1"},
		{"reader", "busy_timeout", "10000"},
	}
	for _, c := range cases {
		db := s.w
		if c.pool == "reader" {
			db = s.r
		}
		var got string
		if err := db.QueryRow("PRAGMA " + c.pragma).Scan(&got); err != nil || got != c.want {
			t.Errorf("%s: PRAGMA %s = %q, %v; want %q", c.pool, c.pragma, got, err, c.want)
		}
	}
}

// While a write transaction is open (here held on purpose), reads go on.
func TestReadsDoNotWaitForWrites(t *testing.T) {
	s := openTest(t)
	if _, err := s.CreateDataset(t.Context(), testDataset(1)); err != nil {
		t.Fatal(err)
	}
	tx, err := s.w.BeginTx(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE datasets SET state = 'draft'"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	d, err := s.Dataset(ctx, "id-000001")
	if err != nil || d.State != catalog.StateActive {
		t.Fatalf("read during a write: %v, %v; want the committed dataset", d, err)
	}
	if n, err := s.CountDatasets(ctx, catalog.DatasetFilter{}); err != nil || n != 1 {
		t.Fatalf("count during a write: %d, %v", n, err)
	}
	// A writer, by contrast, queues and honours its context.
	short, cancelShort := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancelShort()
	if _, err := s.CreateDataset(short, testDataset(2)); err == nil {
		t.Fatal("second writer ran while the first held the write connection")
	}
}

func TestCorruptDocument(t *testing.T) {
	s := openTest(t)
	if _, err := s.CreateDataset(t.Context(), testDataset(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec("UPDATE datasets SET doc = '{\"title\": 5'"); err != nil {
		t.Fatal(err)
	}
	_, err := s.Dataset(t.Context(), "id-000001")
	e := catalog.AsError(err)
	if e == nil || e.Code != catalog.EINTERNAL || strings.Contains(e.Message, "SELECT") {
		t.Fatalf("corrupt document: %v; want an internal error with a safe message", err)
	}
	err = s.EachDataset(t.Context(), catalog.DatasetFilter{}, func(*catalog.Dataset) error { return nil })
	if catalog.ErrorCode(err) != catalog.EINTERNAL {
		t.Fatalf("EachDataset over a corrupt document: %v", err)
	}
}

func TestDriverErrorsStaySafe(t *testing.T) {
	s := openTest(t)
	if _, err := s.w.Exec("DROP TABLE downloads"); err != nil {
		t.Fatal(err)
	}
	err := s.AddDownloads(t.Context(), map[string]int64{"x": 1})
	e := catalog.AsError(err)
	if e == nil || e.Code != catalog.EINTERNAL || e.Message != "Internal error" || e.Err == nil {
		t.Fatalf("driver error: %#v; want EINTERNAL with the cause kept in Err only", err)
	}
}

func TestMigrationFiles(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ms {
		if m.version != i+1 {
			t.Errorf("migration %s has version %d, want %d: versions must be 1, 2, 3, …", m.name, m.version, i+1)
		}
		if strings.TrimSpace(m.sql) == "" {
			t.Errorf("migration %s is empty", m.name)
		}
	}
}

// EachDataset must query in batches rather than hold one result set: a
// dataset created while the walk is in its first batch, with a name that
// sorts last, shows up in a later batch.
func TestEachDatasetBatches(t *testing.T) {
	s := openTest(t)
	n := batchSize + 10
	for i := range n {
		if _, err := s.CreateDataset(t.Context(), testDataset(i)); err != nil {
			t.Fatal(err)
		}
	}
	seen := 0
	err := s.EachDataset(t.Context(), catalog.DatasetFilter{}, func(d *catalog.Dataset) error {
		if seen == 0 {
			late := testDataset(999999)
			if _, err := s.CreateDataset(t.Context(), late); err != nil {
				return err
			}
		}
		seen++
		return nil
	})
	if err != nil || seen != n+1 {
		t.Fatalf("EachDataset saw %d datasets, %v; want %d (written during the walk, in a later batch)", seen, err, n+1)
	}
}

func TestInvalidUTF8Field(t *testing.T) {
	cases := []struct {
		name string
		edit func(d *catalog.Dataset)
		want string
	}{
		{"valid", func(d *catalog.Dataset) { d.Title = "Grünflächen \ufffd" }, ""},
		{"title", func(d *catalog.Dataset) { d.Title = "\xff" }, "title"},
		{"keyword", func(d *catalog.Dataset) { d.Keywords = []string{"a", "b\xc0"} }, "keywords.1"},
		{"extra value", func(d *catalog.Dataset) { d.Extras = map[string]string{"k": "\xfe"} }, "extras.k"},
		{"extra key", func(d *catalog.Dataset) { d.Extras = map[string]string{"\xfe": "v"} }, "extras"},
		{"resource", func(d *catalog.Dataset) { d.Distributions[0].Extras = map[string]string{"k": "\x80"} }, "resources.0.extras.k"},
		{"publisher", func(d *catalog.Dataset) { d.Publisher = &catalog.Agent{Name: "\xc3"} }, "publisher.name"},
	}
	for _, c := range cases {
		d := testDataset(1)
		c.edit(d)
		if got := record.InvalidUTF8Field(d); got != c.want {
			t.Errorf("%s: field %q, want %q", c.name, got, c.want)
		}
	}
}

func TestDocumentTooLarge(t *testing.T) {
	s := openTest(t)
	d := testDataset(1)
	d.Description = strings.Repeat("x", MaxDocumentBytes)
	_, err := s.CreateDataset(t.Context(), d)
	if catalog.ErrorCode(err) != catalog.ETOOLARGE {
		t.Fatalf("oversized dataset: %v, want ETOOLARGE", err)
	}
}
