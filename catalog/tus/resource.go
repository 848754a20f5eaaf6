package tus

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/files/tusstore"
)

// resourceStatus is the answer of GET /api/upload/tus/:id/resource.
type resourceStatus struct {
	UploadID   string `json:"upload_id"`
	State      string `json:"state"` // receiving, published (being attached), done, failed
	Offset     int64  `json:"offset"`
	Size       int64  `json:"size"`
	ResourceID string `json:"resource_id,omitempty"`
	PackageID  string `json:"package_id,omitempty"`
	URL        string `json:"url,omitempty"`
	SHA256     string `json:"sha256,omitempty"`
	Error      string `json:"error,omitempty"`
}

// resource tells the owner of an upload what it became: clients whose
// library hides the final PATCH response's headers ask here. It answers
// until the upload's info expires.
func (h *Handler) resource(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	r, err := h.authenticate(c.Request)
	if err != nil {
		e := tusError(err)
		c.JSON(e.HTTPResponse.StatusCode, gin.H{"error": e.Message})
		return
	}
	ctx := r.Context()
	a := catalog.ActorFrom(ctx)
	if !a.LoggedIn() {
		c.JSON(http.StatusForbidden, gin.H{"error": "uploads need an API token (Authorization header)"})
		return
	}
	in, err := h.store.Info(ctx, c.Param("id"))
	if err == nil && in.Owner != a.User.ID {
		err = catalog.NotFound("Upload")
	}
	if err == nil {
		err = h.uploadInScope(ctx, in)
	}
	if err != nil {
		e := tusError(err)
		c.JSON(e.HTTPResponse.StatusCode, gin.H{"error": e.Message})
		return
	}
	st := resourceStatus{UploadID: in.ID, State: in.State, Offset: in.Offset, Size: in.Size, Error: in.Error}
	if in.State != tusstore.StateReceiving {
		st.Offset, st.SHA256 = in.Size, in.SHA256
	}
	if in.State == tusstore.StateDone {
		st.ResourceID, st.PackageID, st.URL = in.Result["resource_id"], in.Result["package_id"], in.Result["url"]
	}
	c.JSON(http.StatusOK, st)
}
