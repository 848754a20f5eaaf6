package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

type harvestRemovePage struct {
	*view
	Name, Action, Cancel string
	Datasets             int // datasets the source harvested, in any state
}

// harvestRemoveForm asks before a source is removed, and whether its
// datasets go with it or stay as local datasets of the organisation.
func (w *Web) harvestRemoveForm(c *gin.Context) {
	ctx := c.Request.Context()
	// Source authorises: sysadmins and admins of the source's organisation.
	src, err := w.opt.Harvest.Source(ctx, c.Param("name"))
	if err != nil {
		w.fail(c, err)
		return
	}
	n, err := w.svc.Store.CountDatasets(ctx, catalog.DatasetFilter{HarvestSourceID: src.ID,
		States: []string{catalog.StateActive, catalog.StateDraft}, Visibility: catalog.Visibility{AllPrivate: true}})
	if err != nil {
		w.fail(c, err)
		return
	}
	v := w.newView(c, "")
	v.Title, v.Nav = v.T("harvest.remove.title", src.Name), "harvest"
	w.render(c, http.StatusOK, "harvest_remove", &harvestRemovePage{view: v, Name: src.Name, Datasets: n,
		Action: "/harvest/" + pathEscape(src.Name) + "/remove", Cancel: "/harvest/" + pathEscape(src.Name)})
}

// harvestRemove removes the source; a running job makes it wait.
func (w *Web) harvestRemove(c *gin.Context) {
	ctx := c.Request.Context()
	src, err := w.opt.Harvest.Source(ctx, c.Param("name"))
	if err != nil {
		w.fail(c, err)
		return
	}
	keep := c.PostForm("keep_datasets") == "1"
	r, err := w.opt.Harvester.RemoveSource(ctx, src.ID, keep)
	if catalog.ErrorCode(err) == catalog.ECONFLICT {
		c.Redirect(http.StatusSeeOther, "/harvest/"+pathEscape(src.Name)+"?run=active")
		return
	}
	if err != nil {
		w.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/harvest?removed="+pathEscape(src.Name)+
		"&withdrawn="+strconv.Itoa(r.Withdrawn)+"&kept="+strconv.Itoa(r.Released))
}
