package harvesttest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

func testRecordErrors(t *testing.T, s harvest.Store) {
	src := source("trier")
	mustCreate(t, s, src)
	mustEnqueue(t, s, job("j1", src.ID, t0))
	j := claim(t, s, "j1", "a", t0, time.Hour)
	const n = 2500
	var batch []harvest.RecordError
	for i := 1; i <= n; i++ {
		batch = append(batch, harvest.RecordError{Seq: i, OriginalID: fmt.Sprintf("rec-%04d", i), DatasetID: "ds",
			Stage: harvest.StageImport, Severity: harvest.SeverityError, Field: "distributions.0.license",
			Message: harvest.Message{DE: "Lizenz ungültig – „äöü“", EN: "licence invalid"}})
		if len(batch) == 700 || i == n {
			if err := s.AddRecordErrors(ctx(t), j, batch); err != nil {
				t.Fatal(err)
			}
			batch = nil
		}
	}
	var all []harvest.RecordError
	for off := 0; ; off += 1000 {
		page, err := s.RecordErrors(ctx(t), "j1", off, 1000)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		if len(page) < 1000 {
			break
		}
	}
	if len(all) != n {
		t.Fatalf("read %d entries, want %d (no cap on errors)", len(all), n)
	}
	for i, e := range all {
		if e.Seq != i+1 || e.OriginalID != fmt.Sprintf("rec-%04d", i+1) || e.JobID != "j1" {
			t.Fatalf("entry %d = %+v: out of order", i, e)
		}
	}
	if e := all[0]; e.DE != "Lizenz ungültig – „äöü“" || e.EN != "licence invalid" || e.Field != "distributions.0.license" ||
		e.Stage != harvest.StageImport || e.Severity != harvest.SeverityError || e.DatasetID != "ds" {
		t.Errorf("entry read back as %+v", e)
	}
	long := strings.Repeat("ß", 400)
	if err := s.AddRecordErrors(ctx(t), j, []harvest.RecordError{{Seq: n + 1, Stage: harvest.StageFetch,
		Severity: harvest.SeverityWarning, Message: harvest.Message{DE: long, EN: "x"}}}); err != nil {
		t.Fatal(err)
	}
	if page, _ := s.RecordErrors(ctx(t), "j1", n, 10); len(page) != 1 || page[0].DE != long {
		t.Errorf("long message not kept as written")
	}

	// Only the lease owner writes into the report.
	other := *j
	other.LeaseOwner = "b"
	wantCode(t, "AddRecordErrors by another instance", s.AddRecordErrors(ctx(t), &other, []harvest.RecordError{{Seq: n + 2,
		Stage: harvest.StageImport, Severity: harvest.SeverityError, Message: harvest.Message{DE: "x", EN: "x"}}}), catalog.ECONFLICT)

	// A new attempt (after the lease expired) starts with an empty report
	// and zero counts.
	j.Counts.Listed = 9
	if err := s.Heartbeat(ctx(t), j, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	again := claim(t, s, "j1", "b", t0.Add(2*time.Hour), time.Hour)
	if again.Counts.Listed != 0 || again.Error != nil {
		t.Errorf("claimed attempt kept the old counts: %+v", again.Counts)
	}
	if page, _ := s.RecordErrors(ctx(t), "j1", 0, 10); len(page) != 0 {
		t.Errorf("claimed attempt kept %d old report entries", len(page))
	}
	j.State = harvest.JobDone
	wantCode(t, "AddRecordErrors by the previous owner", s.AddRecordErrors(ctx(t), j, []harvest.RecordError{{Seq: 1,
		Stage: harvest.StageImport, Severity: harvest.SeverityError, Message: harvest.Message{DE: "x", EN: "x"}}}), catalog.ECONFLICT)
}

func testMissing(t *testing.T, s harvest.Store) {
	src := source("gotha")
	mustCreate(t, s, src)
	since, err := s.MarkMissing(ctx(t), src.ID, "ds-1", t0)
	if err != nil || !since.Equal(t0) {
		t.Fatalf("MarkMissing = %s, %v", since, err)
	}
	since, err = s.MarkMissing(ctx(t), src.ID, "ds-1", t0.Add(48*time.Hour))
	if err != nil || !since.Equal(t0) {
		t.Fatalf("second MarkMissing = %s, %v; want the first mark's time", since, err)
	}
	if _, err := s.MarkMissing(ctx(t), src.ID, "ds-2", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	m, err := s.Missing(ctx(t), src.ID)
	if err != nil || len(m) != 2 || !m["ds-2"].Equal(t0.Add(time.Hour)) {
		t.Fatalf("Missing = %v, %v", m, err)
	}
	if err := s.ClearMissing(ctx(t), src.ID, []string{"ds-1", "unknown"}); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Missing(ctx(t), src.ID); len(m) != 1 || m["ds-2"].IsZero() {
		t.Errorf("after ClearMissing: %v", m)
	}
	if m, _ := s.Missing(ctx(t), "other"); len(m) != 0 {
		t.Errorf("marks leak across sources: %v", m)
	}
}
