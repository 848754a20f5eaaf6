package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestPasswordChange(t *testing.T) {
	e := newEnv(t)
	const newPassword = "ein-langer-neuer-satz"
	other := e.browser() // a second session of the same user, elsewhere
	other.login(e.editor)
	b := e.browser()
	b.login(e.editor)
	resp, body := b.get("/user/password")
	if resp.StatusCode != 200 || !strings.Contains(body, `autocomplete="current-password"`) || !strings.Contains(body, `autocomplete="new-password"`) {
		t.Fatalf("form: %d\n%s", resp.StatusCode, snippet(body))
	}
	tok := csrfRE.FindStringSubmatch(body)[1]
	tests := []struct {
		name                  string
		current, next, repeat string
		status                int
		want                  []string
	}{
		{"all empty", "", "", "", 422, []string{`href="#f-current"`, `href="#f-new"`, "Bitte ausfüllen."}},
		{"mismatch", testPassword, newPassword, newPassword + "x", 422, []string{`href="#f-confirm"`, "stimmen nicht überein"}},
		{"same as before", testPassword, testPassword, testPassword, 422, []string{`href="#f-new"`, "muss sich vom aktuellen unterscheiden"}},
		{"wrong current", "falsch-falsch", newPassword, newPassword, 422, []string{`href="#f-current"`, `aria-invalid="true"`, "Das aktuelle Passwort ist falsch."}},
		{"too short (Service)", testPassword, "kurz", "kurz", 422, []string{`href="#f-new"`, "8 bis 72 Zeichen"}},
		{"ok", testPassword, newPassword, newPassword, 200, []string{"Ihr Passwort wurde geändert.", "Abmelden"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := b.post("/user/password", url.Values{"csrf_token": {tok}, "current": {tc.current}, "new": {tc.next}, "confirm": {tc.repeat}})
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tc.status, snippet(body))
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("missing %q\n%s", w, snippet(body))
				}
			}
			if strings.Contains(body, tc.current) && tc.current != "" || tc.next != "" && strings.Contains(body, `value="`+tc.next) {
				t.Error("the page shows a password")
			}
		})
	}
	if _, err := e.svc.Login(context.Background(), e.editor.Name, newPassword); err != nil {
		t.Errorf("new password does not work: %v", err)
	}
	// This browser stays logged in; the other session has ended.
	if _, body := b.get("/dashboard"); !strings.Contains(body, "Abmelden") {
		t.Error("logged out by the own password change")
	}
	if _, body := other.get("/dashboard"); strings.Contains(body, "Abmelden") {
		t.Error("the other session survived the password change")
	}
}

func TestPasswordChangeGuards(t *testing.T) {
	e := newEnv(t)
	anon := e.browser()
	nr := &http.Client{Jar: anon.c.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := nr.Get(e.srv.URL + "/user/password")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2Fuser%2Fpassword" {
		t.Errorf("anonymous: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	b := e.browser()
	b.login(e.editor)
	tok := b.csrf("/user/password")
	form := func(tok string) url.Values {
		return url.Values{"csrf_token": {tok}, "current": {"falsch-falsch"}, "new": {"neues-passwort-1"}, "confirm": {"neues-passwort-1"}}
	}
	if resp, _ := b.post("/user/password", form("")); resp.StatusCode != http.StatusForbidden {
		t.Errorf("without CSRF token: %d", resp.StatusCode)
	}
	// Guessing the current password through this form is throttled like
	// logins: five tries, then one every 20 seconds.
	var last int
	var body string
	for i := 0; i < 7; i++ {
		resp, body = b.post("/user/password", form(tok))
		last = resp.StatusCode
	}
	if last != http.StatusTooManyRequests || !strings.Contains(body, "Zu viele Versuche") {
		t.Fatalf("after 7 wrong passwords: %d\n%s", last, snippet(body))
	}
	good := url.Values{"csrf_token": {tok}, "current": {testPassword}, "new": {"neues-passwort-1"}, "confirm": {"neues-passwort-1"}}
	if resp, _ := b.post("/user/password", good); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("throttled change went through: %d", resp.StatusCode)
	}
	// Another user is not affected.
	o := e.browser()
	o.login(e.admin)
	otok := o.csrf("/user/password")
	if resp, body := o.post("/user/password", url.Values{"csrf_token": {otok}, "current": {testPassword}, "new": {"neues-passwort-2"},
		"confirm": {"neues-passwort-2"}}); resp.StatusCode != 200 {
		t.Errorf("other user: %d\n%s", resp.StatusCode, snippet(body))
	}
}
