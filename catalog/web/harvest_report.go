package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/harvest"
)

// reportPageSize is how many report entries one page shows; a job may
// report thousands of warnings.
const reportPageSize = 200

type harvestReportPage struct {
	*view
	Rep      *harvest.Report
	Name     string // the source's name ("" if it is gone)
	Active   bool   // the job has not ended: counts are provisional
	Filter   string // "", "error" or "warning"
	Errors   int
	Warnings int
	Entries  []reportEntry
	Filters  []reportFilter
	Pager    pager
}

// reportEntry is a report line in the page's language.
type reportEntry struct {
	harvest.RecordError
	Error      bool
	FieldLabel string
	Text       string
}

type reportFilter struct {
	Label, URL string
	Current    bool
}

// harvestReport shows a job's report: its outcome, counts and every
// message about single records, in the page's language.
func (w *Web) harvestReport(c *gin.Context) {
	rep, err := w.opt.Harvest.Report(c.Request.Context(), c.Param("id"))
	if err != nil {
		w.fail(c, err)
		return
	}
	v := w.newView(c, "")
	v.Nav = "harvest"
	p := &harvestReportPage{view: v, Rep: rep, Active: harvest.Active(rep.Job.State)}
	if rep.Source != nil {
		p.Name = rep.Source.Name
	}
	v.Title = v.T("report.title", firstNonEmpty(p.Name, rep.Job.SourceID), v.Time(firstTime(rep.Job)))
	switch f := c.Query("severity"); f {
	case harvest.SeverityError, harvest.SeverityWarning:
		p.Filter = f
	}
	var shown []harvest.RecordError
	for _, e := range rep.Entries {
		if e.Severity == harvest.SeverityError {
			p.Errors++
		} else {
			p.Warnings++
		}
		if p.Filter == "" || e.Severity == p.Filter {
			shown = append(shown, e)
		}
	}
	base := "/harvest/job/" + pathEscape(rep.Job.ID)
	for _, f := range []struct {
		sev, key string
		n        int
	}{{"", "report.filter.all", p.Errors + p.Warnings}, {harvest.SeverityError, "report.filter.error", p.Errors}, {harvest.SeverityWarning, "report.filter.warning", p.Warnings}} {
		u := base
		if f.sev != "" {
			u += "?severity=" + f.sev
		}
		p.Filters = append(p.Filters, reportFilter{Label: v.T(f.key, v.Count(f.n)), URL: u, Current: f.sev == p.Filter})
	}
	page, _ := strconv.Atoi(c.Query("page"))
	pages := max(1, (len(shown)+reportPageSize-1)/reportPageSize)
	page = max(1, min(page, pages))
	p.Pager = pager{Page: page, Pages: pages}
	link := func(n int) string {
		q := url.Values{"page": {strconv.Itoa(n)}}
		if p.Filter != "" {
			q.Set("severity", p.Filter)
		}
		return base + "?" + q.Encode()
	}
	if page > 1 {
		p.Pager.Prev = link(page - 1)
	}
	if page < pages {
		p.Pager.Next = link(page + 1)
	}
	from := (page - 1) * reportPageSize
	for _, e := range shown[from:min(len(shown), from+reportPageSize)] {
		re := reportEntry{RecordError: e, Error: e.Severity == harvest.SeverityError, Text: v.Msg(e.DE, e.EN)}
		if e.Field != "" {
			re.FieldLabel = fieldLabel(e.Field, v.Lang)
		}
		p.Entries = append(p.Entries, re)
	}
	w.render(c, http.StatusOK, "harvest_report", p)
}

// firstTime is when a job started, or else when it was queued.
func firstTime(j *harvest.Job) time.Time {
	if !j.StartedAt.IsZero() {
		return j.StartedAt
	}
	return j.CreatedAt
}
