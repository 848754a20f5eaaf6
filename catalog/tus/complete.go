package tus

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/tus/tusd/v2/pkg/handler"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/schemas"
	"github.com/datenportal/datenportal/storage/files"
	"github.com/datenportal/datenportal/storage/files/tusstore"
)

// completeTimeout bounds attaching a finished upload to its record; the
// client's going away must not abort it halfway.
const completeTimeout = 2 * time.Minute

// complete is tusd's pre-finish hook: the upload is now the file-store
// object the store published, and becomes a distribution through the
// Service, which authorises again and removes the object if the record
// cannot be written. The outcome is kept in the upload's info for
// GET …/resource and sent as headers of the final PATCH response.
func (h *Handler) complete(ev handler.HookEvent) (handler.HTTPResponse, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ev.Context), completeTimeout)
	defer cancel()
	in, err := h.store.Info(ctx, ev.Upload.ID)
	if err != nil {
		return handler.HTTPResponse{}, tusError(err)
	}
	fi, ok := in.Published()
	if !ok {
		return handler.HTTPResponse{}, tusError(catalog.Errorf(catalog.ECONFLICT, "upload %s is not waiting to be attached (%s)", in.ID, in.State))
	}
	d, x, err := h.attach(ctx, in, fi)
	if err != nil {
		_ = h.store.Finish(ctx, in.ID, nil, errorText(err))
		return handler.HTTPResponse{}, tusError(err)
	}
	link := h.downloadURL(d, x)
	result := map[string]string{"resource_id": x.ID, "package_id": d.ID, "url": link}
	// The record is written; should the tombstone fail, the client still
	// learns the outcome from these headers.
	_ = h.store.Finish(ctx, in.ID, result, "")
	return handler.HTTPResponse{Header: handler.HTTPHeader{hdrResourceID: x.ID, hdrDatasetID: d.ID, hdrResourceURL: link}}, nil
}

// attach writes the distribution. Every path that fails before the
// Service took the object over removes it here.
func (h *Handler) attach(ctx context.Context, in *tusstore.Info, fi catalog.FileInfo) (*catalog.Dataset, *catalog.Distribution, error) {
	meta := in.MetaData
	name := files.SanitizeFilename(meta[metaFilename])
	up := &catalog.Upload{Staged: &fi, FileName: name, ContentType: mediaType(name, in.Head), Size: fi.Size}
	format := ""
	if f := strings.TrimSpace(meta[metaFormat]); f != "" {
		format = f
		if iri, ok := schemas.FileTypeFor(f); ok {
			format = iri
		}
	}
	if pkg := meta[metaPackage]; pkg != "" {
		old, err := h.svc.Dataset(ctx, pkg)
		if err != nil {
			h.svc.DiscardUpload(ctx, fi)
			return nil, nil, err
		}
		x := catalog.Distribution{Title: meta[metaName], Description: meta[metaDescription], Format: format, License: datasetLicense(old)}
		if x.Title == "" {
			x.Title = meta[metaFilename]
		}
		if x.Format == "" {
			x.Format, _ = schemas.FileTypeFor(name)
		}
		return h.svc.AddDistribution(ctx, old.ID, x, up)
	}
	_, old, err := h.svc.Distribution(ctx, meta[metaResource])
	if err != nil {
		h.svc.DiscardUpload(ctx, fi)
		return nil, nil, err
	}
	x := *old
	if v, ok := meta[metaName]; ok {
		x.Title = v
	}
	if v, ok := meta[metaDescription]; ok {
		x.Description = v
	}
	if format != "" {
		x.Format = format
	} else if x.Format == "" {
		x.Format, _ = schemas.FileTypeFor(name)
	}
	return h.svc.UpdateDistribution(ctx, x, up)
}

// datasetLicense is the licence a new distribution inherits, as the CKAN
// API does it: that of the dataset's first distribution with one.
func datasetLicense(d *catalog.Dataset) string {
	for _, x := range d.Distributions {
		if x.License != "" {
			return x.License
		}
	}
	return ""
}

// mediaType names the file's type by its extension, else by its first
// bytes; the catalogue's vocabulary knows extensions the sniffer does not.
func mediaType(name string, head []byte) string {
	mt := files.DetectMediaType(name, head)
	if mt == "application/octet-stream" || mt == "text/plain" && !strings.HasSuffix(name, ".txt") {
		if m, ok := schemas.MediaTypeForExt(name); ok {
			return m
		}
	}
	return mt
}

// downloadURL is the CKAN-shaped download link of an uploaded file.
func (h *Handler) downloadURL(d *catalog.Dataset, x *catalog.Distribution) string {
	return h.baseURL + "/dataset/" + d.ID + "/resource/" + x.ID + "/download/" + url.PathEscape(x.FileName)
}
