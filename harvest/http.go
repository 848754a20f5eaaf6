package harvest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// Handler serves the read API as JSON, for the web UI (no HTML):
//
//	GET {prefix}/sources                 → [SourceConfig]
//	GET {prefix}/sources/{name}          → SourceConfig
//	GET {prefix}/sources/{name}/jobs     → [Job] (?limit=N, default 20)
//	GET {prefix}/jobs/{id}               → Report
//
// The actor comes from the request context (catalog.WithActor, as the
// server's auth middleware sets it). Errors are {"error": {code, message,
// message_de}} with the status of the catalog error code.
func (s *Service) Handler(prefix string) http.Handler {
	prefix = strings.TrimRight(prefix, "/")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeErr(w, &catalog.Error{Code: catalog.EBADREQUEST, Message: "Method not allowed", MessageDE: "Methode nicht erlaubt"}, http.StatusMethodNotAllowed)
			return
		}
		rest, ok := strings.CutPrefix(r.URL.Path, prefix+"/")
		if !ok {
			writeErr(w, catalog.NotFound("Page"), 0)
			return
		}
		parts := strings.Split(strings.Trim(rest, "/"), "/")
		ctx := r.Context()
		var v any
		var err error
		switch {
		case len(parts) == 1 && parts[0] == "sources":
			v, err = s.Sources(ctx)
		case len(parts) == 2 && parts[0] == "sources":
			v, err = s.Source(ctx, parts[1])
		case len(parts) == 3 && parts[0] == "sources" && parts[2] == "jobs":
			limit := 20
			if l, e := strconv.Atoi(r.URL.Query().Get("limit")); e == nil && l > 0 && l <= 1000 {
				limit = l
			}
			v, err = s.Jobs(ctx, parts[1], limit)
		case len(parts) == 2 && parts[0] == "jobs":
			v, err = s.Report(ctx, parts[1])
		default:
			err = catalog.NotFound("Page")
		}
		if err != nil {
			writeErr(w, err, 0)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		json.NewEncoder(w).Encode(v)
	})
}

func writeErr(w http.ResponseWriter, err error, status int) {
	e := catalog.AsError(err)
	if status == 0 {
		status = catalog.HTTPStatus(e)
	}
	msg, de := e.Message, e.MessageDE
	if e.Code == catalog.EINTERNAL {
		msg, de = "Internal error", "Interner Fehler"
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": e.Code, "message": msg, "message_de": de}})
}
