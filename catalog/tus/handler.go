package tus

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/tus/tusd/v2/pkg/handler"
	"github.com/tus/tusd/v2/pkg/memorylocker"
	xslog "golang.org/x/exp/slog"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/files"
	"github.com/datenportal/datenportal/storage/files/tusstore"
)

// BasePath is where the endpoint is mounted.
const BasePath = "/api/upload/tus/"

// Options configure Open.
type Options struct {
	// StorageURL, DataDir and Files are what files.Open got for the
	// service's file store; partial uploads live beside its objects.
	StorageURL string
	DataDir    string
	Files      files.Options
	// BaseURL is the portal's public URL, for Location headers and the
	// resource URLs of finished uploads ("" : taken from each request).
	BaseURL string
	// Store tunes expiry and part sizes.
	Store tusstore.Config
	// NetworkTimeout bounds each read of a request body (default 2 min);
	// responses may take twice as long, so a final PATCH has time to
	// complete a large multipart upload.
	NetworkTimeout time.Duration
	// Authenticate, if set, resolves credentials other than API tokens
	// for requests that arrive anonymous; the web portal's upload form
	// passes web.Web.UploadActor here. See Authenticator.
	Authenticate Authenticator
}

// Handler serves the tus endpoint.
type Handler struct {
	svc     *catalog.Service
	store   *tusstore.Store
	tusd    *handler.UnroutedHandler
	baseURL string
	auth    Authenticator
}

// Open opens the upload store for svc's file store and builds the
// handler. Uploads are limited to svc.MaxUploadBytes.
func Open(ctx context.Context, svc *catalog.Service, opt Options) (*Handler, error) {
	if svc == nil || svc.Files == nil {
		return nil, errors.New("tus: the service has no file store")
	}
	st, err := tusstore.Open(ctx, opt.StorageURL, opt.DataDir, opt.Files, svc.Files, opt.Store)
	if err != nil {
		return nil, err
	}
	return New(svc, st, opt)
}

// New builds the handler on an opened store.
func New(svc *catalog.Service, st *tusstore.Store, opt Options) (*Handler, error) {
	h := &Handler{svc: svc, store: st, baseURL: strings.TrimRight(opt.BaseURL, "/"), auth: opt.Authenticate}
	comp := handler.NewStoreComposer()
	comp.UseCore(st)
	comp.UseTerminater(st)
	memorylocker.New().UseIn(comp)
	timeout := opt.NetworkTimeout
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	base := BasePath
	if h.baseURL != "" {
		base = h.baseURL + BasePath
	}
	t, err := handler.NewUnroutedHandler(handler.Config{
		StoreComposer:             comp,
		MaxSize:                   svc.MaxUploadBytes,
		BasePath:                  base,
		DisableDownload:           true,
		DisableConcatenation:      true,
		Cors:                      &handler.CorsConfig{Disable: true}, // the server's CORS middleware answers
		PreUploadCreateCallback:   h.authorizeCreate,
		PreFinishResponseCallback: h.complete,
		Logger:                    xslog.New(xslog.NewTextHandler(io.Discard, nil)),
		NetworkTimeout:            timeout,
	})
	if err != nil {
		return nil, err
	}
	h.tusd = t
	return h, nil
}

// Store returns the upload store (for Sweep).
func (h *Handler) Store() *tusstore.Store { return h.store }

// Sweep removes expired uploads; see tusstore.Store.Sweep.
func (h *Handler) Sweep(ctx context.Context) (int, error) { return h.store.Sweep(ctx) }

// Register mounts the endpoint; pass it as server.Handlers.Extra.
func (h *Handler) Register(e *gin.Engine) {
	root := strings.TrimSuffix(BasePath, "/")
	opts := h.route(h.tusd.PostFile, false) // the tusd middleware answers OPTIONS itself
	create := h.route(h.tusd.PostFile, false)
	for _, p := range []string{root, BasePath} {
		e.OPTIONS(p, opts)
		e.POST(p, create)
	}
	id := BasePath + ":id"
	e.OPTIONS(id, opts)
	e.HEAD(id, h.route(h.tusd.HeadFile, true))
	e.PATCH(id, h.route(h.tusd.PatchFile, true))
	e.DELETE(id, h.route(h.tusd.DelFile, true))
	e.GET(id+"/resource", h.resource)
}

// route runs the checks tusd cannot know about (who may touch which
// upload, the checksum header) and hands the request to tusd.
func (h *Handler) route(fn http.HandlerFunc, withID bool) gin.HandlerFunc {
	serve := h.tusd.Middleware(fn)
	return func(c *gin.Context) {
		r := c.Request
		w := &responseWriter{ResponseWriter: c.Writer, h: h, method: r.Method, origin: r.Header.Get("Origin")}
		if r.Method == http.MethodOptions {
			serve.ServeHTTP(w, r)
			return
		}
		r, err := h.authenticate(r)
		if err != nil {
			writeCatalogError(w, err)
			return
		}
		ctx := r.Context()
		a := catalog.ActorFrom(ctx)
		if !a.LoggedIn() {
			writeError(w, http.StatusForbidden, "ERR_FORBIDDEN", "uploads need an API token (Authorization header)")
			return
		}
		if withID {
			in, err := h.store.Info(ctx, c.Param("id"))
			if err == nil && in.Owner != a.User.ID {
				// Somebody else's upload is not found: its existence is
				// none of this user's business.
				err = catalog.NotFound("Upload")
			}
			if err == nil {
				err = h.uploadInScope(ctx, in)
			}
			if err != nil {
				writeCatalogError(w, err)
				return
			}
			w.in = in
			r = r.Clone(ctx)
			r.URL.Path = in.ID // tusd takes the id from the path
		}
		if v := r.Header.Get("Upload-Checksum"); v != "" && (r.Method == http.MethodPatch || r.Method == http.MethodPost) {
			sum, err := ParseChecksum(v)
			if err != nil {
				writeError(w, http.StatusBadRequest, "ERR_INVALID_CHECKSUM", err.Error())
				return
			}
			r = r.WithContext(tusstore.WithChecksum(r.Context(), sum))
		}
		serve.ServeHTTP(w, r)
	}
}

// writeError answers like tusd does: a code and a message as plain text.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Tus-Resumable", "1.0.0")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, code+": "+msg+"\n")
}

func writeCatalogError(w http.ResponseWriter, err error) {
	e := tusError(err)
	writeError(w, e.HTTPResponse.StatusCode, e.ErrorCode, e.Message)
}

// tusError turns a catalog error into a tusd error with the status the
// rest of the API uses; internal details are not shown.
func tusError(err error) handler.Error {
	var he handler.Error
	if errors.As(err, &he) {
		return he
	}
	status, code := http.StatusInternalServerError, "ERR_INTERNAL_SERVER_ERROR"
	switch catalog.ErrorCode(err) {
	case catalog.EFORBIDDEN:
		status, code = http.StatusForbidden, "ERR_FORBIDDEN"
	case catalog.ENOTFOUND:
		status, code = http.StatusNotFound, "ERR_UPLOAD_NOT_FOUND"
	case catalog.EINVALID:
		status, code = http.StatusConflict, "ERR_VALIDATION"
	case catalog.ECONFLICT:
		status, code = http.StatusConflict, "ERR_CONFLICT"
	case catalog.EBADREQUEST:
		status, code = http.StatusBadRequest, "ERR_BAD_REQUEST"
	case catalog.ETOOLARGE:
		status, code = http.StatusRequestEntityTooLarge, "ERR_MAX_SIZE_EXCEEDED"
	case catalog.EUNAVAILABLE:
		status, code = http.StatusServiceUnavailable, "ERR_UNAVAILABLE"
	}
	return handler.NewError(code, errorText(err), status)
}

// errorText is the user-facing message with the fields it is about, in a
// stable order, so that a client sees what to fix.
func errorText(err error) string {
	msg := catalog.ErrorMessage(err)
	var ce *catalog.Error
	if !errors.As(err, &ce) || len(ce.Fields) == 0 {
		return msg
	}
	keys := make([]string, 0, len(ce.Fields))
	for k := range ce.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(msg)
	for i, k := range keys {
		sep := "; "
		if i == 0 {
			sep = ": "
		}
		for _, f := range ce.Fields[k] {
			b.WriteString(sep + k + ": " + f.EN)
			sep = "; "
		}
	}
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(b.String())
}
