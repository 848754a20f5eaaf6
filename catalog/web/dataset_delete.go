package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// confirmPage asks before something is deleted.
type confirmPage struct {
	*view
	Question, Detail, Action, Button, Cancel string
}

// datasetDeleteForm asks whether to delete; deleting is one POST away
// but never one click on a link.
func (w *Web) datasetDeleteForm(c *gin.Context) {
	d, err := w.editableDataset(c)
	if err != nil {
		w.fail(c, err)
		return
	}
	v := w.newView(c, "")
	v.Title, v.Nav = v.T("delete.dataset_title"), "dashboard"
	w.render(c, http.StatusOK, "confirm", &confirmPage{view: v,
		Question: v.T("delete.dataset_question", d.Title), Detail: v.T("delete.dataset_detail"),
		Action: "/dataset/" + pathEscape(d.Name) + "/delete", Button: v.T("delete.dataset_button"),
		Cancel: "/dataset/" + pathEscape(d.Name)})
}

// datasetDelete soft-deletes: the record stays for its organisation and
// disappears from search, feeds and DCAT.
func (w *Web) datasetDelete(c *gin.Context) {
	d, err := w.editableDataset(c)
	if err != nil {
		w.fail(c, err)
		return
	}
	if err := w.svc.DeleteDataset(c.Request.Context(), d.ID); err != nil {
		w.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/dashboard")
}
