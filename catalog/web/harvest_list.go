package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

// HarvestReader is what the harvest pages read: sources, jobs and reports,
// authorised for the request's actor (sysadmins see everything,
// organisation admins the sources of their organisations) and with
// secrets in source configs redacted. *harvest.Service implements it.
type HarvestReader interface {
	Sources(ctx context.Context) ([]*harvest.SourceConfig, error)
	Source(ctx context.Context, idOrName string) (*harvest.SourceConfig, error)
	Jobs(ctx context.Context, source string, limit int) ([]*harvest.Job, error)
	Report(ctx context.Context, jobID string) (*harvest.Report, error)
}

// HarvestRunner adds sources and runs jobs. *harvest.Harvester implements
// it. It authorises nothing: the portal lets only sysadmins and admins of
// the source's organisation call it.
type HarvestRunner interface {
	AddSource(ctx context.Context, src *harvest.SourceConfig) (*harvest.SourceConfig, error)
	// Run harvests a source and waits for the job to end; the portal calls
	// it in the background only.
	Run(ctx context.Context, idOrName string) (*harvest.Job, error)
	// RemoveSource deletes a source, withdrawing or keeping its datasets.
	RemoveSource(ctx context.Context, idOrName string, keep bool) (*harvest.Removed, error)
	Store() harvest.Store
}

type harvestListPage struct {
	*view
	Rows    []sourceRow
	CanAdd  bool
	Removed string // notice after a removal
}

// sourceRow is a source with what the list shows about it.
type sourceRow struct {
	Src  *harvest.SourceConfig
	Org  *catalog.Organization
	Last *harvest.Job // nil: never ran
}

// harvestList lists the sources the user may see with their last job.
func (w *Web) harvestList(c *gin.Context) {
	ctx := c.Request.Context()
	if !harvestAdmin(catalog.ActorFrom(ctx)) {
		w.fail(c, errHarvestForbidden())
		return
	}
	srcs, err := w.opt.Harvest.Sources(ctx)
	if err != nil {
		w.fail(c, err)
		return
	}
	orgs, err := w.orgsByID(ctx)
	if err != nil {
		w.fail(c, err)
		return
	}
	v := w.newView(c, "")
	v.Title, v.Nav = v.T("harvest.title"), "harvest"
	p := &harvestListPage{view: v, CanAdd: w.opt.Harvester != nil}
	// The notice echoes only a valid name and two numbers, so a crafted
	// link cannot put words into the portal's mouth.
	name, withdrawn, kept := c.Query("removed"), c.Query("withdrawn"), c.Query("kept")
	if name != "" && catalog.CheckName("name", name) == nil && isCount(withdrawn) && isCount(kept) {
		p.Removed = v.T("harvest.removed", name, withdrawn, kept)
	}
	for _, s := range srcs {
		row := sourceRow{Src: s, Org: orgs[s.OrganizationID]}
		jobs, err := w.opt.Harvest.Jobs(ctx, s.ID, 1)
		if err != nil {
			w.fail(c, err)
			return
		}
		if len(jobs) > 0 {
			row.Last = jobs[0]
		}
		p.Rows = append(p.Rows, row)
	}
	w.render(c, http.StatusOK, "harvest_list", p)
}

// harvestAdmin reports whether the actor administers anything harvest
// pages could show: sysadmins, and admins of at least one organisation.
func harvestAdmin(a *catalog.Actor) bool {
	if a.IsSysadmin() {
		return true
	}
	if a == nil {
		return false
	}
	for _, role := range a.Roles {
		if role == catalog.RoleAdmin {
			return true
		}
	}
	return false
}

func errHarvestForbidden() error {
	return &catalog.Error{Code: catalog.EFORBIDDEN,
		Message:   "Only sysadmins and organisation admins manage harvest sources.",
		MessageDE: "Nur die Administration des Portals und von Organisationen verwaltet Ernte-Quellen."}
}

// orgsByID maps organisation ids to organisations, for names in lists.
func (w *Web) orgsByID(ctx context.Context) (map[string]*catalog.Organization, error) {
	all, err := w.svc.Organizations(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]*catalog.Organization, len(all))
	for _, o := range all {
		m[o.ID] = o
	}
	return m, nil
}

// kindLabels name the source kinds as their operators know them.
var kindLabels = map[string]string{
	harvest.KindCKAN:   "CKAN",
	harvest.KindDCAT:   "DCAT-AP (RDF)",
	harvest.KindCSW:    "CSW (ISO 19139)",
	harvest.KindODS:    "OpenDataSoft",
	harvest.KindArcGIS: "ArcGIS Hub",
}

// harvestKinds lists the kinds in the order the add form offers them.
var harvestKinds = []string{harvest.KindCKAN, harvest.KindDCAT, harvest.KindCSW, harvest.KindODS, harvest.KindArcGIS}

// KindLabel names a source kind.
func (v *view) KindLabel(kind string) string {
	if l, ok := kindLabels[kind]; ok {
		return l
	}
	return kind
}

// ScheduleLabel describes a schedule spec in the page's language.
func (v *view) ScheduleLabel(spec string) string {
	switch spec {
	case "", "manual", "none":
		return v.T("schedule.manual")
	case "@hourly", "@daily", "@weekly":
		return v.T("schedule." + strings.TrimPrefix(spec, "@"))
	}
	d, err := harvest.ParseDuration(spec)
	if err != nil {
		return spec
	}
	return v.T("schedule.every", humanDuration(d, v.Lang))
}

// JobState names a job state.
func (v *view) JobState(s string) string { return v.vocabMsg("job.state.", s) }

// StageLabel names a job stage.
func (v *view) StageLabel(s string) string { return v.vocabMsg("job.stage.", s) }

// TriggerLabel names what started a job.
func (v *view) TriggerLabel(s string) string { return v.vocabMsg("job.trigger.", s) }

func (v *view) vocabMsg(prefix, s string) string {
	if m, ok := v.msgs[prefix+s]; ok {
		return m
	}
	return s
}

// JobClass is the badge style of a job state.
func (v *view) JobClass(s string) string {
	switch s {
	case harvest.JobDone:
		return "ok"
	case harvest.JobFailed:
		return "deleted"
	case harvest.JobPartial, harvest.JobInterrupted:
		return "private"
	}
	return "draft"
}

// Time formats a point in time with minutes, in UTC ("" for zero).
func (v *view) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatDate(catalog.Date{Time: t.UTC().Truncate(time.Minute), Precision: catalog.PrecisionDateTime}, v.Lang)
}

// Started is when a job started, or else when it was queued.
func (v *view) Started(j *harvest.Job) string { return v.Time(firstTime(j)) }

// Duration formats how long a job ran ("2 min 5 s").
func (v *view) Duration(j *harvest.Job) string {
	if j == nil || j.StartedAt.IsZero() {
		return ""
	}
	return humanDuration(j.Duration(), v.Lang)
}

// humanDuration writes d with at most two units: "850 ms", "12 s",
// "2 min 5 s", "3 h 20 min", "2 d".
func humanDuration(d time.Duration, lang string) string {
	if d < time.Second {
		return formatInt(int(d.Milliseconds()), lang) + " ms"
	}
	d = d.Round(time.Second)
	units := []struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "min"}, {time.Second, "s"}}
	var parts []string
	for _, u := range units {
		if n := d / u.size; n > 0 && len(parts) < 2 {
			parts = append(parts, formatInt(int(n), lang)+" "+u.name)
			d -= n * u.size
		} else if len(parts) > 0 {
			break
		}
	}
	return strings.Join(parts, " ")
}

// isCount reports whether s is a small natural number.
func isCount(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
