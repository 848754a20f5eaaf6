package harvest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

func wantCounts(t *testing.T, j *harvest.Job, want harvest.Counts) {
	t.Helper()
	got := j.Counts
	got.Warnings, got.WarningsDropped = 0, 0
	if got != want {
		t.Errorf("counts = %+v\nwant     %+v (state %s, error %v)", got, want, j.State, j.Error)
	}
}

func TestLifecycle(t *testing.T) {
	w := newWorld(t)
	src := w.addSource(t, "quelle", `{"withdraw":"delete","contributor_id":"http://dcat-ap.de/def/contributors/quelle"}`)
	w.fake.set(rec("a", "Haltestellen ÖPNV"), rec("b", "Parkhäuser"))

	j := w.run(t, src.Name)
	if j.State != harvest.JobDone || !j.Complete || j.Incremental {
		t.Fatalf("first run: state %s complete %v incremental %v error %v", j.State, j.Complete, j.Incremental, j.Error)
	}
	wantCounts(t, j, harvest.Counts{Listed: 2, Created: 2})
	ds := w.harvested(t, src.ID)
	a := ds["a"]
	if a == nil || a.Name != "haltestellen-oepnv" || a.OrganizationID != w.org.ID || a.State != catalog.StateActive {
		t.Fatalf("dataset a = %+v", a)
	}
	if h := a.Harvest; h.SourceID != src.ID || h.OriginalIRI != "https://quelle.example.de/dataset/a" || h.ContentHash == "" || h.LastHarvested.IsZero() {
		t.Errorf("harvest info = %+v", h)
	}
	if !contains(a.ContributorIDs, "http://dcat-ap.de/def/contributors/quelle") {
		t.Errorf("contributor IDs %v lack the source's", a.ContributorIDs)
	}
	if lic := a.Distributions[0].License; lic != "http://dcat-ap.de/def/licenses/dl-by-de/2.0" {
		t.Errorf("licence %q not normalised", lic)
	}
	distID := ds["b"].Distributions[0].ID

	seq := w.lastSeq(t)
	j = w.run(t, src.Name)
	wantCounts(t, j, harvest.Counts{Listed: 2, Unchanged: 2})
	if got := w.lastSeq(t); got != seq {
		t.Errorf("re-run without changes wrote %d change-log entries", got-seq)
	}

	b := rec("b", "Parkhäuser und Parkplätze")
	w.fake.set(rec("a", "Haltestellen ÖPNV"), b)
	j = w.run(t, src.Name)
	wantCounts(t, j, harvest.Counts{Listed: 2, Updated: 1, Unchanged: 1})
	nb := w.harvested(t, src.ID)["b"]
	if nb.Name != "parkhaeuser" || nb.Title != "Parkhäuser und Parkplätze" {
		t.Errorf("updated dataset: name %q (must stay stable), title %q", nb.Name, nb.Title)
	}
	if nb.Distributions[0].ID != distID {
		t.Errorf("distribution id changed from %s to %s", distID, nb.Distributions[0].ID)
	}

	w.fake.set(b)
	j = w.run(t, src.Name)
	wantCounts(t, j, harvest.Counts{Listed: 1, Unchanged: 1, Withdrawn: 1})
	if st := w.harvested(t, src.ID)["a"].State; st != catalog.StateDeleted {
		t.Errorf("vanished dataset is %s, want deleted", st)
	}

	w.fake.set(rec("a", "Haltestellen ÖPNV"), b)
	j = w.run(t, src.Name)
	wantCounts(t, j, harvest.Counts{Listed: 2, Updated: 1, Unchanged: 1})
	if got := w.harvested(t, src.ID)["a"]; got.State != catalog.StateActive || got.ID != a.ID || got.Name != a.Name {
		t.Errorf("returning record must revive the same dataset: %s %s %s", got.ID, got.Name, got.State)
	}

	// The per-source lookups.
	if id, err := harvest.DatasetForOriginal(t.Context(), w.store, src.ID, "a"); err != nil || id != a.ID {
		t.Errorf("DatasetForOriginal = %s, %v; want %s", id, err, a.ID)
	}
	if _, err := harvest.DatasetForOriginal(t.Context(), w.store, src.ID, "nope"); catalog.ErrorCode(err) != catalog.ENOTFOUND {
		t.Errorf("DatasetForOriginal(unknown) = %v", err)
	}
	if ids, err := harvest.DatasetIDs(t.Context(), w.store, src.ID); err != nil || len(ids) != 2 {
		t.Errorf("DatasetIDs = %v, %v", ids, err)
	}
}

func TestWithdrawAfterGrace(t *testing.T) {
	w := newWorld(t)
	src := w.addSource(t, "quelle", `{"grace":"48h"}`)
	w.fake.set(rec("a", "Alpha"), rec("b", "Beta"))
	w.run(t, src.Name)

	w.fake.set(rec("b", "Beta"))
	j := w.run(t, src.Name)
	wantCounts(t, j, harvest.Counts{Listed: 1, Unchanged: 1, Missing: 1})
	if st := w.harvested(t, src.ID)["a"].State; st != catalog.StateActive {
		t.Fatalf("within the grace period the dataset must stay: %s", st)
	}
	rep := w.report(t, j.ID)
	if !hasEntry(rep, "a", harvest.StageWithdraw, "wird ab") {
		t.Errorf("report does not announce the withdrawal: %+v", rep.Entries)
	}
	w.advance(24 * time.Hour)
	j = w.run(t, src.Name)
	wantCounts(t, j, harvest.Counts{Listed: 1, Unchanged: 1, Missing: 1})
	w.advance(25 * time.Hour)
	j = w.run(t, src.Name)
	wantCounts(t, j, harvest.Counts{Listed: 1, Unchanged: 1, Withdrawn: 1})
	if st := w.harvested(t, src.ID)["a"].State; st != catalog.StateDeleted {
		t.Errorf("after the grace period: %s, want deleted", st)
	}
	// A dataset that comes back within the grace period loses its mark.
	w.fake.set(rec("b", "Beta"))
	w.fake.set()
	w.fake.set(rec("c", "Gamma"), rec("b", "Beta"))
	w.run(t, src.Name)
	w.fake.set(rec("b", "Beta"))
	w.run(t, src.Name)
	w.advance(40 * time.Hour)
	w.fake.set(rec("c", "Gamma"), rec("b", "Beta"))
	w.run(t, src.Name)
	marks, _ := w.store.Missing(t.Context(), src.ID)
	if len(marks) != 0 {
		t.Errorf("marks after the dataset returned: %v", marks)
	}
}

func TestIncompleteListing(t *testing.T) {
	for _, tc := range []struct {
		name, config  string
		state         string
		counts        harvest.Counts
		newImported   bool
		withdrawnNone bool
	}{
		{"fail", `{"withdraw":"delete"}`, harvest.JobFailed, harvest.Counts{Listed: 1}, false, true},
		{"partial", `{"withdraw":"delete","on_error":"partial"}`, harvest.JobPartial, harvest.Counts{Listed: 1, Created: 1}, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			src := w.addSource(t, "quelle", tc.config)
			w.fake.set(rec("a", "Alpha"), rec("b", "Beta"), rec("c", "Gamma"))
			w.run(t, src.Name)
			w.fake.set(rec("n", "Neu"), rec("b", "Beta"), rec("c", "Gamma"))
			w.fake.failAt = 2
			seq := w.lastSeq(t)
			j := w.run(t, src.Name)
			if j.State != tc.state || j.Complete || j.Stage != harvest.StageGather || j.Error == nil || !strings.Contains(j.Error.EN, "500") {
				t.Fatalf("state %s complete %v stage %s error %v", j.State, j.Complete, j.Stage, j.Error)
			}
			wantCounts(t, j, tc.counts)
			ds := w.harvested(t, src.ID)
			for _, id := range []string{"a", "b", "c"} {
				if ds[id].State != catalog.StateActive {
					t.Errorf("%s withdrawn after an incomplete listing", id)
				}
			}
			if _, ok := ds["n"]; ok != tc.newImported {
				t.Errorf("new record imported = %v, want %v", ok, tc.newImported)
			}
			if !tc.newImported && w.lastSeq(t) != seq {
				t.Errorf("a failed listing wrote to the catalogue")
			}
		})
	}
}

func TestRepairsAndRejections(t *testing.T) {
	w := newWorld(t)
	src := w.addSource(t, "quelle", `{"default_license":"dl-zero-de/2.0"}`)
	broken := rec("kaputt", "Kaputte Angaben")
	d := broken.Dataset
	d.Description = "<p>Erste Zeile<br>zweite &amp; <a href=\"https://x.de/doku\">Doku</a></p><ul><li>eins</li></ul>"
	d.LandingPage = "keine url"
	d.Themes = append(d.Themes, "Sonstiges")
	d.Languages = []string{"http://publications.europa.eu/resource/authority/language/GER"}
	d.Publisher = &catalog.Agent{Name: "Amt für Geoinformation (geo@musterstadt.de)"}
	d.ContactPoint = &catalog.ContactPoint{Name: "Nur ein Name"}
	d.Distributions[0].License = "Irgendeine Lizenz"
	d.Distributions = append(d.Distributions, catalog.Distribution{Title: "ohne URL"},
		catalog.Distribution{AccessURL: "https://x.de/b.csv", Format: "Quatsch"})
	noDesc := rec("ohne-beschreibung", "Nur Titel")
	noDesc.Dataset.Description = ""
	noTitle := rec("ohne-titel", "")
	w.fake.set(broken, noDesc, noTitle, rec("gut", "Gute Daten"))

	j := w.run(t, src.Name)
	wantCounts(t, j, harvest.Counts{Listed: 4, Created: 3, Failed: 1})
	if j.State != harvest.JobDone {
		t.Fatalf("a rejected record must not fail the job: %s %v", j.State, j.Error)
	}
	ds := w.harvested(t, src.ID)
	k := ds["kaputt"]
	if k == nil {
		t.Fatal("repairable record was rejected")
	}
	if want := "Erste Zeile\nzweite & [Doku](https://x.de/doku)\n\n- eins"; k.Description != want {
		t.Errorf("description = %q, want %q", k.Description, want)
	}
	if k.LandingPage != "" || len(k.Themes) != 1 || k.Languages[0] != "http://publications.europa.eu/resource/authority/language/DEU" {
		t.Errorf("landing page %q, themes %v, languages %v", k.LandingPage, k.Themes, k.Languages)
	}
	if k.Publisher.Name != "Amt für Geoinformation" || k.Publisher.Email != "geo@musterstadt.de" {
		t.Errorf("publisher = %+v", k.Publisher)
	}
	if k.ContactPoint == nil || k.ContactPoint.Email != "opendata@musterstadt.de" {
		t.Errorf("contact point = %+v, want the organisation's e-mail added", k.ContactPoint)
	}
	if len(k.Distributions) != 2 || k.Distributions[0].License != "http://dcat-ap.de/def/licenses/dl-zero-de/2.0" || k.Distributions[1].Format != "" {
		t.Errorf("distributions = %+v", k.Distributions)
	}
	if got := ds["ohne-beschreibung"]; got == nil || got.Description != "Nur Titel" {
		t.Errorf("missing description not repaired: %+v", got)
	}
	rep := w.report(t, j.ID)
	if !hasEntry(rep, "ohne-titel", harvest.StageImport, "rejected") || !hasEntry(rep, "kaputt", harvest.StageImport, "default licence") {
		for _, e := range rep.Entries {
			t.Logf("%s %s %s %s: %s | %s", e.Severity, e.Stage, e.OriginalID, e.Field, e.EN, e.DE)
		}
		t.Error("report lacks the rejection or the licence repair")
	}
	for _, e := range rep.Entries {
		if e.DE == "" || e.EN == "" || len(e.DE) > harvest.MaxMessageLen || len(e.EN) > harvest.MaxMessageLen {
			t.Errorf("entry without both languages or over the cap: %+v", e)
		}
	}
	// Re-running repairs the same way: nothing changes.
	seq := w.lastSeq(t)
	j = w.run(t, src.Name)
	wantCounts(t, j, harvest.Counts{Listed: 4, Unchanged: 3, Failed: 1})
	if w.lastSeq(t) != seq {
		t.Error("repaired records are written again on every run")
	}
}

func TestNamesAndLocalEdits(t *testing.T) {
	w := newWorld(t)
	sys := catalog.WithActor(t.Context(), catalog.System)
	local := rec("x", "Baustellen").Dataset
	local.Name, local.OrganizationID = "baustellen", w.org.ID
	local.Distributions[0].License = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
	if _, _, err := w.svc.CreateDataset(sys, local); err != nil {
		t.Fatal(err)
	}
	src := w.addSource(t, "quelle", "")
	w.fake.set(rec("1", "Baustellen"), rec("2", "Baustellen"), rec("3", "new"))
	w.run(t, src.Name)
	ds := w.harvested(t, src.ID)
	if ds["1"].Name != "baustellen-2" || ds["2"].Name != "baustellen-3" || ds["3"].Name == "new" {
		t.Errorf("names: %s, %s, %s", ds["1"].Name, ds["2"].Name, ds["3"].Name)
	}

	// Local edits of harvested datasets are refused, even for the
	// organisation's editors.
	u, err := w.svc.CreateUser(sys, &catalog.User{Name: "redakteurin"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.svc.SetMember(sys, w.org.Name, u.Name, catalog.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	editor, err := w.svc.ActorFor(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	ectx := catalog.WithActor(t.Context(), editor)
	edit := ds["1"].Clone()
	edit.Title = "Lokal geändert"
	if _, _, err := w.svc.UpdateDataset(ectx, edit, time.Time{}); catalog.ErrorCode(err) != catalog.EFORBIDDEN {
		t.Errorf("local edit of a harvested dataset: %v, want forbidden", err)
	}
	// The next harvest still owns it.
	j := w.run(t, src.Name)
	wantCounts(t, j, harvest.Counts{Listed: 3, Unchanged: 3})
}

func hasEntry(r *harvest.Report, id, stage, text string) bool {
	for _, e := range r.Entries {
		if e.OriginalID == id && e.Stage == stage && (strings.Contains(e.EN, text) || strings.Contains(e.DE, text)) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
