package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

func TestLogin(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name     string
		user     string
		password string
		token    func(b *browser) string
		status   int
		want     string
	}{
		{"ok", "redakteurin", testPassword, func(b *browser) string { return b.csrf("/login") }, 200, "Angemeldet als Rita Redakteurin"},
		{"wrong password", "redakteurin", "falsch-falsch", func(b *browser) string { return b.csrf("/login") }, 401, "Benutzername oder Passwort ist falsch"},
		{"unknown user", "niemand", testPassword, func(b *browser) string { return b.csrf("/login") }, 401, "Benutzername oder Passwort ist falsch"},
		{"no csrf token", "redakteurin", testPassword, func(b *browser) string { b.csrf("/login"); return "" }, 403, "Das Formular war abgelaufen"},
		{"forged csrf token", "redakteurin", testPassword, func(b *browser) string { b.csrf("/login"); return "AAAA" }, 403, "Das Formular war abgelaufen"},
		{"token without session", "redakteurin", testPassword, func(b *browser) string {
			tok := b.csrf("/login")
			b.c.Jar, _ = newJar()
			return tok
		}, 403, "Das Formular war abgelaufen"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := e.browser()
			tok := tc.token(b)
			resp, body := b.post("/login", url.Values{"csrf_token": {tok}, "name": {tc.user}, "password": {tc.password}, "next": {"/dashboard"}})
			if resp.StatusCode != tc.status || !strings.Contains(body, tc.want) {
				t.Fatalf("status %d (want %d), %q missing\n%s", resp.StatusCode, tc.status, tc.want, snippet(body))
			}
		})
	}
}

func TestLoginRateLimit(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	var last int
	for i := 0; i < 7; i++ {
		tok := b.csrf("/login")
		resp, _ := b.post("/login", url.Values{"csrf_token": {tok}, "name": {"redakteurin"}, "password": {"falsch-falsch"}})
		last = resp.StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("after 7 failures: status %d", last)
	}
	// The right password does not help while the bucket is empty.
	tok := b.csrf("/login")
	resp, _ := b.post("/login", url.Values{"csrf_token": {tok}, "name": {"redakteurin"}, "password": {testPassword}})
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("throttled login went through: %d", resp.StatusCode)
	}
	// Another user name from the same address is not blocked by this one.
	b2 := e.browser()
	b2.login(e.admin)
}

func TestLoginRedirectsAndLogout(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	nr := &http.Client{Jar: b.c.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := nr.Get(e.srv.URL + "/dashboard")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2Fdashboard" {
		t.Fatalf("anonymous dashboard: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, next := range []string{"//evil.example/x", "https://evil.example", "/\\evil.example"} {
		tok := b.csrf("/login")
		form := url.Values{"csrf_token": {tok}, "name": {"redakteurin"}, "password": {testPassword}, "next": {next}}
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := nr.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); loc != "/dashboard" {
			t.Errorf("next=%q redirected to %q", next, loc)
		}
	}
	// The session cookie is HttpOnly and SameSite=Lax.
	tok := b.csrf("/login")
	form := url.Values{"csrf_token": {tok}, "name": {"redakteurin"}, "password": {testPassword}}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = nr.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	sc := strings.Join(resp.Header.Values("Set-Cookie"), "\n")
	if !strings.Contains(sc, "dp_session=") || !strings.Contains(sc, "HttpOnly") || !strings.Contains(sc, "SameSite=Lax") {
		t.Errorf("Set-Cookie: %s", sc)
	}
	// Logout needs the CSRF token too.
	resp2, _ := b.post("/logout", url.Values{})
	if resp2.StatusCode != http.StatusForbidden {
		t.Errorf("logout without token: %d", resp2.StatusCode)
	}
	tok = b.csrf("/dashboard")
	_, body := b.post("/logout", url.Values{"csrf_token": {tok}})
	if !strings.Contains(body, "Anmelden") || strings.Contains(body, "Abmelden") {
		t.Errorf("still logged in after logout")
	}
}

func TestCSRFRejected(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(e.editor)
	good := b.csrf("/dataset/new")
	form := func(tok string) url.Values {
		return url.Values{"csrf_token": {tok}, "title": {"Angriff"}, "description": {"x"}, "organization": {e.org.ID}, "state": {"active"}}
	}
	tests := []struct {
		name   string
		tok    string
		origin string
		site   string
		status int
	}{
		{"missing", "", "", "", 403},
		{"wrong", "x" + good[1:], "", "", 403},
		{"other origin", good, "https://evil.example", "", 403},
		{"cross-site fetch", good, "", "cross-site", 403},
		{"same origin", good, e.srv.URL, "same-origin", 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/dataset/new", strings.NewReader(form(tc.tok).Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.origin != "" {
				req.Header.Set("Origin", tc.origin)
			}
			if tc.site != "" {
				req.Header.Set("Sec-Fetch-Site", tc.site)
			}
			resp, body := b.do(req)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tc.status, snippet(body))
			}
		})
	}
	// Only the accepted request created a dataset.
	n, err := e.svc.CountDatasets(e.as(e.editor), catalog.ListFilter{IncludePrivate: true, IncludeDrafts: true})
	if err != nil || n != 1 {
		t.Fatalf("%d datasets, %v", n, err)
	}
}
