package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

func testWeb(t *testing.T, base string, now *time.Time) *Web {
	t.Helper()
	w, err := New(catalog.NewService(nil), Options{BaseURL: base, SessionKey: []byte(strings.Repeat("s", 32)),
		Now: func() time.Time { return *now }})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestSessionCookie(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	w := testWeb(t, "http://localhost:8080", &now)
	s := session{UserID: "u1", Nonce: "n1", Exp: now.Add(time.Hour).Unix(), PW: "abc"}
	good := w.encodeSession(s)
	other := testWeb(t, "http://localhost:8080", &now)
	other.keys = deriveKeys([]byte(strings.Repeat("o", 32)))
	tests := []struct {
		name string
		v    string
		w    *Web
		at   time.Time
		ok   bool
	}{
		{"valid", good, w, now, true},
		{"same key, other instance", good, testWeb(t, "http://other:8080", &now), now, true},
		{"other key", good, other, now, false},
		{"tampered payload", "x" + good[1:], w, now, false},
		{"tampered signature", good[:len(good)-2] + "AA", w, now, false},
		{"expired", good, w, now.Add(2 * time.Hour), false},
		{"no dot", strings.ReplaceAll(good, ".", ""), w, now, false},
		{"too long", strings.Repeat("a", 2000), w, now, false},
		{"empty", "", w, now, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			saved := now
			now = tc.at
			defer func() { now = saved }()
			got, ok := tc.w.decodeSession(tc.v)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if ok && got != s {
				t.Fatalf("got %+v", got)
			}
		})
	}
}

func TestSecureCookieOnHTTPS(t *testing.T) {
	now := time.Now()
	for _, tc := range []struct {
		base, name string
		secure     bool
	}{
		{"https://daten.musterstadt.de", "__Host-dp_session", true},
		{"http://127.0.0.1:8080", "dp_session", false},
	} {
		w := testWeb(t, tc.base, &now)
		gin.SetMode(gin.TestMode)
		rec := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(rec)
		c.Request = httptest.NewRequest(http.MethodGet, "/", nil)
		w.ensureSession(c)
		ck := rec.Result().Cookies()
		if len(ck) != 1 || ck[0].Name != tc.name || ck[0].Secure != tc.secure || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteLaxMode {
			t.Errorf("%s: cookie %+v", tc.base, ck)
		}
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/dataset/x?y=1": "/dataset/x?y=1", "": "/dashboard", "//evil": "/dashboard", "https://evil": "/dashboard",
		"/\\evil": "/dashboard", "javascript:alert(1)": "/dashboard", "/ok\r\nX: y": "/dashboard",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLimiter(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter(2, 0.5, func() time.Time { return now })
	steps := []struct {
		advance time.Duration
		key     string
		want    bool
	}{
		{0, "a", true}, {0, "a", true}, {0, "a", false}, {0, "b", true},
		{time.Second, "a", false}, {time.Second, "a", true}, {0, "a", false},
		{time.Hour, "a", true}, {0, "a", true}, {0, "a", false},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		if got := l.allow(s.key); got != s.want {
			t.Fatalf("step %d: allow(%s) = %v, want %v", i, s.key, got, s.want)
		}
	}
}

func TestLoadSessionKey(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(SessionKeyEnv, "")
	k1, err := LoadSessionKey(dir)
	if err != nil || len(k1) != 32 {
		t.Fatalf("%v %d", err, len(k1))
	}
	k2, err := LoadSessionKey(dir)
	if err != nil || string(k1) != string(k2) {
		t.Fatal("the key file is not reused")
	}
	t.Setenv(SessionKeyEnv, strings.Repeat("e", 40))
	k3, err := LoadSessionKey(dir)
	if err != nil || string(k3) != strings.Repeat("e", 40) {
		t.Fatalf("env key not used: %v", err)
	}
	t.Setenv(SessionKeyEnv, "short")
	if _, err := LoadSessionKey(dir); err == nil {
		t.Fatal("short key accepted")
	}
}
