package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

// Removing a source from the portal: editors get 403, a post without the
// CSRF token does nothing, a queued job makes the admin wait, and then the
// admin removes it after a confirmation page and sees what happened. A
// crafted notice link shows nothing.
func TestHarvestRemovePage(t *testing.T) {
	e := newHarvestEnv(t, true)
	src := e.addSource("quelle", "https://ckan.nachbarort.example/")

	ed := e.browser()
	ed.login(e.editor)
	etok := ed.csrf("/dashboard")
	if resp, _ := ed.get("/harvest/quelle/remove"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("editor sees the remove page: %d", resp.StatusCode)
	}
	if resp, _ := ed.post("/harvest/quelle/remove", url.Values{"csrf_token": {etok}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("editor removes: %d", resp.StatusCode)
	}

	b := e.browser()
	b.login(e.admin)
	resp, body := b.get("/harvest/quelle/remove")
	if resp.StatusCode != 200 || !strings.Contains(body, "Quelle „quelle“") || !strings.Contains(body, `name="keep_datasets"`) {
		t.Fatalf("remove page: %d\n%s", resp.StatusCode, snippet(body))
	}
	if resp, _ := b.post("/harvest/quelle/remove", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("remove without CSRF token: %d", resp.StatusCode)
	}
	tok := b.csrf("/harvest/quelle")
	if _, body := b.post("/harvest/quelle/run", url.Values{"csrf_token": {tok}}); !strings.Contains(body, "eingereiht") {
		t.Fatalf("run now did not queue a job\n%s", snippet(body))
	}
	if _, body := b.post("/harvest/quelle/remove", url.Values{"csrf_token": {tok}}); !strings.Contains(body, "bereits ein Lauf") {
		t.Errorf("removal with a queued job not refused\n%s", snippet(body))
	}
	if _, err := e.hstore.Source(e.ctx, src.ID); err != nil {
		t.Fatalf("refused removal removed the source: %v", err)
	}
	jobs, err := e.hstore.Jobs(e.ctx, src.ID, 0)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("jobs: %v %v", jobs, err)
	}
	// The job ends (as a scheduler would finish it).
	now := time.Now().UTC().Truncate(time.Microsecond)
	claimed, err := e.hstore.ClaimJob(e.ctx, jobs[0].ID, "test-instance", now, now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	claimed.State, claimed.FinishedAt = harvest.JobDone, now
	if err := e.hstore.FinishJob(e.ctx, claimed); err != nil {
		t.Fatal(err)
	}

	resp, body = b.post("/harvest/quelle/remove", url.Values{"csrf_token": {tok}, "keep_datasets": {"1"}})
	if resp.StatusCode != 200 || !strings.Contains(body, "Die Quelle „quelle“ wurde entfernt: 0 Datensätze zurückgezogen, 0 als eigene") {
		t.Fatalf("remove: %d\n%s", resp.StatusCode, snippet(body))
	}
	if _, err := e.hstore.Source(e.ctx, src.ID); catalog.ErrorCode(err) != catalog.ENOTFOUND {
		t.Errorf("source still stored: %v", err)
	}
	for _, q := range []string{"removed=%3Cb%3Ebetrug%3C%2Fb%3E&withdrawn=1&kept=2", "removed=quelle&withdrawn=alle&kept=2"} {
		if _, body := b.get("/harvest?" + q); strings.Contains(body, "wurde entfernt") {
			t.Errorf("crafted notice %q is shown\n%s", q, snippet(body))
		}
	}
}
