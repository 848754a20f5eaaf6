package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/datenportal/datenportal/catalog"
)

// chromiumPath finds a Chromium or Chrome binary: $CHROMIUM, Debian's
// /usr/bin/chromium, or one on the PATH.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestInBrowser drives the portal with a real Chromium: log in, create a
// dataset through the form (with the page's own JavaScript running under
// the Content-Security-Policy), find it with the search box and its
// suggestions, and keep screenshots in $TMPDIR for a look.
func TestInBrowser(t *testing.T) {
	bin := chromiumPath()
	if bin == "" {
		t.Skip("SKIPPED: no Chromium found (install Debian's chromium or set $CHROMIUM); the real-browser test did not run")
	}
	if testing.Short() {
		t.Skip("SKIPPED in -short mode: the real-browser test needs Chromium and a few seconds")
	}
	e := newEnv(t)
	e.dataset(catalog.Dataset{Name: "haushalt-2025", Title: "Haushaltsplan 2025", Keywords: []string{"Haushalt"},
		Distributions: []catalog.Distribution{{Title: "Haushalt (CSV)", AccessURL: "https://musterstadt.example/haushalt.csv", Format: formatCSV}}})

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	// Start the browser on the undeadlined context, then bound each step.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, scancel := context.WithTimeout(ctx, 20*time.Second)
		defer scancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		sctx, scancel := context.WithTimeout(ctx, 10*time.Second)
		defer scancel()
		s, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		p := filepath.Join(os.TempDir(), "datenportal-"+name+".png")
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", p)
	}
	u := e.srv.URL

	// Headless Chromium asks for English; the page offers German.
	step("open the portal in English", chromedp.Navigate(u+"/"), chromedp.WaitVisible(chromedp.CSS(".themes")))
	if got := text(".nav a[hreflang=de]"); got != "Deutsch" {
		t.Errorf("language switch %q", got)
	}
	step("switch to German", chromedp.Click(chromedp.CSS(".nav a[hreflang=de]")), chromedp.WaitVisible(chromedp.CSS(".nav a[hreflang=en]")))

	step("log in",
		chromedp.Navigate(u+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#login-name")),
		chromedp.SendKeys(chromedp.CSS("#login-name"), "redakteurin"),
		chromedp.SendKeys(chromedp.CSS("#login-password"), testPassword),
		chromedp.Click(chromedp.CSS("main button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#org-title")),
	)
	if got := text("h1"); got != "Mein Bereich" {
		t.Fatalf("after login: %q", got)
	}

	step("fill in the dataset form",
		chromedp.Navigate(u+"/dataset/new?organization=musterstadt"),
		chromedp.WaitVisible(chromedp.CSS("#f-title")),
		chromedp.SendKeys(chromedp.CSS("#f-title"), "Straßenbäume Übersicht"),
		chromedp.SendKeys(chromedp.CSS("#f-description"), "Alle Straßenbäume der Stadt mit Art und Pflanzjahr."),
		chromedp.SendKeys(chromedp.CSS("#f-keywords"), "Bäume, Stadtgrün"),
		chromedp.Click(chromedp.CSS(`input[name=themes][value$="/ENVI"]`)),
	)
	// The page's script proposed the URL name from the title.
	sctx, scancel := context.WithTimeout(ctx, 10*time.Second)
	slug, err := chromedp.Run(sctx, chromedp.Value(chromedp.CSS("#f-name")))
	scancel()
	if err != nil || slug != "strassenbaeume-uebersicht" {
		t.Errorf("slug proposal %q (%v): is app.js running under the CSP?", slug, err)
	}
	shot("form")
	step("publish",
		chromedp.Click(chromedp.CSS(`button[name=state][value=active]`)),
		chromedp.WaitVisible(chromedp.CSS(".alert.success")),
	)
	if got := text("h1"); got != "Straßenbäume Übersicht" {
		t.Fatalf("dataset page h1 %q", got)
	}
	shot("dataset")

	step("search",
		chromedp.Navigate(u+"/dataset"),
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "Strassenbaeume"),
		chromedp.WaitVisible(chromedp.CSS("#q-suggestions li")),
	)
	if got := text("#q-suggestions li"); !strings.Contains(got, "Straßenbäume") {
		t.Errorf("suggestion %q", got)
	}
	step("submit the search", chromedp.Click(chromedp.CSS(".searchbox button[type=submit]")))
	// The page we came from lists datasets too: wait for the new one.
	for deadline := time.Now().Add(10 * time.Second); ; {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && strings.Contains(loc, "q=Strassenbaeume") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("search did not navigate: %q %v", loc, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	step("results", chromedp.WaitVisible(chromedp.CSS(".dataset-list")))
	if got := text(".results-count"); got != "1 Datensatz gefunden" {
		t.Errorf("results: %q", got)
	}
	if got := text(".dataset-item h3"); got != "Straßenbäume Übersicht" {
		t.Errorf("first result %q", got)
	}
	shot("search")

	step("home page on a phone",
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(u+"/"),
		chromedp.WaitVisible(chromedp.CSS(".themes")),
	)
	shot("home-mobile")
}
