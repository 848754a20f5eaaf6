package harvest_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/schemas"
	"github.com/datenportal/datenportal/storage/sqlite"
)

// fakeSource serves records from memory; tests change them between runs.
type fakeSource struct {
	mu      sync.Mutex
	records []*harvest.Record
	failAt  int           // >0: the listing breaks off before this record (1-based)
	delay   time.Duration // per record, to make jobs slow
	started chan struct{} // closed when a gather starts (once)
	once    sync.Once
	gathers int
}

func (f *fakeSource) set(recs ...*harvest.Record) {
	f.mu.Lock()
	f.records = recs
	f.mu.Unlock()
}

func (f *fakeSource) Gather(ctx context.Context, req *harvest.GatherRequest, emit func(harvest.Item) error) (bool, error) {
	f.mu.Lock()
	recs, failAt, delay := f.records, f.failAt, f.delay
	f.gathers++
	f.mu.Unlock()
	if f.started != nil {
		f.once.Do(func() { close(f.started) })
	}
	for i, r := range recs {
		if failAt > 0 && i+1 == failAt {
			return false, harvest.Errorf("HTTP-Status 500 von Seite 2", "HTTP status 500 from page 2")
		}
		if delay > 0 {
			select {
			case <-ctx.Done():
				return false, ctx.Err()
			case <-time.After(delay):
			}
		}
		b := *r
		b.Dataset = r.Dataset.Clone()
		if err := emit(harvest.Item{ID: r.ID, Record: &b}); err != nil {
			return false, err
		}
	}
	return true, nil
}

func (f *fakeSource) Fetch(ctx context.Context, id string) (*harvest.Record, error) {
	return nil, errors.New("not supported")
}

// world is a catalogue with one organisation, a harvester and a fake
// source registered as kind "fake".
type world struct {
	store *sqlite.Store
	svc   *catalog.Service
	h     *harvest.Harvester
	fake  *fakeSource
	org   *catalog.Organization
	now   time.Time
	mu    sync.Mutex
}

func newWorld(t testing.TB) *world {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &world{store: st, fake: &fakeSource{}, now: time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)}
	w.svc = catalog.NewService(st)
	w.svc.Validator = schemas.NewValidator()
	sys := catalog.WithActor(t.Context(), catalog.System)
	w.org, err = w.svc.CreateOrganization(sys, &catalog.Organization{Name: "stadt-musterstadt", Title: "Stadt Musterstadt",
		Email: "opendata@musterstadt.de", ContributorID: "http://dcat-ap.de/def/contributors/stadtMusterstadt"})
	if err != nil {
		t.Fatal(err)
	}
	w.h = w.harvester("instance-a", time.Minute)
	return w
}

func (w *world) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

func (w *world) advance(d time.Duration) {
	w.mu.Lock()
	w.now = w.now.Add(d)
	w.mu.Unlock()
}

func (w *world) harvester(instance string, lease time.Duration) *harvest.Harvester {
	return harvest.New(harvest.Config{
		Store: w.store, Catalog: w.svc, Instance: instance, Lease: lease, Now: w.clock,
		Kinds:  harvest.Kinds{"fake": func(*harvest.SourceConfig, *harvest.Env) (harvest.Source, error) { return w.fake, nil }},
		Client: harvest.ClientOptions{AllowPrivate: true},
	})
}

func (w *world) addSource(t testing.TB, name, config string) *harvest.SourceConfig {
	t.Helper()
	src, err := w.h.AddSource(t.Context(), &harvest.SourceConfig{Name: name, Kind: "fake", URL: "https://quelle.example.de/",
		OrganizationID: w.org.Name, Config: []byte(config)})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func (w *world) run(t testing.TB, src string) *harvest.Job {
	t.Helper()
	j, err := w.h.Run(t.Context(), src)
	if err != nil {
		t.Fatalf("Run(%s): %v", src, err)
	}
	return j
}

func (w *world) lastSeq(t *testing.T) int64 {
	t.Helper()
	seq, err := w.store.LastSeq(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

func (w *world) report(t *testing.T, jobID string) *harvest.Report {
	t.Helper()
	r, err := harvest.LoadReport(t.Context(), w.store, jobID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// harvested returns the datasets of a source by original id.
func (w *world) harvested(t *testing.T, sourceID string) map[string]*catalog.Dataset {
	t.Helper()
	out := map[string]*catalog.Dataset{}
	err := w.store.EachDataset(t.Context(), catalog.DatasetFilter{HarvestSourceID: sourceID,
		States: []string{catalog.StateActive, catalog.StateDeleted, catalog.StateDraft}, Visibility: catalog.Visibility{AllPrivate: true}},
		func(d *catalog.Dataset) error { out[d.Harvest.OriginalID] = d; return nil })
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// rec builds a record as a source would map it.
func rec(id, title string) *harvest.Record {
	mod, _ := catalog.ParseDate("2025-04-01")
	return &harvest.Record{ID: id, IRI: "https://quelle.example.de/dataset/" + id, Dataset: &catalog.Dataset{
		Title: title, Description: "Beschreibung von " + title, Keywords: []string{"Verkehr"},
		Themes:       []string{"http://publications.europa.eu/resource/authority/data-theme/TRAN"},
		Modified:     mod,
		ContactPoint: &catalog.ContactPoint{Name: "Amt 62", Email: "amt62@musterstadt.de"},
		Distributions: []catalog.Distribution{{Title: "CSV", AccessURL: "https://quelle.example.de/files/" + id + ".csv",
			Format: "CSV", License: "dl-de-by-2.0", LicenseAttribution: "Stadt Musterstadt"}},
	}}
}
