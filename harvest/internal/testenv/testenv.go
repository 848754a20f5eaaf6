// Package testenv sets up what the tests of the source kinds share: a
// real SQLite store with the catalogue Service and the DCAT-AP.de
// validator, an organisation, a harvester allowed to reach 127.0.0.1, and
// injectable faults for httptest servers. Only tests import it.
package testenv

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/schemas"
	"github.com/datenportal/datenportal/storage/sqlite"
)

// Env is a catalogue with one organisation and a harvester.
type Env struct {
	Store *sqlite.Store
	Svc   *catalog.Service
	H     *harvest.Harvester
	Org   *catalog.Organization
}

// New opens a fresh environment with the given kinds.
func New(t testing.TB, kinds harvest.Kinds) *Env {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "env.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &Env{Store: st, Svc: catalog.NewService(st)}
	e.Svc.Validator = schemas.NewValidator()
	e.Org, err = e.Svc.CreateOrganization(catalog.WithActor(t.Context(), catalog.System), &catalog.Organization{
		Name: "stadt-musterstadt", Title: "Stadt Musterstadt", Email: "opendata@musterstadt.de",
		ContributorID: "http://dcat-ap.de/def/contributors/stadtMusterstadt"})
	if err != nil {
		t.Fatal(err)
	}
	e.H = harvest.New(harvest.Config{Store: st, Catalog: e.Svc, Kinds: kinds,
		Client: harvest.ClientOptions{AllowPrivate: true}, SpoolDir: t.TempDir()})
	return e
}

// AddSource configures a source owned by the organisation.
func (e *Env) AddSource(t testing.TB, name, kind, url, config string) *harvest.SourceConfig {
	t.Helper()
	src, err := e.H.AddSource(t.Context(), &harvest.SourceConfig{Name: name, Kind: kind, URL: url,
		OrganizationID: e.Org.Name, Config: []byte(config)})
	if err != nil {
		t.Fatalf("AddSource: %v", err)
	}
	return src
}

// Run harvests a source now.
func (e *Env) Run(t testing.TB, source string) *harvest.Job {
	t.Helper()
	j, err := e.H.Run(t.Context(), source)
	if err != nil {
		t.Fatalf("Run(%s): %v", source, err)
	}
	return j
}

// LastSeq is the change log's last sequence.
func (e *Env) LastSeq(t testing.TB) int64 {
	t.Helper()
	seq, err := e.Store.LastSeq(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

// Datasets returns the datasets of a source by original id, all states.
func (e *Env) Datasets(t testing.TB, sourceID string) map[string]*catalog.Dataset {
	t.Helper()
	out := map[string]*catalog.Dataset{}
	err := e.Store.EachDataset(t.Context(), catalog.DatasetFilter{HarvestSourceID: sourceID,
		States: []string{catalog.StateActive, catalog.StateDeleted, catalog.StateDraft}, Visibility: catalog.Visibility{AllPrivate: true}},
		func(d *catalog.Dataset) error { out[d.Harvest.OriginalID] = d; return nil })
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Report loads a job's report.
func (e *Env) Report(t testing.TB, jobID string) *harvest.Report {
	t.Helper()
	r, err := harvest.LoadReport(t.Context(), e.Store, jobID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// LogReport writes a report's entries to the test log (for failures).
func LogReport(t testing.TB, r *harvest.Report) {
	t.Helper()
	t.Logf("job %s: state %s counts %+v error %v", r.Job.ID, r.Job.State, r.Job.Counts, r.Job.Error)
	for _, e := range r.Entries {
		t.Logf("  %s %s %s [%s] %s", e.Severity, e.Stage, e.OriginalID, e.Field, e.EN)
	}
}

// Fixture reads testdata/name.
func Fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
