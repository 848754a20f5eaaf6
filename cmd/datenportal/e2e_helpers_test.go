package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/dcat/graph"
	"github.com/datenportal/datenportal/search/gen"
)

// openTestApp opens the store and file store of dataDir's stack the way
// the admin commands do (no index), so a test can publish through
// catalog.Service while serve runs; serve's indexer picks the writes up
// from the change log. The caller closes it.
func openTestApp(t *testing.T, dataDir string) *app {
	t.Helper()
	m := &Main{Stderr: io.Discard, Getenv: testEnv(t, dataDir)}
	cfg, fs, err := m.commandConfig("test", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	a, err := openApp(context.Background(), cfg, slog.New(slog.DiscardHandler), appOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// generated is what loadGenerated published.
type generated struct {
	// public are the ids of the active, public datasets: those that the
	// DCAT catalogue, package_list and anonymous search must show.
	public []string
	// hidden are the ids of private, draft or deleted datasets, which must
	// appear nowhere public.
	hidden []string
}

// loadGenerated publishes n datasets of the search/gen catalogue (seed
// 2026, 8 organisations) through catalog.Service as the operator does,
// keeping the generator's mix of private, draft and deleted datasets.
// Values the generator invents that publish validation would refuse are
// fixed first (see fixGenerated).
func loadGenerated(t *testing.T, dataDir string, n int) generated {
	t.Helper()
	a := openTestApp(t, dataDir)
	defer a.Close()
	ctx := catalog.WithActor(context.Background(), catalog.System)
	g := gen.New(2026, 8)
	orgs := map[string]*catalog.Organization{}
	for _, o := range g.Organizations() {
		c := *o
		created, err := a.svc.CreateOrganization(ctx, &c)
		if err != nil {
			t.Fatalf("organisation %s: %v", o.Name, describe(err))
		}
		orgs[o.ID] = created
	}
	var out generated
	err := g.Each(n, func(d *catalog.Dataset) error {
		state := d.State
		fixGenerated(d, orgs[d.OrganizationID])
		if _, _, err := a.svc.CreateDataset(ctx, d); err != nil {
			return fmt.Errorf("dataset %s: %w", d.Name, describe(err))
		}
		if state == catalog.StateDeleted {
			if err := a.svc.DeleteDataset(ctx, d.ID); err != nil {
				return fmt.Errorf("deleting %s: %w", d.Name, err)
			}
		}
		if d.Private || state != catalog.StateActive {
			out.hidden = append(out.hidden, d.ID)
		} else {
			out.public = append(out.public, d.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// fixGenerated makes a generated dataset publishable: it belongs to the
// organisation as created in this store (new id), and a deleted dataset is
// created active and deleted afterwards, because CreateDataset accepts
// only active and draft.
func fixGenerated(d *catalog.Dataset, org *catalog.Organization) {
	d.OrganizationID = org.ID
	if d.State == catalog.StateDeleted {
		d.State = catalog.StateActive
	}
}

// httpGet fetches url and returns the body; any status but 200 fails.
func httpGet(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading body: %v", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, clipBody(b))
	}
	return b
}

func clipBody(b []byte) string {
	if len(b) > 500 {
		return string(b[:500]) + "…"
	}
	return string(b)
}

// parseRDF reads one served document with our own parser; limits are
// raised because a full dump is larger than one harvested page.
func parseRDF(t *testing.T, what string, b []byte, f graph.Format) *graph.Graph {
	t.Helper()
	g, err := graph.Read(strings.NewReader(string(b)), f, "", graph.Limits{MaxBytes: 1 << 30, MaxTriples: 10_000_000})
	if err != nil {
		t.Fatalf("%s: our %s parser: %v", what, f, err)
	}
	return g
}
