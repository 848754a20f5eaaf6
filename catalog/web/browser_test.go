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

// chrome is a headless Chromium for a test, with steps bounded in time
// and screenshots kept in $TMPDIR for a look.
type chrome struct {
	t   *testing.T
	ctx context.Context
}

// newChrome starts Chromium, or skips the test (loudly) without one.
func newChrome(t *testing.T) *chrome {
	t.Helper()
	bin := chromiumPath()
	if bin == "" {
		t.Skip("SKIPPED: no Chromium found (install Debian's chromium or set $CHROMIUM); the real-browser test did not run")
	}
	if testing.Short() {
		t.Skip("SKIPPED in -short mode: the real-browser test needs Chromium and a few seconds")
	}
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
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// Start the browser on the undeadlined context, then bound each step.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	return &chrome{t: t, ctx: ctx}
}

func (c *chrome) step(name string, actions ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	sctx, scancel := context.WithTimeout(c.ctx, 20*time.Second)
	defer scancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		c.t.Fatalf("%s: %v", name, err)
	}
}

func (c *chrome) text(sel string) string {
	c.t.Helper()
	sctx, scancel := context.WithTimeout(c.ctx, 10*time.Second)
	defer scancel()
	s, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		c.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func (c *chrome) shot(name string) {
	c.t.Helper()
	png, err := chromedp.Run(c.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		c.t.Fatalf("screenshot: %v", err)
	}
	p := filepath.Join(os.TempDir(), "datenportal-"+name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		c.t.Fatal(err)
	}
	c.t.Logf("screenshot: %s", p)
}

// login logs in through the login form.
func (c *chrome) login(base, name string) {
	c.t.Helper()
	c.step("log in as "+name,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#login-name")),
		chromedp.SendKeys(chromedp.CSS("#login-name"), name),
		chromedp.SendKeys(chromedp.CSS("#login-password"), testPassword),
		chromedp.Click(chromedp.CSS("main button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#org-title")),
	)
}

// TestInBrowser drives the portal with a real Chromium: log in, create a
// dataset through the form (with the page's own JavaScript running under
// the Content-Security-Policy), find it with the search box and its
// suggestions, and keep screenshots in $TMPDIR for a look.
func TestInBrowser(t *testing.T) {
	c := newChrome(t)
	e := newEnv(t)
	e.dataset(catalog.Dataset{Name: "haushalt-2025", Title: "Haushaltsplan 2025", Keywords: []string{"Haushalt"},
		Distributions: []catalog.Distribution{{Title: "Haushalt (CSV)", AccessURL: "https://musterstadt.example/haushalt.csv", Format: formatCSV}}})
	step, text, shot, ctx := c.step, c.text, c.shot, c.ctx
	u := e.srv.URL

	// Headless Chromium asks for English; the page offers German.
	step("open the portal in English", chromedp.Navigate(u+"/"), chromedp.WaitVisible(chromedp.CSS(".themes")))
	if got := text(".nav a[hreflang=de]"); got != "Deutsch" {
		t.Errorf("language switch %q", got)
	}
	step("switch to German", chromedp.Click(chromedp.CSS(".nav a[hreflang=de]")), chromedp.WaitVisible(chromedp.CSS(".nav a[hreflang=en]")))

	c.login(u, "redakteurin")
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

// TestHarvestReportInBrowser harvests a CKAN server with one broken
// record, then opens the source list and the job report as the
// organisation's admin and keeps screenshots of both.
func TestHarvestReportInBrowser(t *testing.T) {
	c := newChrome(t)
	e := newHarvestEnv(t, true)
	src := e.addSource("nachbar-ckan", ckanServer(t).URL)
	job, err := e.harvester.Run(e.ctx, src.Name)
	if err != nil {
		t.Fatal(err)
	}
	u := e.srv.URL
	c.step("open the portal in German", chromedp.Navigate(u+"/?lang=de"), chromedp.WaitVisible(chromedp.CSS(".themes")))
	c.login(u, "orgadmin")
	c.step("open the harvest sources", chromedp.Click(chromedp.CSS(`.nav a[href="/harvest"]`)), chromedp.WaitVisible(chromedp.CSS(".harvest-table")))
	if got := c.text(".harvest-table tbody th a"); got != "nachbar-ckan" {
		t.Errorf("source list: %q", got)
	}
	c.shot("harvest-list")
	c.step("open the report", chromedp.Click(chromedp.CSS(`.harvest-table a[href="/harvest/job/`+job.ID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(".report-table")))
	if got := c.text("h1"); !strings.HasPrefix(got, "Bericht: nachbar-ckan") {
		t.Errorf("report title %q", got)
	}
	if got := c.text(".report-table tr.row-error"); !strings.Contains(got, brokenID) || !strings.Contains(got, "Titel fehlt") {
		t.Errorf("error row %q", got)
	}
	c.shot("harvest-report")
	c.step("open the source", chromedp.Click(chromedp.CSS(`.breadcrumbs a[href="/harvest/nachbar-ckan"]`)),
		chromedp.WaitVisible(chromedp.CSS(".run-form")))
	c.shot("harvest-source")
	c.step("run it now", chromedp.Click(chromedp.CSS(".run-form button")), chromedp.WaitVisible(chromedp.CSS(".alert.success")))
	if got := c.text(".alert.success"); !strings.Contains(got, "eingereiht") {
		t.Errorf("run now: %q", got)
	}
	c.step("open the add form", chromedp.Navigate(u+"/harvest/new"), chromedp.WaitVisible(chromedp.CSS("#f-name")),
		chromedp.SendKeys(chromedp.CSS("#f-name"), "Falscher Name"),
		chromedp.Click(chromedp.CSS(`form button[type=submit].primary`)),
		chromedp.WaitVisible(chromedp.CSS("#error-summary")))
	c.shot("harvest-new")
	c.step("open the organisation's settings", chromedp.Navigate(u+"/organization/musterstadt/edit"), chromedp.WaitVisible(chromedp.CSS("#f-title")))
	c.shot("organization-edit")
	c.step("report on a phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(u+"/harvest/job/"+job.ID),
		chromedp.WaitVisible(chromedp.CSS(".report-table")))
	c.shot("harvest-report-mobile")
}
