package web_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/tus"
	"github.com/datenportal/datenportal/catalog/web"
	"github.com/datenportal/datenportal/storage/files"
	"github.com/datenportal/datenportal/storage/files/tusstore"
	"github.com/datenportal/datenportal/storage/testenv"
)

// tusEnv mounts the tus endpoint in the test server the way
// cmd/datenportal does, with the portal's upload tokens accepted, on a
// file store the endpoint shares (local directory, or S3 in CI's
// scale-out pass), and a clock tests can move.
type tusEnv struct {
	threshold, chunk, maxUpload int64
	skew                        atomic.Int64 // added to the portal's clock
	dataDir, storageURL         string
	files                       files.Options
	h                           *tus.Handler
}

func (te *tusEnv) now() time.Time { return time.Now().Add(time.Duration(te.skew.Load())) }

// fileStore opens the service's file store where the endpoint finds it.
func (te *tusEnv) fileStore(t *testing.T) catalog.FileStore {
	t.Helper()
	te.dataDir = t.TempDir()
	if testenv.S3() {
		te.storageURL, te.files = testenv.S3URL(t)
		return testenv.FileStore(t)
	}
	fs, err := files.Open(context.Background(), "", te.dataDir, files.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func (te *tusEnv) webOptions(o *web.Options) {
	o.TusURL = tus.BasePath
	o.TusThreshold, o.TusChunkSize = te.threshold, te.chunk
	o.Now = te.now
	// Longer than the upload token, so that a test can outlive the
	// token while the session still holds.
	o.SessionTTL = 48 * time.Hour
}

// mount builds the endpoint; no BaseURL, so Location headers name the
// host the request came to (the test server or the proxy before it).
func (te *tusEnv) mount(t *testing.T, svc *catalog.Service, w *web.Web) func(*gin.Engine) {
	t.Helper()
	h, err := tus.Open(context.Background(), svc, tus.Options{StorageURL: te.storageURL, DataDir: te.dataDir,
		Files: te.files, Store: tusstore.Config{Now: te.now}, Authenticate: w.UploadActor})
	if err != nil {
		t.Fatal(err)
	}
	te.h = h
	t.Cleanup(func() {
		// Everything is expired a month later: partial uploads go.
		te.skew.Store(int64(30 * 24 * time.Hour))
		_, _ = h.Sweep(context.Background())
	})
	return h.Register
}
