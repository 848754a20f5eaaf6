package harvest_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

func TestServiceAuthorisation(t *testing.T) {
	w := newWorld(t)
	src := w.addSource(t, "quelle", `{"api_key":"geheim","withdraw":"delete"}`)
	w.fake.set(rec("a", "Alpha"))
	job := w.run(t, src.Name)
	sys := catalog.WithActor(t.Context(), catalog.System)
	actor := func(name, role string) *catalog.Actor {
		u, err := w.svc.CreateUser(sys, &catalog.User{Name: name}, "")
		if err != nil {
			t.Fatal(err)
		}
		if role != "" {
			if err := w.svc.SetMember(sys, w.org.Name, name, role); err != nil {
				t.Fatal(err)
			}
		}
		a, err := w.svc.ActorFor(t.Context(), u)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	svc := &harvest.Service{Store: w.store}
	h := svc.Handler("/api/harvest")
	for _, tc := range []struct {
		who    string
		actor  *catalog.Actor
		status int
	}{
		{"anonymous", catalog.Anonymous, http.StatusForbidden},
		{"editor", actor("ed", catalog.RoleEditor), http.StatusForbidden},
		{"org admin", actor("adm", catalog.RoleAdmin), http.StatusOK},
		{"sysadmin", catalog.System, http.StatusOK},
	} {
		for _, path := range []string{"/api/harvest/sources/quelle", "/api/harvest/sources/quelle/jobs", "/api/harvest/jobs/" + job.ID} {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req = req.WithContext(catalog.WithActor(req.Context(), tc.actor))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Errorf("%s GET %s: %d, want %d: %s", tc.who, path, rec.Code, tc.status, rec.Body)
			}
			if strings.Contains(rec.Body.String(), "geheim") {
				t.Errorf("%s GET %s leaks the api key", tc.who, path)
			}
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/api/harvest/jobs/"+job.ID, nil)
	req = req.WithContext(catalog.WithActor(req.Context(), catalog.System))
	resp := httptest.NewRecorder()
	h.ServeHTTP(resp, req)
	var rep harvest.Report
	if err := json.Unmarshal(resp.Body.Bytes(), &rep); err != nil || rep.Job.ID != job.ID || rep.Job.Counts.Created != 1 || rep.Source.Name != "quelle" {
		t.Errorf("report JSON: %v %+v", err, rep)
	}
	// Listing only shows what the actor may see.
	list, err := svc.Sources(catalog.WithActor(t.Context(), actor("fremd", "")))
	if err != nil || len(list) != 0 {
		t.Errorf("a user of no organisation sees %d sources, %v", len(list), err)
	}
	for _, p := range []string{"/api/harvest/nope", "/api/harvest/jobs/unknown"} {
		req := httptest.NewRequest(http.MethodGet, p, nil)
		req = req.WithContext(catalog.WithActor(req.Context(), catalog.System))
		resp := httptest.NewRecorder()
		h.ServeHTTP(resp, req)
		if resp.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d", p, resp.Code)
		}
	}
	var text strings.Builder
	full, _ := harvest.LoadReport(t.Context(), w.store, job.ID)
	full.WriteText(&text, "de")
	if !strings.Contains(text.String(), "neu 1") || !strings.Contains(text.String(), "quelle") {
		t.Errorf("text report:\n%s", text.String())
	}
}
