package harvest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/harvest"
)

func endpoint(srv *httptest.Server) string { return strings.TrimPrefix(srv.URL, "http://") }

func TestClientGuard(t *testing.T) {
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"secret":true}`))
	}))
	defer internal.Close()
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-internal":
			http.Redirect(w, r, internal.URL+"/meta-data", http.StatusFound)
		case "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case "/to-localhost":
			http.Redirect(w, r, "http://localhost:"+strings.Split(endpoint(internal), ":")[1]+"/", http.StatusFound)
		case "/to-file":
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		default:
			w.Write([]byte(`{"ok":true}`))
		}
	}))
	defer public.Close()
	// The "public" server is reachable as a single allowed endpoint; every
	// other internal address stays refused.
	c := harvest.NewClient(harvest.ClientOptions{AllowEndpoints: []string{endpoint(public)}, Timeout: 5 * time.Second})
	for _, tc := range []struct {
		path, want string
	}{
		{"/ok", ""},
		{"/to-internal", "internal address"},
		{"/to-metadata", "internal address"},
		{"/to-localhost", "internal address"},
		{"/to-file", "only http and https"},
		{"/loop", "redirects"},
	} {
		_, err := c.Get(context.Background(), public.URL+tc.path, "", nil)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.path, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want one mentioning %q", tc.path, err, tc.want)
		}
	}
	if _, err := c.Get(context.Background(), internal.URL, "", nil); err == nil || !strings.Contains(err.Error(), "DATENPORTAL_HARVEST_ALLOW_PRIVATE") {
		t.Errorf("direct request to 127.0.0.1: %v", err)
	}
	for _, u := range []string{"file:///etc/passwd", "ftp://example.org/x", "http:///nohost", "gopher://x"} {
		if _, err := c.Get(context.Background(), u, "", nil); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
	allow := harvest.NewClient(harvest.ClientOptions{AllowPrivate: true})
	if _, err := allow.Get(context.Background(), public.URL+"/to-internal", "", nil); err != nil {
		t.Errorf("with AllowPrivate the redirect must work: %v", err)
	}
}

func TestClientLimits(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big":
			w.Write([]byte(strings.Repeat("x", 5000)))
		case "/big-chunked":
			for range 10 {
				w.Write([]byte(strings.Repeat("y", 600)))
				w.(http.Flusher).Flush()
			}
		case "/slow":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		case "/drip":
			for range 50 {
				w.Write([]byte("a"))
				w.(http.Flusher).Flush()
				time.Sleep(20 * time.Millisecond)
			}
		case "/500":
			http.Error(w, "boom", 500)
		case "/html":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<!DOCTYPE html><html><body>Anmeldung</body></html>"))
		}
	}))
	defer srv.Close()
	c := harvest.NewClient(harvest.ClientOptions{AllowPrivate: true, MaxBytes: 4096, Timeout: 300 * time.Millisecond})
	for _, tc := range []struct{ path, want string }{
		{"/big", "larger than 4096"},
		{"/big-chunked", "larger than 4096"},
		{"/slow", "timeout"},
		{"/drip", "timeout"},
		{"/500", "HTTP status 500"},
	} {
		start := time.Now()
		_, err := c.Get(context.Background(), srv.URL+tc.path, "", nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.path, err, tc.want)
		}
		if time.Since(start) > 3*time.Second {
			t.Errorf("%s took %s", tc.path, time.Since(start))
		}
		if m := harvest.MessageOf(err); m.DE == "" || m.DE == m.EN {
			t.Errorf("%s: no German message: %+v", tc.path, m)
		}
	}
	resp, err := c.Get(context.Background(), srv.URL+"/html", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := harvest.DecodeJSON(resp, resp.Body, &v); err == nil || !strings.Contains(err.Error(), "HTML") {
		t.Errorf("HTML page decoded as JSON: %v", err)
	}
	if _, err := harvest.ParseXML(resp, resp.Body); err == nil || !strings.Contains(err.Error(), "HTML") {
		t.Errorf("HTML page parsed as XML: %v", err)
	}
}

func TestInternalAddresses(t *testing.T) {
	c := harvest.NewClient(harvest.ClientOptions{Timeout: time.Second})
	for _, addr := range []string{"127.0.0.1", "127.8.9.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
		"100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "224.0.0.1", "[::]"} {
		host := addr
		if ip, err := netip.ParseAddr(strings.Trim(addr, "[]")); err == nil && ip.Is6() && !ip.Is4In6() || strings.Contains(addr, "::ffff") {
			host = "[" + strings.Trim(addr, "[]") + "]"
		}
		_, err := c.Get(context.Background(), "http://"+host+":9/", "", nil)
		if err == nil || !strings.Contains(err.Error(), "internal address") {
			t.Errorf("%s: %v, want refused as internal", addr, err)
		}
	}
}
