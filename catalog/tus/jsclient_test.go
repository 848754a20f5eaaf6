package tus_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const tusJSClient = "tus-js-client@4.3.1"

// nodeClient installs tus-js-client with npm (once per machine, in the
// user cache) and returns the directory to run scripts in. Without node,
// npm or the registry the test is skipped loudly; DATENPORTAL_REQUIRE_NPM=1
// turns that into a failure.
func nodeClient(t *testing.T) string {
	t.Helper()
	skip := func(why string) string {
		msg := "!!! TUS-JS-CLIENT TEST SKIPPED: " + why
		if os.Getenv("DATENPORTAL_REQUIRE_NPM") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
		return ""
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			return skip(tool + " is not installed")
		}
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "datenportal", strings.ReplaceAll(tusJSClient, "@", "-"))
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "tus-js-client", "package.json")); err != nil {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", dir, tusJSClient)
		if out, err := cmd.CombinedOutput(); err != nil {
			return skip("npm install " + tusJSClient + " failed: " + err.Error() + ": " + string(out))
		}
	}
	script, err := os.ReadFile("testdata/upload.js")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "upload.js"), script, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// cutProxy forwards TCP connections to target and cuts the first
// connection that carries more than after bytes towards the server: a
// flaky line in the middle of an upload.
type cutProxy struct {
	ln     net.Listener
	target atomic.Value // string
	after  int64
	cut    atomic.Bool
	wg     sync.WaitGroup
}

func newCutProxy(t *testing.T, after int64) *cutProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, after: after}
	go p.serve()
	t.Cleanup(func() { ln.Close(); p.wg.Wait() })
	return p
}

func (p *cutProxy) URL() string { return "http://" + p.ln.Addr().String() }

func (p *cutProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.relay(c)
		}()
	}
}

func (p *cutProxy) relay(c net.Conn) {
	defer c.Close()
	s, err := net.Dial("tcp", p.target.Load().(string))
	if err != nil {
		return
	}
	defer s.Close()
	go func() { _, _ = io.Copy(c, s); c.Close() }()
	var n int64
	buf := make([]byte, 64<<10)
	for {
		k, err := c.Read(buf)
		if k > 0 {
			if !p.cut.Load() && n+int64(k) > p.after {
				if p.cut.CompareAndSwap(false, true) {
					_, _ = s.Write(buf[:p.after-n])
					return // both sides close mid-body
				}
			}
			if _, werr := s.Write(buf[:k]); werr != nil {
				return
			}
			n += int64(k)
		}
		if err != nil {
			return
		}
	}
}

// A real tus client uploads through a connection that breaks mid-file,
// resumes by itself, and the file arrives whole as a distribution.
func TestTusJSClient(t *testing.T) {
	dir := nodeClient(t)
	cases := []struct {
		name  string
		size  int
		chunk int // 0: the whole rest in one PATCH, tus-js-client's default
	}{
		{"one request per attempt", 9*mib + 333, 0},
		{"chunks of 2 MiB", 7*mib + 5, 2 * mib},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, 64*mib)
			p := newCutProxy(t, int64(c.size/2))
			e.public = p.URL()
			e.start()
			p.target.Store(e.srv.Listener.Addr().String())
			data := randomData(c.size, byte(20+i))
			file := filepath.Join(t.TempDir(), "messwerte.csv")
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, "node", "upload.js", p.URL()+"/api/upload/tus/", e.editor, file, e.dataset.Name, strconv.Itoa(c.chunk))
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			t.Logf("tus-js-client:\n%s", out)
			if err != nil {
				var ee *exec.ExitError
				if !errors.As(err, &ee) {
					t.Fatal(err)
				}
				t.Fatalf("tus-js-client failed: %v", err)
			}
			var rid string
			retried := false
			sc := bufio.NewScanner(strings.NewReader(string(out)))
			for sc.Scan() {
				f := strings.Fields(sc.Text())
				switch {
				case len(f) == 2 && f[0] == "RESOURCE":
					rid = f[1]
				case len(f) > 0 && f[0] == "RETRY":
					retried = true
				}
			}
			if !p.cut.Load() || !retried {
				t.Fatalf("the connection was not cut (%v) or the client did not retry (%v)", p.cut.Load(), retried)
			}
			d, x, err := e.svc.Distribution(systemCtx(), rid)
			if err != nil {
				t.Fatalf("resource %q: %v", rid, err)
			}
			if x.Title != "Messwerte" || x.FileName != "messwerte-2024.csv" {
				t.Fatalf("distribution %+v", x)
			}
			e.checkStored(x, e.srv.URL+"/dataset/"+d.ID+"/resource/"+x.ID+"/download/"+x.FileName, data)
			if left := e.debris(false); len(left) > 0 {
				t.Fatalf("partial data left: %v", left)
			}
			// One upload, resumed: not a second one started from scratch.
			if infos := e.debris(true); len(infos) != 1 {
				t.Fatalf("uploads created: %v, want one", infos)
			}
		})
	}
}
