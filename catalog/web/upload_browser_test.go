package web_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/tus"
)

// cuttingProxy forwards TCP to target and, once, loses the first answer
// after the browser sent cutAt bytes (in an upload, a PATCH's 204) and
// closes that connection, as when a train enters a tunnel.
type cuttingProxy struct {
	ln     net.Listener
	target string
	cutAt  int64
	sent   atomic.Int64
	cut    atomic.Bool
	heads  atomic.Int32 // HEAD requests to the tus endpoint: resumes
	wg     sync.WaitGroup
	mu     sync.Mutex
	conns  map[net.Conn]bool // open, for closing at the end: Chromium keeps its connections alive
}

func newCuttingProxy(t *testing.T, target string, cutAt int64) *cuttingProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cuttingProxy{ln: ln, target: target, cutAt: cutAt, conns: map[net.Conn]bool{}}
	p.wg.Go(p.serve)
	t.Cleanup(func() {
		ln.Close()
		p.mu.Lock()
		for c := range p.conns {
			c.Close()
		}
		p.mu.Unlock()
		p.wg.Wait()
	})
	return p
}

func (p *cuttingProxy) track(c net.Conn, open bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if open {
		p.conns[c] = true
	} else {
		delete(p.conns, c)
	}
}

func (p *cuttingProxy) URL() string { return "http://" + p.ln.Addr().String() }

func (p *cuttingProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Go(func() { p.pipe(c) })
	}
}

func (p *cuttingProxy) pipe(c net.Conn) {
	p.track(c, true)
	defer p.track(c, false)
	defer c.Close()
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		return
	}
	p.track(s, true)
	defer p.track(s, false)
	defer s.Close()
	go func() {
		// Once cutAt bytes went up, the next answer is swallowed and the
		// connection closed: the server kept the chunk, the browser never
		// heard so, and must ask (HEAD) where the upload stands.
		buf := make([]byte, 32<<10)
		for {
			n, err := s.Read(buf)
			if n > 0 && p.sent.Load() >= p.cutAt && p.cut.CompareAndSwap(false, true) {
				c.Close()
				s.Close()
				return
			}
			if n > 0 {
				if _, werr := c.Write(buf[:n]); werr != nil {
					break
				}
			}
			if err != nil {
				break
			}
		}
		c.Close()
	}()
	buf := make([]byte, 32<<10)
	for {
		n, err := c.Read(buf)
		if n > 0 {
			if bytes.HasPrefix(buf[:n], []byte("HEAD "+tus.BasePath)) {
				p.heads.Add(1)
			}
			p.sent.Add(int64(n))
			if _, werr := s.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// TestResumableUploadInBrowser uploads a 40 MiB file through the
// distribution form in Chromium. Above the (lowered) threshold the page's
// script sends it with tus in 256 KiB chunks; a proxy cuts the connection
// once in the middle, the script resumes, then saves the form's other
// fields and lands on the dataset page. The distribution must hold the
// exact bytes, with the title and licence from the form.
func TestResumableUploadInBrowser(t *testing.T) {
	c := newChrome(t)
	e, _ := newTusEnv(t)
	d := e.dataset(catalog.Dataset{Name: "messwerte", Title: "Messwerte"})
	data := make([]byte, 40<<20)
	rng := rand.NewChaCha8([32]byte{1, 2, 3})
	_, _ = rng.Read(data)
	file := filepath.Join(t.TempDir(), "messwerte-2025.csv")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	proxy := newCuttingProxy(t, strings.TrimPrefix(e.srv.URL, "http://"), 15<<20)
	u := proxy.URL()

	c.step("open the portal in German", chromedp.Navigate(u+"/?lang=de"), chromedp.WaitVisible(chromedp.CSS(".themes")))
	c.login(u, "redakteurin")
	c.step("fill in the distribution form",
		chromedp.Navigate(u+"/dataset/messwerte/resource/new"),
		chromedp.WaitVisible(chromedp.CSS("#f-title")),
		chromedp.SendKeys(chromedp.CSS("#f-title"), "Messwerte 2025 (CSV)"),
		chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{file}),
		chromedp.Click(chromedp.CSS("form button[type=submit].primary")),
		chromedp.WaitVisible(chromedp.CSS("progress#f-progress")),
	)
	if got := c.text("label[for=f-progress]"); got != "Fortschritt des Hochladens" {
		t.Errorf("progress label %q", got)
	}
	c.shot("upload-progress")
	wctx, cancel := context.WithTimeout(c.ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(".alert.success"))); err != nil {
		status, _ := chromedp.Run(c.ctx, chromedp.Text(chromedp.CSS("[data-upload-status]")))
		t.Fatalf("no dataset page after the upload (status %q): %v", status, err)
	}
	c.shot("upload-done")
	if !proxy.cut.Load() || proxy.heads.Load() == 0 {
		t.Errorf("cut %v, HEAD requests %d: the resume was not exercised", proxy.cut.Load(), proxy.heads.Load())
	}
	left, err := chromedp.Run(c.ctx, chromedp.Evaluate[int](`Object.keys(localStorage).filter(function (k) { return k.indexOf("datenportal-tus:") === 0; }).length`))
	if err != nil || left != 0 {
		t.Errorf("upload URLs left in localStorage: %d (%v)", left, err)
	}

	got, err := e.svc.Dataset(e.as(e.editor), d.ID)
	if err != nil || len(got.Distributions) != 1 {
		t.Fatalf("dataset after the upload: %v, %+v", err, got)
	}
	x := got.Distributions[0]
	if x.Title != "Messwerte 2025 (CSV)" || x.License != licenseDLBY || x.FileName != "messwerte-2025.csv" || !strings.HasSuffix(x.Format, "/CSV") {
		t.Errorf("distribution: title %q licence %q file %q format %q", x.Title, x.License, x.FileName, x.Format)
	}
	checkUploaded(t, e, d.ID, x.ID, data)
}
