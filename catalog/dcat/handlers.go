package dcat

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

// Reader is what the handlers need of catalog.Service. Every method
// applies the request actor's permissions (catalog.ActorFrom), so private
// datasets never reach the RDF views of those who may not read them.
type Reader interface {
	Dataset(ctx context.Context, idOrName string) (*catalog.Dataset, error)
	EachDataset(ctx context.Context, f catalog.ListFilter, fn func(*catalog.Dataset) error) error
	CountDatasets(ctx context.Context, f catalog.ListFilter) (int, error)
	SearchDatasets(ctx context.Context, q catalog.SearchQuery, includePrivate bool) (*catalog.DatasetSearchResult, error)
	Changes(ctx context.Context, after int64, limit int) ([]catalog.Change, error)
}

// Handlers serve the DCAT endpoints. Mount them in catalog/server/routes.go
// (DCATHandlers): Catalog on /catalog and /catalog.{ttl,rdf,xml,jsonld,nt,n3},
// Full on /catalog/full.{…}, Dataset on /dataset/{id}.{…} and on
// /dataset/{id} when NegotiateRDF accepts the Accept header, Changes on
// /catalog/changes.
type Handlers struct {
	Service Reader
	Base    string // public base URL
	Info    CatalogInfo
	PerPage int // datasets per catalogue page; default 100 as ckanext-dcat
}

func (h *Handlers) perPage() int {
	if h.PerPage > 0 {
		return h.PerPage
	}
	return 100
}

// httpError answers with a bilingual plain-text message.
func httpError(c *gin.Context, status int, de, en string) {
	c.Header("Cache-Control", "no-store")
	c.String(status, "%s\n%s\n", en, de)
}

// serviceError maps catalog errors to HTTP statuses.
func serviceError(c *gin.Context, err error) {
	var e *catalog.Error
	errors.As(err, &e)
	switch catalog.ErrorCode(err) {
	case catalog.ENOTFOUND:
		httpError(c, http.StatusNotFound, "Datensatz nicht gefunden", "Dataset not found")
	case catalog.EFORBIDDEN:
		httpError(c, http.StatusForbidden, "Zugriff verweigert", "Access denied")
	case catalog.EQUERY, catalog.EBADREQUEST, catalog.EINVALID:
		de := "Ungültige Anfrage"
		if e != nil && e.MessageDE != "" {
			de = e.MessageDE
		}
		httpError(c, http.StatusBadRequest, de, catalog.ErrorMessage(err))
	case catalog.EUNAVAILABLE:
		httpError(c, http.StatusServiceUnavailable, "Dienst nicht verfügbar", "Service unavailable")
	default:
		_ = c.Error(err) // logged by the server's middleware
		httpError(c, http.StatusInternalServerError, "Interner Fehler", "Internal error")
	}
}

// profile reads ?profile= or ckanext-dcat's ?profiles=.
func profile(c *gin.Context) (Profile, bool) {
	v := c.Query("profile")
	if v == "" {
		v = strings.Split(c.Query("profiles"), ",")[0]
	}
	p, ok := ParseProfile(strings.TrimSpace(v))
	if !ok {
		httpError(c, http.StatusBadRequest, "Unbekanntes Profil: "+clip(v), "Unknown profile: "+clip(v))
	}
	return p, ok
}

// Dataset serves one dataset as RDF. format is a suffix ("ttl", …).
func (h *Handlers) Dataset(c *gin.Context, idOrName, format string) {
	f, ctype, ok := suffixFormat(format)
	if !ok {
		httpError(c, http.StatusNotFound, "Unbekanntes Format", "Unknown format")
		return
	}
	p, ok := profile(c)
	if !ok {
		return
	}
	d, err := h.Service.Dataset(c.Request.Context(), idOrName)
	if err != nil {
		serviceError(c, err)
		return
	}
	c.Header("Content-Type", ctype)
	c.Header("Vary", "Accept")
	if !d.Private && d.State == catalog.StateActive {
		c.Header("Cache-Control", "public, max-age=60")
	} else {
		c.Header("Cache-Control", "private, no-store")
	}
	c.Status(http.StatusOK)
	if c.Request.Method == http.MethodHead {
		return
	}
	doc, err := NewDocument(c.Writer, f, h.Base, p)
	if err == nil {
		err = doc.Dataset(d)
	}
	if err == nil {
		err = doc.Close()
	}
	if err != nil {
		_ = c.Error(err) // headers are out; the truncated body tells the client
	}
}
