package tus

import (
	"net/http"
	"strings"
	"time"

	"github.com/datenportal/datenportal/storage/files/tusstore"
)

// What this server offers beyond tus core. tusd itself knows neither the
// checksum nor the expiration extension; both are added here and in
// tusstore. Upload-Defer-Length and concatenation are not offered.
const (
	extensions = "creation,creation-with-upload,termination,checksum,expiration"
	// exposed lets scripts on other origins read the protocol's headers
	// (the server's CORS middleware allows the requests themselves).
	exposed = "Upload-Offset, Upload-Length, Upload-Metadata, Upload-Expires, Location, Tus-Version, Tus-Resumable, " +
		"Tus-Max-Size, Tus-Extension, Tus-Checksum-Algorithm, " + hdrResourceID + ", " + hdrDatasetID + ", " + hdrResourceURL
)

// Headers of the final PATCH response naming what the upload became.
const (
	hdrResourceID  = "Datenportal-Resource-Id"
	hdrDatasetID   = "Datenportal-Dataset-Id"
	hdrResourceURL = "Datenportal-Resource-Url"
)

// responseWriter adds the headers of the extensions tusd does not know
// just before the status line goes out. Unwrap lets tusd's
// http.ResponseController reach the connection for its read deadlines.
type responseWriter struct {
	http.ResponseWriter
	h       *Handler
	method  string
	origin  string
	in      *tusstore.Info // the upload of HEAD, PATCH and DELETE requests
	written bool
}

func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *responseWriter) Write(b []byte) (int, error) {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *responseWriter) WriteHeader(status int) {
	if w.written {
		return
	}
	w.written = true
	hd := w.Header()
	if w.origin != "" {
		hd.Set("Access-Control-Expose-Headers", exposed)
	}
	switch {
	case w.method == http.MethodOptions:
		hd.Set("Tus-Extension", extensions)
		algs := make([]string, len(tusstore.Algorithms))
		for i, a := range tusstore.Algorithms {
			algs[i] = string(a)
		}
		hd.Set("Tus-Checksum-Algorithm", strings.Join(algs, ","))
		// tusd answers 200 for old browsers' preflights; a tus OPTIONS
		// is discovery and says 204.
		if status == http.StatusOK {
			status = http.StatusNoContent
		}
	case status >= 300:
	case w.method == http.MethodPost:
		now := time.Now()
		hd.Set("Upload-Expires", w.h.store.ExpiresAt(now, now).UTC().Format(http.TimeFormat))
	case w.method == http.MethodPatch && w.in != nil:
		hd.Set("Upload-Expires", w.h.store.ExpiresAt(w.in.Created, time.Now()).UTC().Format(http.TimeFormat))
	case w.method == http.MethodHead && w.in != nil:
		hd.Set("Upload-Expires", w.in.Expires.UTC().Format(http.TimeFormat))
	}
	w.ResponseWriter.WriteHeader(status)
}
