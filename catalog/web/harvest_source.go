package web

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

// sourceJobs is how many jobs the source page lists (the store keeps 50
// per source by default).
const sourceJobs = 50

type harvestSourcePage struct {
	*view
	Src            *harvest.SourceConfig
	Org            *catalog.Organization
	Jobs           []*harvest.Job
	DefaultLicense string // IRI of the effective default licence
	Config         string // the redacted config, indented
	CanRun         bool
	Notice         string // message key after "run now"
}

// runNotices are the answers "run now" redirects with (?run=…).
var runNotices = map[string]string{
	"started": "harvest.run.started",
	"queued":  "harvest.run.queued",
	"active":  "harvest.run.active",
	"added":   "harvest.added",
}

// harvestSource shows a source's settings and its jobs, newest first.
func (w *Web) harvestSource(c *gin.Context) {
	ctx := c.Request.Context()
	src, err := w.opt.Harvest.Source(ctx, c.Param("name"))
	if err != nil {
		w.fail(c, err)
		return
	}
	jobs, err := w.opt.Harvest.Jobs(ctx, src.ID, sourceJobs)
	if err != nil {
		w.fail(c, err)
		return
	}
	v := w.newView(c, "")
	v.Title, v.Nav = v.T("harvest.source_title", src.Name), "harvest"
	p := &harvestSourcePage{view: v, Src: src, Jobs: jobs, CanRun: w.opt.Harvester != nil,
		Notice: runNotices[c.Query("run")]}
	if org, err := w.svc.Organization(ctx, src.OrganizationID); err == nil {
		p.Org = org
	}
	if opt, err := harvest.ParseOptions(src.Config); err == nil {
		p.DefaultLicense = opt.DefaultLicense
	}
	var buf bytes.Buffer
	if len(bytes.TrimSpace(src.Config)) > 0 && json.Indent(&buf, src.Config, "", "  ") == nil && buf.String() != "{}" {
		p.Config = buf.String()
	}
	w.render(c, http.StatusOK, "harvest_source", p)
}
