package ckanapi

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/gin-gonic/gin"
)

// Options configure the API.
type Options struct {
	// SiteURL is the public base URL without trailing slash; it builds the
	// help URLs, upload download URLs and status_show's site_url.
	SiteURL         string
	SiteTitle       string
	SiteDescription string
	// LocaleDefault is status_show's locale_default (default "de").
	LocaleDefault string
	// MaxBodyBytes limits JSON and form bodies (default 10 MiB; larger →
	// 413). Files in multipart bodies are limited by the service's
	// MaxUploadBytes instead.
	MaxBodyBytes int64
	// Logger receives internal errors (default slog.Default()).
	Logger *slog.Logger
}

const defaultMaxBody = 10 << 20

// API serves the CKAN actions.
type API struct {
	svc     *catalog.Service
	opt     Options
	log     *slog.Logger
	actions map[string]action
	shows   showCache
}

// action is one CKAN action. Write actions refuse GET, as CKAN refuses GET
// for everything outside logic/action/get.py.
type action struct {
	fn    func(*request) (any, error)
	write bool
	// uploadKey names the field that identifies the target of a multipart
	// upload ("package_id", "id"); empty when the action takes no file.
	uploadKey string
	doc       string
}

// New returns the API for svc.
func New(svc *catalog.Service, opt Options) *API {
	opt.SiteURL = strings.TrimRight(opt.SiteURL, "/")
	if opt.MaxBodyBytes <= 0 {
		opt.MaxBodyBytes = defaultMaxBody
	}
	if opt.LocaleDefault == "" {
		opt.LocaleDefault = "de"
	}
	a := &API{svc: svc, opt: opt, log: opt.Logger}
	if a.log == nil {
		a.log = slog.Default()
	}
	a.actions = a.registry()
	return a
}

// request is one action call.
type request struct {
	api    *API
	c      *gin.Context
	ctx    context.Context
	name   string
	p      params
	upload *uploadPart // multipart file, if any
	// warnings counts non-blocking validation findings of a write, sent as
	// the X-Datenportal-Warnings header (invisible to CKAN clients).
	warnings int
}

func (r *request) svc() *catalog.Service { return r.api.svc }
func (r *request) actor() *catalog.Actor { return catalog.ActorFrom(r.ctx) }

// Action serves /api/3/action/:name and /api/action/:name (GET and POST).
func (a *API) Action(c *gin.Context) {
	if v := strings.Trim(c.Param("ver"), "/"); v != "" && v != "3" {
		c.Data(http.StatusNotFound, contentTypeJSON, []byte(`"Not found"`))
		return
	}
	name := c.Param("name")
	act, ok := a.actions[name]
	if !ok {
		writeBadRequest(c, "Bad request - Action name not known: "+name)
		return
	}
	if c.Request.Method != http.MethodPost && act.write {
		writeBadRequest(c, "Bad request - JSON Error: Invalid request. Please use POST method for your request")
		return
	}
	r := &request{api: a, c: c, ctx: c.Request.Context(), name: name}
	p, up, err := a.readParams(r, act)
	if err != nil {
		a.writeError(c, name, err)
		return
	}
	r.p, r.upload = p, up
	defer r.upload.close(r.ctx, a.svc)
	res, err := act.fn(r)
	if err != nil {
		a.writeError(c, name, err)
		return
	}
	if r.warnings > 0 {
		c.Header("X-Datenportal-Warnings", itoa(r.warnings))
	}
	a.writeResult(c, name, res)
}

// Version serves /api and /api/:ver: CKAN's API version probe.
func (a *API) Version(c *gin.Context) {
	switch strings.Trim(c.Param("ver"), "/") {
	case "":
		c.Data(http.StatusOK, contentTypeJSON, []byte(`{"version": 1}`))
	case "1", "2", "3":
		c.Data(http.StatusOK, contentTypeJSON, []byte(`{"version": `+strings.Trim(c.Param("ver"), "/")+`}`))
	default:
		c.Data(http.StatusNotFound, contentTypeJSON, []byte(`"Not found"`))
	}
}
