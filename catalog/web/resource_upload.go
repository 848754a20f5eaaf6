package web

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/schemas"
)

// Bounds of the distribution form's non-file fields.
const (
	maxFieldBytes = 64 << 10
	maxParts      = 32
)

// errCSRF marks a multipart body without a valid token.
var errCSRF = errors.New("csrf token missing or invalid")

// multipartForm is a streamed distribution form: its fields, and the file
// if one was sent, already in the file store (staged).
type multipartForm struct {
	fields   url.Values
	staged   *catalog.FileInfo
	fileName string
	ctype    string
}

// upload returns the staged file as a catalog.Upload, or nil.
func (m *multipartForm) upload() *catalog.Upload {
	if m.staged == nil {
		return nil
	}
	return &catalog.Upload{Staged: m.staged, FileName: m.fileName, ContentType: m.ctype, Size: m.staged.Size}
}

// readMultipart streams a multipart body: the file goes straight to the
// file store (never into memory or a temporary file), the fields are
// bounded. The CSRF token must come before the file (the form puts it
// first; the upload script also sends it as a header), so that no byte of
// a forged upload is stored. A staged file is discarded on any error.
func (w *Web) readMultipart(c *gin.Context) (m *multipartForm, err error) {
	ctx := c.Request.Context()
	m = &multipartForm{fields: url.Values{}}
	defer func() {
		if err != nil && m.staged != nil {
			w.svc.DiscardUpload(ctx, *m.staged)
			m.staged = nil
		}
	}()
	if w.crossSite(c) {
		return nil, errCSRF
	}
	if max := w.svc.MaxUploadBytes; max > 0 {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, max+1<<20)
	}
	tokenOK := w.validCSRF(c, c.GetHeader(csrfHeader))
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, &catalog.Error{Code: catalog.EBADREQUEST, Message: "Expected a multipart form", MessageDE: "Formulardaten erwartet"}
	}
	for parts := 0; ; parts++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return m, bodyError(err)
		}
		if parts == maxParts {
			return m, &catalog.Error{Code: catalog.EBADREQUEST, Message: "Too many form fields", MessageDE: "Zu viele Formularfelder"}
		}
		name := part.FormName()
		if name == "" {
			continue
		}
		if part.FileName() != "" || name == "file" {
			if !tokenOK {
				return m, errCSRF
			}
			if err := w.stagePart(c, m, part); err != nil {
				return m, err
			}
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
		if err != nil {
			return m, bodyError(err)
		}
		if len(b) > maxFieldBytes {
			return m, &catalog.Error{Code: catalog.ETOOLARGE, Message: "Form field too large", MessageDE: "Ein Formularfeld ist zu lang"}
		}
		m.fields.Add(name, string(b))
		if name == csrfField {
			tokenOK = tokenOK || w.validCSRF(c, string(b))
		}
	}
	if !tokenOK {
		return m, errCSRF
	}
	return m, nil
}

// stagePart stores a file part. A part without a file name is what a
// browser sends when no file was chosen.
func (w *Web) stagePart(c *gin.Context, m *multipartForm, part *multipart.Part) error {
	if part.FileName() == "" {
		_, _ = io.Copy(io.Discard, io.LimitReader(part, maxFieldBytes))
		return nil
	}
	if m.staged != nil {
		return &catalog.Error{Code: catalog.EBADREQUEST, Message: "Only one file per distribution", MessageDE: "Nur eine Datei je Distribution"}
	}
	fileName := sanitizeFileName(part.FileName())
	ctype := mediaTypeFor(fileName, part.Header.Get("Content-Type"))
	info, err := w.svc.StageUpload(c.Request.Context(), &catalog.Upload{Reader: part, FileName: fileName, Size: -1, ContentType: ctype})
	if err != nil {
		return bodyError(err)
	}
	m.staged, m.fileName, m.ctype = &info, fileName, ctype
	if info.Size == 0 {
		return catalog.FieldInvalid("upload", "Die Datei ist leer.", "The file is empty.")
	}
	return nil
}

// bodyError maps a broken or oversized body to the right error.
func bodyError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &catalog.Error{Code: catalog.ETOOLARGE, Message: "File upload too large", MessageDE: "Die Datei ist zu groß",
			Fields: map[string][]catalog.FieldError{"upload": {{DE: "Die Datei ist zu groß.", EN: "File upload too large"}}}}
	}
	if catalog.ErrorCode(err) != catalog.EINTERNAL {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "multipart") {
		return &catalog.Error{Code: catalog.EBADREQUEST, Message: "The upload was interrupted", MessageDE: "Das Hochladen wurde unterbrochen", Err: err}
	}
	return err
}

// sanitizeFileName keeps the base name of what the browser sent, without
// control characters, quotes or path separators, at most 200 bytes. It
// only names the download; storage keys are generated.
func sanitizeFileName(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune("\"<>:|?*", r) {
			return -1
		}
		return r
	}, name)
	name = strings.Trim(strings.TrimSpace(name), ".")
	for len(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" {
		return "datei"
	}
	return name
}

// mediaTypeFor prefers the extension's media type over the browser's
// guess, which is often application/octet-stream.
func mediaTypeFor(fileName, sent string) string {
	if mt, ok := schemas.MediaTypeForExt(path.Ext(fileName)); ok {
		return mt
	}
	if mt, _, err := mime.ParseMediaType(sent); err == nil && mt != "application/octet-stream" && strings.Count(mt, "/") == 1 {
		return mt
	}
	return "application/octet-stream"
}
