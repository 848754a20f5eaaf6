package download

import (
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// Options describe the file being served; the caller takes them from the
// distribution record, which is the truth about name, type and hash.
type Options struct {
	Filename    string    // name offered to the user; cleaned again here
	ContentType string    // media type; invalid or empty → application/octet-stream
	SHA256      string    // lower-case hex; gives a strong ETag when well-formed
	ModTime     time.Time // Last-Modified; zero → the file's own modification time
	Attachment  bool      // force "attachment" even for types shown inline
	Private     bool      // the dataset is private: forbid shared caches
}

// maxRanges caps the ranges of one request. Each range may cost a storage
// round trip (S3), so a header with thousands of tiny ranges would turn one
// request into thousands; above the cap the whole file is sent, which RFC
// 9110 allows.
const maxRanges = 16

// inline lists the types a browser may display in place. They cannot run
// script in our origin even when their content is hostile (nosniff keeps
// the browser from reinterpreting them). Everything else — HTML, SVG,
// XHTML, XML (which can carry XSLT or XHTML), JavaScript, unknown types —
// is an attachment. So is PDF: Chrome refuses to run its viewer in a
// document with the sandbox CSP, and dropping the sandbox for PDF would
// hand scriptable PDF viewers our origin.
var inline = map[string]bool{
	"text/plain": true, "text/csv": true, "application/json": true, "application/geo+json": true,
	"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true,
}

// Serve writes f with the headers described in the package comment. It
// handles GET and HEAD; the caller authorises, looks up the record, opens
// the file and closes it afterwards. It returns the bytes of body sent,
// which writer wrappers miss when the kernel copied the file.
func Serve(w http.ResponseWriter, r *http.Request, f catalog.File, opt Options) int64 {
	info := f.Info()
	ct := "application/octet-stream"
	if mt, params, err := mime.ParseMediaType(opt.ContentType); err == nil && strings.Count(mt, "/") == 1 {
		ct = mime.FormatMediaType(mt, params)
		if ct == "" {
			ct = mt
		}
	}
	mt, _, _ := mime.ParseMediaType(ct)
	mod := opt.ModTime
	if mod.IsZero() {
		mod = info.ModTime
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", ContentDisposition(opt.Filename, opt.Attachment || !inline[mt]))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
	if opt.Private {
		h.Set("Cache-Control", "private, no-cache")
	} else {
		// Revalidate every time: a re-upload replaces the bytes under the
		// same URL, and with a strong ETag revalidating costs one 304.
		h.Set("Cache-Control", "public, no-cache")
	}
	if sum := strings.ToLower(opt.SHA256); isHexSHA256(sum) {
		h.Set("ETag", `"`+sum+`"`)
	}
	if rg := r.Header.Get("Range"); rg != "" && strings.Count(rg, ",") >= maxRanges {
		r.Header.Del("Range")
	}
	var sent int64
	http.ServeContent(copyWriter{w, &sent}, r, "", mod, f)
	return sent
}

// copyBufferSize is the chunk in which a file's bytes are copied to the
// response. http.ServeContent copies with io.Copy, which uses 32 KiB when
// the writer (gin's) has no ReadFrom: a 1 GiB download from S3 would be
// 32,768 reads and writes. With 256 KiB, S3 downloads through the portal
// went from 0.51–0.56× to 0.72–0.80× of a direct GetObject (256 MiB,
// BenchmarkUploadDownload); it keeps the memory per download small.
const copyBufferSize = 256 << 10

var copyBuffers = sync.Pool{New: func() any { b := make([]byte, copyBufferSize); return &b }}

// copyWriter gives the response writer a ReadFrom that copies in
// copyBufferSize chunks. Writes still go through w, so status and size
// accounting (gin, middleware) see every byte.
type copyWriter struct {
	http.ResponseWriter
	sent *int64
}

func (w copyWriter) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	*w.sent += int64(n)
	return n, err
}

func (w copyWriter) ReadFrom(r io.Reader) (n int64, err error) {
	defer func() { *w.sent += n }()
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	if lr, ok := r.(*io.LimitedReader); ok { // http.ServeContent's io.CopyN
		if n, done, err := w.kernelCopy(lr, *buf); done {
			return n, err
		}
	}
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(r) // net/http's own
	}
	return io.CopyBuffer(struct{ io.Writer }{w.ResponseWriter}, r, *buf)
}

// Unwrap lets http.ResponseController reach the writer beneath.
func (w copyWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func isHexSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
