package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

// Options configure the portal. Zero values mean the defaults.
type Options struct {
	// BaseURL is the public URL without trailing slash. Links in feeds and
	// sitemaps use it; an https URL makes cookies Secure.
	BaseURL   string
	SiteTitle string // default "Datenportal"
	// SessionKey signs session cookies, CSRF tokens and import plans; at
	// least 32 bytes. Instances that share it share sessions. See
	// LoadSessionKey.
	SessionKey []byte
	// SessionTTL is how long a login lasts without activity (default 12 h).
	SessionTTL time.Duration
	// MaxImportBytes limits uploaded XLSX metadata lists (default 10 MiB);
	// MaxImportRows the datasets in one list (default 1000).
	MaxImportBytes int64
	MaxImportRows  int
	// Harvest, if set, mounts the harvest pages (/harvest, /harvest/:name,
	// /harvest/job/:id) for sysadmins and organisation admins; nil leaves
	// them out. *harvest.Service implements it.
	Harvest HarvestReader
	// Harvester, if set together with Harvest, lets those admins add
	// sources and start runs. *harvest.Harvester implements it; it does no
	// authorisation of its own, the portal checks every request.
	Harvester HarvestRunner
	// Background is the context of work the portal starts that outlives a
	// request: a "run now" starts the harvest in this process under it, so
	// cancelling it at shutdown leaves the job interrupted (it runs again
	// at the next claim). Nil: "run now" only queues the job for the
	// harvest scheduler.
	Background context.Context
	// TusURL, if set, is the tus endpoint (tus.BasePath) to which the
	// distribution form sends files of at least TusThreshold bytes
	// (default 32 MiB), resumably, in PATCHes of TusChunkSize bytes
	// (default 8 MiB); smaller files keep the multipart form. The
	// endpoint must accept UploadActor (tus.Options.Authenticate).
	TusURL       string
	TusThreshold int64
	TusChunkSize int64
	Logger       *slog.Logger
	Now          func() time.Time
}

// Web serves the HTML portal.
type Web struct {
	svc    *catalog.Service
	opt    Options
	log    *slog.Logger
	pages  *renderer
	keys   keys
	logins *limiter // per client address and user name
	// loginIPs limits attempts per address across user names, against
	// one password tried on many accounts.
	loginIPs *limiter
	// passwords limits password changes per user: each one checks the
	// current password, so it must not become a way around logins.
	passwords *limiter
	runs      *runner // harvest runs started from the portal
	secure    bool    // cookies need https
}

// New returns the portal for svc.
func New(svc *catalog.Service, opt Options) (*Web, error) {
	if svc == nil {
		return nil, errors.New("web: nil service")
	}
	if len(opt.SessionKey) < 32 {
		return nil, errors.New("web: the session key must have at least 32 bytes")
	}
	opt.BaseURL = strings.TrimRight(opt.BaseURL, "/")
	if opt.SiteTitle == "" {
		opt.SiteTitle = "Datenportal"
	}
	if opt.SessionTTL <= 0 {
		opt.SessionTTL = 12 * time.Hour
	}
	if opt.MaxImportBytes <= 0 {
		opt.MaxImportBytes = 10 << 20
	}
	if opt.MaxImportRows <= 0 {
		opt.MaxImportRows = 1000
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.TusThreshold <= 0 {
		opt.TusThreshold = 32 << 20
	}
	if opt.TusChunkSize <= 0 {
		opt.TusChunkSize = 8 << 20
	}
	w := &Web{svc: svc, opt: opt, log: opt.Logger}
	if w.log == nil {
		w.log = slog.Default()
	}
	if u, err := url.Parse(opt.BaseURL); err == nil && u.Scheme == "https" {
		w.secure = true
	}
	w.keys = deriveKeys(opt.SessionKey)
	// Five attempts at once, then one every 20 seconds per address and
	// user name: enough for typos, far too slow for guessing.
	w.logins = newLimiter(5, 1.0/20, opt.Now)
	w.loginIPs = newLimiter(30, 1.0/5, opt.Now)
	w.passwords = newLimiter(5, 1.0/20, opt.Now)
	w.runs = newRunner(opt.Background, opt.Harvester, w.log)
	pages, err := newRenderer()
	if err != nil {
		return nil, err
	}
	w.pages = pages
	return w, nil
}

// DatasetPage serves GET /dataset/:id as HTML; the server mounts it and
// dispatches RDF requests elsewhere.
func (w *Web) DatasetPage(c *gin.Context) {
	w.withSession(c)
	w.datasetShow(c)
}

// SessionActor resolves the browser session's actor for requests outside
// the portal's own routes (file downloads of private datasets). It only
// acts on GET and HEAD and never on /api/: a cookie must not authorise
// writes that carry no CSRF token, nor API answers another site's script
// could read. It does not call c.Next, so it can be chained.
func (w *Web) SessionActor() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
			return
		}
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
			return
		}
		w.withSession(c)
	}
}

// WithSession puts the browser session's actor into the request context
// and then runs next, typically the API token middleware, so that a token
// sent with the request wins over the cookie. It is meant as the server's
// Auth middleware:
//
//	Auth: portal.WithSession(ckanapi.AuthMiddleware(svc))
//
// Like SessionActor it resolves sessions for GET and HEAD outside /api/
// only.
func (w *Web) WithSession(next gin.HandlerFunc) gin.HandlerFunc {
	session := w.SessionActor()
	return func(c *gin.Context) {
		session(c)
		if next != nil {
			next(c)
		}
	}
}

// Register mounts every page except GET /dataset/:id (see DatasetPage).
func (w *Web) Register(e *gin.Engine) {
	e.GET("/static/*file", w.static)
	e.HEAD("/static/*file", w.static)
	e.GET("/robots.txt", w.robots)
	e.GET("/sitemap.xml", w.sitemap)
	e.GET("/feeds/datasets.atom", w.atomFeed)

	g := e.Group("", w.sessionMiddleware)
	g.GET("/", w.home)
	g.GET("/suggest", w.suggest)
	g.GET("/dataset", w.datasetSearch)
	g.GET("/organization", w.organizationList)
	g.GET("/organization/:name", w.organizationShow)
	g.GET("/dataset/:id/resource/:rid/preview", w.preview)

	g.GET("/login", w.loginForm)
	g.POST("/login", w.login)
	g.POST("/logout", w.requireCSRF, w.logout)
	g.GET("/dashboard", w.requireLogin, w.dashboard)

	g.GET("/dataset/new", w.requireLogin, w.datasetNew)
	g.POST("/dataset/new", w.requireLogin, w.requireCSRF, w.datasetCreate)
	g.GET("/dataset/:id/edit", w.requireLogin, w.datasetEdit)
	g.POST("/dataset/:id/edit", w.requireLogin, w.requireCSRF, w.datasetUpdate)
	g.GET("/dataset/:id/delete", w.requireLogin, w.datasetDeleteForm)
	g.POST("/dataset/:id/delete", w.requireLogin, w.requireCSRF, w.datasetDelete)

	// Upload forms check their CSRF token while streaming the body.
	g.GET("/dataset/:id/resource/new", w.requireLogin, w.resourceNew)
	g.POST("/dataset/:id/resource/new", w.requireLogin, w.resourceCreate)
	g.GET("/dataset/:id/resource/:rid/edit", w.requireLogin, w.resourceEdit)
	g.POST("/dataset/:id/resource/:rid/edit", w.requireLogin, w.resourceUpdate)
	g.GET("/dataset/:id/resource/:rid/delete", w.requireLogin, w.resourceDeleteForm)
	g.POST("/dataset/:id/resource/:rid/delete", w.requireLogin, w.requireCSRF, w.resourceDelete)

	g.GET("/user/tokens", w.requireLogin, w.tokens)
	g.POST("/user/tokens", w.requireLogin, w.requireCSRF, w.tokenCreate)
	g.POST("/user/tokens/:tid/revoke", w.requireLogin, w.requireCSRF, w.tokenRevoke)
	g.GET("/user/password", w.requireLogin, w.passwordForm)
	g.POST("/user/password", w.requireLogin, w.requireCSRF, w.passwordChange)

	g.GET("/organization/:name/edit", w.requireLogin, w.organizationEdit)
	g.POST("/organization/:name/edit", w.requireLogin, w.requireCSRF, w.organizationUpdate)

	g.GET("/organization/:name/members", w.requireLogin, w.members)
	g.POST("/organization/:name/members", w.requireLogin, w.requireCSRF, w.memberSet)
	g.POST("/organization/:name/members/:user/remove", w.requireLogin, w.requireCSRF, w.memberRemove)

	// Excel round trip. The import posts check their CSRF token themselves:
	// one streams a workbook, the other carries a large signed plan.
	g.GET("/organization/:name/export.xlsx", w.xlsxExport)
	g.GET("/organization/:name/xlsx-template", w.requireLogin, w.xlsxTemplate)
	g.GET("/organization/:name/import", w.requireLogin, w.importForm)
	g.POST("/organization/:name/import", w.requireLogin, w.importPreview)
	g.POST("/organization/:name/import/apply", w.requireLogin, w.importApply)

	if w.opt.Harvest != nil {
		g.GET("/harvest", w.requireLogin, w.harvestList)
		g.GET("/harvest/job/:id", w.requireLogin, w.harvestReport)
		g.GET("/harvest/:name", w.requireLogin, w.harvestSource)
		if w.opt.Harvester != nil {
			g.GET("/harvest/new", w.requireLogin, w.harvestNew)
			g.POST("/harvest/new", w.requireLogin, w.requireCSRF, w.harvestCreate)
			g.POST("/harvest/:name/run", w.requireLogin, w.requireCSRF, w.harvestRun)
			g.GET("/harvest/:name/remove", w.requireLogin, w.harvestRemoveForm)
			g.POST("/harvest/:name/remove", w.requireLogin, w.requireCSRF, w.harvestRemove)
		}
	}

	e.NoRoute(w.sessionMiddleware, w.notFound)
}

// notFound answers unknown URLs with the portal's 404 page for browsers.
func (w *Web) notFound(c *gin.Context) {
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		c.JSON(http.StatusNotFound, gin.H{"success": false, "error": gin.H{"__type": "Not Found Error", "message": "Not found"}})
		return
	}
	w.fail(c, catalog.NotFound("Page"))
}

func (w *Web) robots(c *gin.Context) {
	body := "User-agent: *\nDisallow: /dashboard\nDisallow: /user/\nDisallow: /login\nDisallow: /harvest\n"
	if w.opt.BaseURL != "" {
		body += "Sitemap: " + w.opt.BaseURL + "/sitemap.xml\n"
	}
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(body))
}

// absURL makes a site-relative path absolute for feeds and sitemaps.
func (w *Web) absURL(c *gin.Context, path string) string {
	base := w.opt.BaseURL
	if base == "" {
		scheme := "http"
		if c.Request.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + c.Request.Host
	}
	return base + path
}
