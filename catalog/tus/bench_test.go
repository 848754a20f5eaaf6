package tus_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog/ckanapi"
)

// BenchmarkUpload compares a tus upload (one PATCH, as tus-js-client
// sends by default; and 64 MiB chunks) with the CKAN API's multipart
// resource_create on the same stack (local directory or S3, as testenv
// selects). Size: DATENPORTAL_BENCH_BYTES (default 32 MiB). The body is
// generated while sending, so the client holds no file in memory;
// peak-RSS-MB is the whole test process's high-water mark (VmHWM), run
// each variant in its own process to read it per variant:
//
//	DATENPORTAL_BENCH_BYTES=1073741824 go test -run X -bench 'Upload/tus$' -benchtime 3x ./catalog/tus/
func BenchmarkUpload(b *testing.B) {
	size := int64(32 << 20)
	if v := os.Getenv("DATENPORTAL_BENCH_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			b.Fatalf("DATENPORTAL_BENCH_BYTES=%q", v)
		}
		size = n
	}
	e := newEnv(b, size+1)
	e.opt.Store.PartSize = 0 // the default 16 MiB, as the file store's Put uses
	e.start()
	e.mountCKAN()
	run := func(b *testing.B, upload func() string) {
		b.SetBytes(size)
		for b.Loop() {
			rid := upload()
			b.StopTimer()
			if err := e.svc.DeleteDistribution(systemCtx(), rid); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
	}
	b.Run("tus", func(b *testing.B) {
		e.t = b
		run(b, func() string { return e.tusUpload(size, size) })
	})
	b.Run("tus-64MiB-chunks", func(b *testing.B) {
		e.t = b
		run(b, func() string { return e.tusUpload(size, 64<<20) })
	})
	b.Run("multipart", func(b *testing.B) {
		e.t = b
		run(b, func() string { return e.multipartUpload(size) })
	})
}

func (e *env) mountCKAN() {
	api := ckanapi.New(e.svc, ckanapi.Options{SiteURL: e.srv.URL, SiteTitle: "Bench", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	r := e.srv.Config.Handler.(*gin.Engine)
	r.POST("/api/3/action/:name", api.Action)
}

func (e *env) tusUpload(size, chunk int64) string {
	e.t.Helper()
	loc := e.create(e.editor, size)
	var res *http.Response
	for off := int64(0); off < size; off += chunk {
		n := min(chunk, size-off)
		req, _ := http.NewRequest(http.MethodPatch, loc, io.LimitReader(newPattern(off), n))
		req.ContentLength = n
		req.Header.Set("Tus-Resumable", "1.0.0")
		req.Header.Set("Authorization", e.editor)
		req.Header.Set("Content-Type", "application/offset+octet-stream")
		req.Header.Set("Upload-Offset", strconv.FormatInt(off, 10))
		var err error
		if res, err = http.DefaultClient.Do(req); err != nil {
			e.t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNoContent {
			e.t.Fatalf("PATCH: %d", res.StatusCode)
		}
	}
	return res.Header.Get("Datenportal-Resource-Id")
}

func (e *env) multipartUpload(size int64) string {
	e.t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		_ = mw.WriteField("package_id", e.dataset.ID)
		_ = mw.WriteField("name", "Bench")
		fw, err := mw.CreateFormFile("upload", "bench.csv")
		if err == nil {
			_, err = io.Copy(fw, io.LimitReader(newPattern(0), size))
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/3/action/resource_create", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", e.editor)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("resource_create: %d %s", res.StatusCode, raw)
	}
	var out struct {
		Result struct {
			ID string `json:"id"`
		} `json:"result"`
	}
	if err := json.Unmarshal(raw, &out); err != nil || out.Result.ID == "" {
		e.t.Fatalf("resource_create: %s", raw)
	}
	return out.Result.ID
}

// pattern is an endless stream of pseudo-random bytes from a 1 MiB block,
// cheap enough that the client does not limit the measurement.
type pattern struct {
	off int64
}

var patternBlock = func() []byte {
	b := make([]byte, 1<<20)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}()

func newPattern(off int64) *pattern { return &pattern{off: off} }

func (p *pattern) Read(b []byte) (int, error) {
	n := copy(b, patternBlock[p.off%int64(len(patternBlock)):])
	p.off += int64(n)
	return n, nil
}

// peakRSSMB is the process's resident-set high-water mark.
func peakRSSMB() float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}
