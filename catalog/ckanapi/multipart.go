package ckanapi

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"sort"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// uploadPart is the file field "upload" of a multipart body. The body is
// read as a stream (never ParseMultipartForm, which spools to temp files):
//
//   - if the field that names the target (package_id or id) came before
//     the file, the file is handed to the service as Upload.Reader, so the
//     service authorises before a byte is stored;
//   - otherwise the file is staged with Service.StageUpload while the rest
//     of the form is read, and handed over as Upload.Staged.
//
// In the first case fields after the file cannot be applied any more: the
// stream is failed at the file's end and the request answered 400, so no
// field is silently ignored (ckanapi and requests send fields first).
type uploadPart struct {
	fileName    string
	contentType string
	part        *multipart.Part
	mr          *multipart.Reader
	staged      *catalog.FileInfo
	used        bool
	trailing    []string
}

var errTrailingFields = errors.New("multipart fields after the file")

// readMultipart reads form fields up to the file (direct mode) or to the
// end (staged mode).
func (a *API) readMultipart(r *request, act action) (params, *uploadPart, error) {
	mr, err := multipartReader(r.c.Request.Header.Get("Content-Type"), r.c.Request.Body)
	if err != nil {
		return nil, nil, badRequestf("Bad request - could not read the multipart body")
	}
	p := params{}
	var up *uploadPart
	budget := a.opt.MaxBodyBytes
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return p, up, nil
		}
		if err != nil {
			up.close(r.ctx, a.svc)
			return nil, nil, badRequestf("Bad request - could not read the multipart body")
		}
		if part.FileName() == "" {
			v, err := readField(part, min(budget, maxFieldBytes))
			if err != nil {
				up.close(r.ctx, a.svc)
				return nil, nil, err
			}
			budget -= int64(len(v))
			addValue(p, part.FormName(), v)
			continue
		}
		if part.FormName() != "upload" || act.uploadKey == "" {
			up.close(r.ctx, a.svc)
			return nil, nil, fieldErr(part.FormName(), "File uploads are only accepted in the field 'upload' of resource_create, resource_update and resource_patch",
				"Dateien werden nur im Feld 'upload' von resource_create, resource_update und resource_patch angenommen")
		}
		if up != nil {
			up.close(r.ctx, a.svc)
			return nil, nil, fieldErr("upload", "Only one file may be uploaded", "Es kann nur eine Datei hochgeladen werden")
		}
		name := sanitizeFilename(part.FileName())
		up = &uploadPart{fileName: name, contentType: mediaTypeForFile(name), part: part, mr: mr}
		if id, _ := p.str(act.uploadKey); strings.TrimSpace(id) != "" {
			return p, up, nil // direct: the action streams the rest
		}
		info, err := a.svc.StageUpload(r.ctx, &catalog.Upload{Reader: part, FileName: name, Size: -1, ContentType: up.contentType})
		if err != nil {
			return nil, nil, err
		}
		up.staged, up.part = &info, nil
	}
}

// bodyBufferSize is the read buffer beneath the multipart reader.
// mime/multipart reads through a 4 KiB buffer of its own: on the bare body
// that is one read syscall per 4 KiB; on this buffer the 4 KiB refills are
// copies and the socket is read in large chunks.
const bodyBufferSize = 256 << 10

// multipartReader is http.Request.MultipartReader (multipart/form-data
// with a boundary) over a large read buffer.
func multipartReader(contentType string, body io.Reader) (*multipart.Reader, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" {
		return nil, http.ErrNotMultipart
	}
	boundary, ok := params["boundary"]
	if !ok || boundary == "" {
		return nil, http.ErrMissingBoundary
	}
	return multipart.NewReader(bufio.NewReaderSize(body, bodyBufferSize), boundary), nil
}

func readField(part *multipart.Part, limit int64) (string, error) {
	b, err := io.ReadAll(io.LimitReader(part, limit+1))
	if err != nil {
		return "", badRequestf("Bad request - could not read the multipart body")
	}
	if int64(len(b)) > limit {
		return "", &catalog.Error{Code: catalog.ETOOLARGE,
			Message:   fmt.Sprintf("Form field %q too large", part.FormName()),
			MessageDE: fmt.Sprintf("Formularfeld %q zu groß", part.FormName())}
	}
	return string(b), nil
}

func addValue(p params, k, v string) {
	switch old := p[k].(type) {
	case nil:
		p[k] = v
	case string:
		p[k] = []any{old, v}
	case []any:
		if len(old) < maxListItems {
			p[k] = append(old, v)
		}
	}
}

// forService hands the file to a distribution write.
func (u *uploadPart) forService() *catalog.Upload {
	u.used = true
	if u.staged != nil {
		return &catalog.Upload{Staged: u.staged, FileName: u.fileName, Size: u.staged.Size, ContentType: u.contentType}
	}
	return &catalog.Upload{Reader: &guardReader{u: u}, FileName: u.fileName, Size: -1, ContentType: u.contentType}
}

// trailingError reports fields that followed a directly streamed file.
func (u *uploadPart) trailingError() error {
	if u == nil || len(u.trailing) == 0 {
		return nil
	}
	sort.Strings(u.trailing)
	return badRequestf("Bad request - multipart fields after the file are not accepted when the target (" +
		"package_id or id) precedes the file; send all fields before 'upload': " + strings.Join(u.trailing, ", "))
}

// close removes a staged file that no write took over.
func (u *uploadPart) close(ctx context.Context, svc *catalog.Service) {
	if u != nil && u.staged != nil && !u.used {
		svc.DiscardUpload(ctx, *u.staged)
	}
}

// guardReader passes the file through and, at its end, checks that no
// field follows; otherwise it fails the stream so nothing is stored. The
// end is remembered: readers such as minio-go read again after EOF, and
// the multipart reader must not be advanced twice.
type guardReader struct {
	u   *uploadPart
	end error // io.EOF or the trailing-field error, once the part ended
}

func (g *guardReader) Read(p []byte) (int, error) {
	if g.end != nil {
		return 0, g.end
	}
	// A multipart.Part returns at most ~4 KiB per Read (its reader's
	// buffer); fill p, so that the file store writes and hashes in the
	// chunks it asked for rather than in 4 KiB (1 GiB = 262,144 writes).
	n, err := 0, error(nil)
	for n < len(p) && err == nil {
		var m int
		m, err = g.u.part.Read(p[n:])
		n += m
	}
	if err == io.EOF {
		if terr := g.u.checkTrailing(); terr != nil {
			err = terr
		}
		g.end = err
	}
	return n, err
}

func (u *uploadPart) checkTrailing() error {
	for {
		part, err := u.mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if part.FileName() != "" {
			u.trailing = append(u.trailing, part.FormName())
			continue
		}
		v, err := readField(part, maxFieldBytes)
		if err != nil {
			return err
		}
		if v != "" {
			u.trailing = append(u.trailing, part.FormName())
		}
	}
	if len(u.trailing) > 0 {
		return errTrailingFields
	}
	return nil
}
