package harvest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Report is a job with its source and every report entry.
type Report struct {
	Job      *Job          `json:"job"`
	Source   *SourceConfig `json:"source,omitempty"`
	Duration Duration      `json:"duration"`
	Entries  []RecordError `json:"entries"`
}

// LoadReport reads a job's report: the job, its source (with secrets in
// the config redacted) and all entries.
func LoadReport(ctx context.Context, s Store, jobID string) (*Report, error) {
	job, err := s.Job(ctx, jobID)
	if err != nil {
		return nil, err
	}
	rep := &Report{Job: job, Duration: Duration(job.Duration().Round(time.Millisecond)), Entries: []RecordError{}}
	if src, err := s.Source(ctx, job.SourceID); err == nil {
		rep.Source = Redacted(src)
	}
	for off := 0; ; off += 1000 {
		page, err := s.RecordErrors(ctx, jobID, off, 1000)
		if err != nil {
			return nil, err
		}
		rep.Entries = append(rep.Entries, page...)
		if len(page) < 1000 {
			return rep, nil
		}
	}
}

// Redacted returns a copy of src whose config has secret values (keys
// naming a key, token or password) replaced, for read APIs and reports.
func Redacted(src *SourceConfig) *SourceConfig {
	c := *src
	var m map[string]any
	if len(c.Config) > 0 && json.Unmarshal(c.Config, &m) == nil {
		for k := range m {
			lk := strings.ToLower(k)
			if strings.Contains(lk, "key") || strings.Contains(lk, "token") || strings.Contains(lk, "password") || strings.Contains(lk, "secret") {
				m[k] = "***"
			}
		}
		c.Config, _ = json.Marshal(m)
	}
	return &c
}

// WriteText prints the report for a terminal, in German ("de") or English.
func (r *Report) WriteText(w io.Writer, lang string) error {
	de := strings.HasPrefix(lang, "de")
	t := func(g, e string) string {
		if de {
			return g
		}
		return e
	}
	j := r.Job
	name := j.SourceID
	if r.Source != nil {
		name = r.Source.Name
	}
	c := j.Counts
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s — %s %s, %s %s\n", t("Lauf", "Job"), j.ID, t("Quelle", "source"), name, t("Status", "state"), j.State)
	fmt.Fprintf(&b, "%s: %s (%s %d)\n", t("Dauer", "Duration"), r.Duration.D(), t("Versuche", "attempts"), j.Attempts)
	mode := t("vollständig", "full")
	if j.Incremental {
		mode = t("inkrementell", "incremental")
	}
	fmt.Fprintf(&b, "%s: %s, %s\n", t("Auflistung", "Listing"), mode, map[bool]string{true: t("komplett", "complete"), false: t("unvollständig — nichts zurückgezogen", "incomplete — nothing withdrawn")}[j.Complete])
	fmt.Fprintf(&b, "%s %d, %s %d, %s %d, %s %d, %s %d, %s %d, %s %d, %s %d\n",
		t("gelistet", "listed"), c.Listed, t("neu", "created"), c.Created, t("aktualisiert", "updated"), c.Updated,
		t("unverändert", "unchanged"), c.Unchanged, t("zurückgezogen", "withdrawn"), c.Withdrawn,
		t("fehlgeschlagen", "failed"), c.Failed, t("übersprungen", "skipped"), c.Skipped, t("vermisst", "missing"), c.Missing)
	if j.Error != nil {
		fmt.Fprintf(&b, "%s (%s): %s\n", t("Fehler", "Error"), j.Stage, t(j.Error.DE, j.Error.EN))
	}
	for _, e := range r.Entries {
		id := e.OriginalID
		if id == "" {
			id = "-"
		}
		field := ""
		if e.Field != "" {
			field = " [" + e.Field + "]"
		}
		fmt.Fprintf(&b, "%s\t%s\t%s%s\t%s\n", e.Severity, e.Stage, id, field, t(e.DE, e.EN))
	}
	if c.WarningsDropped > 0 {
		fmt.Fprintf(&b, t("… %d weitere Warnungen nicht gespeichert\n", "… %d more warnings not stored\n"), c.WarningsDropped)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
