package harvesttest

import (
	"reflect"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

func testSources(t *testing.T, s harvest.Store) {
	b, a := source("bremen"), source("aachen")
	a.Schedule, a.NextRunAt, a.Config = "", time.Time{}, nil
	mustCreate(t, s, b)
	mustCreate(t, s, a)
	for _, key := range []string{b.ID, b.Name} {
		got, err := s.Source(ctx(t), key)
		if err != nil {
			t.Fatalf("Source(%s): %v", key, err)
		}
		if !reflect.DeepEqual(got, b) {
			t.Errorf("Source(%s) = %+v\nwant %+v", key, got, b)
		}
	}
	got, err := s.Source(ctx(t), a.Name)
	if err != nil || !got.NextRunAt.IsZero() || len(got.Config) != 0 || got.Schedule != "" {
		t.Errorf("manual source read back as %+v, %v (zero times and empty config must stay zero)", got, err)
	}
	list, err := s.Sources(ctx(t))
	if err != nil || len(list) != 2 || list[0].Name != "aachen" || list[1].Name != "bremen" {
		t.Fatalf("Sources = %v, %v; want aachen, bremen", names(list), err)
	}
	b.URL, b.ModifiedAt = "https://neu.example.de/", t0.Add(time.Minute)
	if err := s.UpdateSource(ctx(t), b); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Source(ctx(t), b.ID); got.URL != b.URL || !got.ModifiedAt.Equal(b.ModifiedAt) {
		t.Errorf("after UpdateSource: %+v", got)
	}
	done := t0.Add(2 * time.Hour)
	if err := s.SetLastComplete(ctx(t), b.ID, done); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Source(ctx(t), b.ID); !got.LastCompleteAt.Equal(done) {
		t.Errorf("LastCompleteAt = %s, want %s", got.LastCompleteAt, done)
	}
	_, err = s.Source(ctx(t), "nope")
	wantCode(t, "Source(unknown)", err, catalog.ENOTFOUND)
	wantCode(t, "SetLastComplete(unknown)", s.SetLastComplete(ctx(t), "nope", done), catalog.ENOTFOUND)
}

func names(list []*harvest.SourceConfig) []string {
	var out []string
	for _, s := range list {
		out = append(out, s.Name)
	}
	return out
}

func testSourceConflicts(t *testing.T, s harvest.Store) {
	mustCreate(t, s, source("rostock"))
	dupName := source("rostock")
	dupName.ID = "other-id"
	wantCode(t, "CreateSource(duplicate name)", s.CreateSource(ctx(t), dupName), catalog.ECONFLICT)
	dupID := source("wismar")
	dupID.ID = "src-rostock"
	wantCode(t, "CreateSource(duplicate id)", s.CreateSource(ctx(t), dupID), catalog.ECONFLICT)
	mustCreate(t, s, source("wismar"))
	ren := source("wismar")
	ren.Name = "rostock"
	wantCode(t, "UpdateSource(to a taken name)", s.UpdateSource(ctx(t), ren), catalog.ECONFLICT)
	wantCode(t, "UpdateSource(unknown)", s.UpdateSource(ctx(t), source("unbekannt")), catalog.ENOTFOUND)
	empty := source("x")
	empty.Name = ""
	wantCode(t, "CreateSource(no name)", s.CreateSource(ctx(t), empty), catalog.EINVALID)
	wantCode(t, "DeleteSource(unknown)", s.DeleteSource(ctx(t), "nope"), catalog.ENOTFOUND)
}

func testDeleteCascade(t *testing.T, s harvest.Store) {
	src := source("weg")
	mustCreate(t, s, src)
	mustEnqueue(t, s, job("j1", src.ID, t0))
	j := claim(t, s, "j1", "a", t0, time.Minute)
	if err := s.AddRecordErrors(ctx(t), j, []harvest.RecordError{{Seq: 1, Stage: harvest.StageGather, Severity: harvest.SeverityError,
		Message: harvest.Message{DE: "x", EN: "x"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MarkMissing(ctx(t), src.ID, "ds-1", t0); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSource(ctx(t), src.ID); err != nil {
		t.Fatal(err)
	}
	_, err := s.Job(ctx(t), "j1")
	wantCode(t, "Job after DeleteSource", err, catalog.ENOTFOUND)
	if errs, err := s.RecordErrors(ctx(t), "j1", 0, 10); err != nil || len(errs) != 0 {
		t.Errorf("report entries after DeleteSource: %v, %v", errs, err)
	}
	if m, err := s.Missing(ctx(t), src.ID); err != nil || len(m) != 0 {
		t.Errorf("marks after DeleteSource: %v, %v", m, err)
	}
	// The name is free again.
	mustCreate(t, s, source("weg"))
}
