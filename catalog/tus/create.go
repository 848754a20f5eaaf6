package tus

import (
	"net/http"
	"strings"

	"github.com/tus/tusd/v2/pkg/handler"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/files/tusstore"
)

// Upload-Metadata keys that are kept. package_id (a new distribution of
// that dataset) or resource_id (a new file for that distribution) names
// the target; filename is required; name, description and format fill
// the distribution. Other keys (tus-js-client sends filetype) are
// dropped.
const (
	metaPackage     = "package_id"
	metaResource    = "resource_id"
	metaFilename    = "filename"
	metaName        = "name"
	metaDescription = "description"
	metaFormat      = "format"
)

var keptMeta = []string{metaPackage, metaResource, metaFilename, metaName, metaDescription, metaFormat}

// authorizeCreate is tusd's pre-create hook: it parses the metadata,
// refuses what can never be finished (no target, no file name, an empty
// file, a dataset the user may not edit) before a byte is sent, and
// records the creating user as the upload's owner. The Service checks
// authorisation again when the upload completes.
func (h *Handler) authorizeCreate(ev handler.HookEvent) (handler.HTTPResponse, handler.FileInfoChanges, error) {
	none := handler.FileInfoChanges{}
	ctx := ev.Context
	a := catalog.ActorFrom(ctx)
	if !a.LoggedIn() {
		return handler.HTTPResponse{}, none, tusError(catalog.Forbidden("User not authorized to upload files"))
	}
	meta, err := ParseMetadata(ev.HTTPRequest.Header.Get("Upload-Metadata"))
	if err != nil {
		return handler.HTTPResponse{}, none, badRequest(err.Error())
	}
	if ev.Upload.Size == 0 {
		return handler.HTTPResponse{}, none, badRequest("the file is empty")
	}
	if strings.TrimSpace(meta[metaFilename]) == "" {
		return handler.HTTPResponse{}, none, badRequest("Upload-Metadata needs filename")
	}
	pkg, rid := strings.TrimSpace(meta[metaPackage]), strings.TrimSpace(meta[metaResource])
	var d *catalog.Dataset
	switch {
	case (pkg == "") == (rid == ""):
		return handler.HTTPResponse{}, none, badRequest("Upload-Metadata needs either package_id (new resource) or resource_id (new file for a resource)")
	case pkg != "":
		d, err = h.svc.Dataset(ctx, pkg)
		pkg = ""
		if d != nil {
			pkg = d.ID
		}
	default:
		d, _, err = h.svc.Distribution(ctx, rid)
	}
	if err == nil {
		err = checkScope(ctx, d.ID)
	}
	if err == nil {
		err = canUploadTo(a, d)
	}
	if err != nil {
		return handler.HTTPResponse{}, none, tusError(err)
	}
	kept := handler.MetaData{}
	for _, k := range keptMeta {
		if v, ok := meta[k]; ok {
			kept[k] = v
		}
	}
	if pkg != "" {
		kept[metaPackage] = pkg // the id, even if the client named the dataset
	}
	return handler.HTTPResponse{}, handler.FileInfoChanges{MetaData: kept, Storage: map[string]string{tusstore.OwnerKey: a.User.ID}}, nil
}

// canUploadTo mirrors the Service's write check, so that a user learns
// before sending gigabytes that the upload could never be attached.
func canUploadTo(a *catalog.Actor, d *catalog.Dataset) error {
	if !a.CanEdit(d.OrganizationID) {
		return catalog.Forbidden("User %s not authorized to edit package %s", a.Name(), d.ID)
	}
	if d.Harvest != nil {
		return catalog.Forbidden("Harvested datasets are maintained at their source")
	}
	return nil
}

func badRequest(msg string) handler.Error {
	return handler.NewError("ERR_BAD_REQUEST", msg, http.StatusBadRequest)
}
