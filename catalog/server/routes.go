package server

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// CKANHandlers are the CKAN Action API's entry points.
type CKANHandlers struct {
	Action  gin.HandlerFunc // /api/3/action/:name, /api/action/:name
	Version gin.HandlerFunc // /api, /api/:ver
}

// DCATHandlers serve the DCAT-AP.de catalogue. Format is a file suffix
// ("ttl", "rdf", "xml", "jsonld", "nt", "n3"), or "" to negotiate by Accept.
type DCATHandlers struct {
	Catalog func(c *gin.Context, format string)
	Full    func(c *gin.Context, format string)
	Dataset func(c *gin.Context, idOrName, format string)
	Changes gin.HandlerFunc
	// Negotiate reports whether an Accept header asks for RDF, and which
	// format suffix serves it.
	Negotiate func(accept string) (format string, ok bool)
}

// WebHandlers serve the HTML portal.
type WebHandlers struct {
	Dataset  gin.HandlerFunc // GET /dataset/:id as HTML
	Register func(e *gin.Engine)
}

// rdfSuffixes are the catalogue file suffixes ckanext-dcat serves.
var rdfSuffixes = []string{"ttl", "rdf", "xml", "jsonld", "nt", "n3"}

// routes mounts every URL of Datenportal. Keep it the one place to look.
func (s *Server) routes(h Handlers) {
	e := s.engine
	log := s.cfg.Logger
	e.Use(requestID(), recovery(log), s.metrics.middleware(), accessLog(log), securityHeaders(), cors())
	if s.cfg.Auth != nil {
		e.Use(s.cfg.Auth)
	}

	// Operations.
	e.GET("/healthz", s.healthz)
	e.HEAD("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", s.metricsHandler)

	// CKAN Action API v3 (ckanapi uses /api/action, CKAN's docs /api/3/action).
	if h.CKAN.Action != nil {
		for _, p := range []string{"/api/3/action/:name", "/api/action/:name"} {
			e.GET(p, h.CKAN.Action)
			e.POST(p, h.CKAN.Action)
			e.OPTIONS(p, func(c *gin.Context) { c.Status(http.StatusNoContent) })
		}
		e.GET("/api", h.CKAN.Version)
		e.GET("/api/:ver", h.CKAN.Version)
	}

	// DCAT-AP.de catalogue for GovData and other harvesters.
	if h.DCAT.Catalog != nil {
		e.GET("/catalog", func(c *gin.Context) { h.DCAT.Catalog(c, "") })
		e.HEAD("/catalog", func(c *gin.Context) { h.DCAT.Catalog(c, "") })
		for _, f := range rdfSuffixes {
			e.GET("/catalog."+f, func(c *gin.Context) { h.DCAT.Catalog(c, f) })
			e.HEAD("/catalog."+f, func(c *gin.Context) { h.DCAT.Catalog(c, f) })
			if h.DCAT.Full != nil {
				e.GET("/catalog/full."+f, func(c *gin.Context) { h.DCAT.Full(c, f) })
				e.HEAD("/catalog/full."+f, func(c *gin.Context) { h.DCAT.Full(c, f) })
			}
		}
		if h.DCAT.Changes != nil {
			e.GET("/catalog/changes", h.DCAT.Changes)
		}
	}

	// Datasets: HTML, or RDF by suffix or Accept (as ckanext-dcat does).
	dataset := func(c *gin.Context) { s.dataset(c, h) }
	e.GET("/dataset/:id", dataset)
	e.HEAD("/dataset/:id", dataset)

	// Downloads of distributions (CKAN's URL shape, so links stay stable).
	e.GET("/dataset/:id/resource/:rid/download", s.download)
	e.HEAD("/dataset/:id/resource/:rid/download", s.download)
	e.GET("/dataset/:id/resource/:rid/download/:filename", s.download)
	e.HEAD("/dataset/:id/resource/:rid/download/:filename", s.download)

	if h.Web.Register != nil {
		h.Web.Register(e)
	} else {
		e.GET("/", s.fallbackHome)
	}
	if h.Extra != nil {
		h.Extra(e)
	}
}

// dataset dispatches /dataset/:id between the RDF views and the HTML page.
func (s *Server) dataset(c *gin.Context, h Handlers) {
	id := c.Param("id")
	if h.DCAT.Dataset != nil {
		if i := strings.LastIndexByte(id, '.'); i > 0 {
			for _, f := range rdfSuffixes {
				if id[i+1:] == f {
					h.DCAT.Dataset(c, id[:i], f)
					return
				}
			}
		}
		if h.DCAT.Negotiate != nil {
			if f, ok := h.DCAT.Negotiate(c.GetHeader("Accept")); ok {
				h.DCAT.Dataset(c, id, f)
				return
			}
		}
	}
	if h.Web.Dataset != nil {
		h.Web.Dataset(c)
		return
	}
	c.Redirect(http.StatusFound, "/api/3/action/package_show?id="+urlQueryEscape(id))
}
