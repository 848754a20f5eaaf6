package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

var secretRE = regexp.MustCompile(`id="new-token">(dp_[A-Za-z0-9_-]+)<`)

func TestTokens(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(e.editor)
	tok := b.csrf("/user/tokens")
	resp, body := b.post("/user/tokens", url.Values{"csrf_token": {tok}, "name": {"Import <Skript>"}})
	m := secretRE.FindStringSubmatch(body)
	if resp.StatusCode != 200 || m == nil {
		t.Fatalf("create: %d\n%s", resp.StatusCode, snippet(body))
	}
	if !strings.Contains(body, "Import &lt;Skript&gt;") || resp.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("token list or caching wrong: %q", resp.Header.Get("Cache-Control"))
	}
	a, err := e.svc.Authenticate(context.Background(), m[1])
	if err != nil || !a.LoggedIn() || a.User.ID != e.editor.ID {
		t.Fatalf("the shown secret does not authenticate: %v", err)
	}
	// Shown once: the list page does not contain it.
	_, body = b.get("/user/tokens")
	if strings.Contains(body, m[1]) {
		t.Error("secret shown again")
	}
	ts, _ := e.svc.Tokens(e.as(e.editor), e.editor.ID)
	if len(ts) != 1 {
		t.Fatalf("%d tokens", len(ts))
	}
	// Another user cannot revoke it.
	o := e.browser()
	o.login(e.reader)
	otok := o.csrf("/user/tokens")
	if resp, _ := o.post("/user/tokens/"+ts[0].ID+"/revoke", url.Values{"csrf_token": {otok}}); resp.StatusCode == 200 {
		t.Error("another user revoked the token")
	}
	resp, _ = b.post("/user/tokens/"+ts[0].ID+"/revoke", url.Values{"csrf_token": {tok}})
	if resp.StatusCode != 200 {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	if a, _ := e.svc.Authenticate(context.Background(), m[1]); a.LoggedIn() {
		t.Error("revoked token still works")
	}
}

func TestMembers(t *testing.T) {
	e := newEnv(t)
	admin := e.browser()
	admin.login(e.admin)
	_, body := admin.get("/organization/musterstadt/members")
	if !strings.Contains(body, "redakteurin") || !strings.Contains(body, "Mitglied hinzufügen") {
		t.Fatalf("members page\n%s", snippet(body))
	}
	tok := csrfRE.FindStringSubmatch(body)[1]
	tests := []struct {
		name   string
		form   url.Values
		path   string
		status int
		want   string
	}{
		{"add", url.Values{"username": {"leser"}, "role": {"member"}}, "/organization/musterstadt/members", 200, "Lesend"},
		{"unknown user", url.Values{"username": {"niemand"}, "role": {"editor"}}, "/organization/musterstadt/members", 422, "Benutzer nicht gefunden"},
		{"bad role", url.Values{"username": {"leser"}, "role": {"king"}}, "/organization/musterstadt/members", 422, "Ungültige Rolle"},
		{"remove", url.Values{}, "/organization/musterstadt/members/leser/remove", 200, "Gespeichert"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.form.Set("csrf_token", tok)
			resp, body := admin.post(tc.path, tc.form)
			if resp.StatusCode != tc.status || !strings.Contains(body, tc.want) {
				t.Fatalf("status %d (want %d), %q missing\n%s", resp.StatusCode, tc.status, tc.want, snippet(body))
			}
		})
	}
	// Editors see the list but cannot change it.
	ed := e.browser()
	ed.login(e.editor)
	_, body = ed.get("/organization/musterstadt/members")
	if strings.Contains(body, "Mitglied hinzufügen") {
		t.Error("editor sees the member form")
	}
	etok := csrfRE.FindStringSubmatch(body)[1]
	resp, _ := ed.post("/organization/musterstadt/members", url.Values{"csrf_token": {etok}, "username": {"leser"}, "role": {"admin"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("editor changed members: %d", resp.StatusCode)
	}
	// Outsiders cannot even see it.
	o := e.browser()
	o.login(e.reader)
	if resp, _ := o.get("/organization/musterstadt/members"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("outsider sees members: %d", resp.StatusCode)
	}
	ms, _ := e.svc.Members(e.as(e.admin), e.org.ID)
	for _, m := range ms {
		if m.UserID == e.reader.ID {
			t.Error("removed member still there")
		}
	}
}

func TestDashboard(t *testing.T) {
	e := newEnv(t)
	e.dataset(catalog.Dataset{Name: "fertig", Title: "Fertiger Datensatz", Themes: []string{themeGOVE}})
	e.dataset(catalog.Dataset{Name: "entwurf", Title: "Halber Entwurf", Description: " ", State: catalog.StateDraft})
	e.dataset(catalog.Dataset{Name: "intern", Title: "Interner Datensatz", Private: true})
	b := e.browser()
	b.login(e.editor)
	_, body := b.get("/dashboard")
	for _, want := range []string{"Stadt Musterstadt", "Fertiger Datensatz", "Halber Entwurf", "Interner Datensatz", "3 Datensätze, auch Entwürfe und private",
		"Entwurf", "Privat", "Fehler", "Neuer Datensatz", "Excel-Liste importieren", "/dataset/fertig/edit"} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard misses %q", want)
		}
	}
	if !strings.Contains(body, `class="row-error"`) {
		t.Error("the draft without description is not flagged")
	}
	o := e.browser()
	o.login(e.reader)
	_, body = o.get("/dashboard")
	if !strings.Contains(body, "Sie gehören noch keiner Organisation an") || strings.Contains(body, "Interner Datensatz") {
		t.Errorf("reader dashboard\n%s", snippet(body))
	}
}
