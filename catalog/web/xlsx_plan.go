package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/hmac"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/schemas"
)

// importPlan is what the preview page hands to the apply step: the parsed
// rows, signed, so the file need not be uploaded twice nor kept on the
// server (any instance can apply it). It is bound to the user's session
// and the organisation and expires after an hour. The apply step
// re-evaluates every row against the current catalogue and sends each
// through the Service, which authorises and validates again.
type importPlan struct {
	Org   string    `json:"o"`
	User  string    `json:"u"`
	Nonce string    `json:"n"`
	Exp   int64     `json:"e"`
	File  string    `json:"f"`
	Sheet string    `json:"s"`
	Keys  []string  `json:"k"`
	Rows  []planRow `json:"r"`
}

const (
	planTTL = time.Hour
	// maxPlanBytes bounds the decompressed plan (1000 rows of long
	// descriptions fit easily).
	maxPlanBytes = 32 << 20
)

var errPlan = &catalog.Error{Code: catalog.EBADREQUEST,
	Message:   "The import preview has expired or was changed. Please upload the list again.",
	MessageDE: "Die Vorschau ist abgelaufen oder wurde verändert. Bitte laden Sie die Liste erneut hoch."}

func (w *Web) signPlan(p *importPlan) (string, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(p); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	payload := base64.RawURLEncoding.EncodeToString(buf.Bytes())
	return payload + "." + base64.RawURLEncoding.EncodeToString(mac(w.keys.plan, payload)), nil
}

func (w *Web) verifyPlan(s string, sess session, userID, orgID string) (*importPlan, error) {
	payload, sig, ok := strings.Cut(s, ".")
	if !ok {
		return nil, errPlan
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, mac(w.keys.plan, payload)) {
		return nil, errPlan
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return nil, errPlan
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, errPlan
	}
	b, err := io.ReadAll(io.LimitReader(zr, maxPlanBytes+1))
	if err != nil || len(b) > maxPlanBytes {
		return nil, errPlan
	}
	var p importPlan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, errPlan
	}
	if p.User != userID || p.Org != orgID || !hmac.Equal([]byte(p.Nonce), []byte(sess.Nonce)) || w.opt.Now().Unix() > p.Exp {
		return nil, errPlan
	}
	return &p, nil
}

// Actions of a row.
const (
	actCreate    = "create"
	actUpdate    = "update"
	actUnchanged = "unchanged"
	actError     = "error"
)

// rowResult is what happens (or happened) to one row.
type rowResult struct {
	Line     int
	Name     string
	Title    string
	Action   string
	Changes  []cellChange
	Errors   []cellMsg
	Warnings []cellMsg
}

type cellChange struct{ Column, Old, New string }

type cellMsg struct{ Column, Text string }

// rowEval is a row turned into the dataset to write.
type rowEval struct {
	res      rowResult
	d        *catalog.Dataset
	existing *catalog.Dataset
}

// evaluator evaluates the rows of one list against the catalogue.
type evaluator struct {
	w     *Web
	ctx   context.Context
	org   *catalog.Organization
	keys  []string
	lang  string
	names map[string]bool // names taken by earlier rows of this list
}

// evaluate matches a row by name (an existing dataset of the
// organisation is updated, an unknown name created), applies the cells
// and checks the result with the DCAT-AP.de validator.
func (ev *evaluator) evaluate(row planRow) rowEval {
	r := rowEval{res: rowResult{Line: row.Line, Title: row.Cells["title"]}}
	name := strings.ToLower(strings.TrimSpace(row.Cells["name"]))
	if name == "" {
		name = ev.freeName(catalog.Slugify(row.Cells["title"]))
	}
	r.res.Name = name
	if ev.names[name] {
		ev.errorf(&r, "name", "Der Name „%s“ kommt in der Liste mehrfach vor.", "The name “%s” appears more than once in the list.", name)
		return r
	}
	ev.names[name] = true
	existing, err := ev.w.svc.Dataset(ev.ctx, name)
	switch catalog.ErrorCode(err) {
	case "":
		if existing.OrganizationID != ev.org.ID {
			ev.errorf(&r, "name", "Der Name „%s“ gehört zu einem Datensatz einer anderen Organisation.", "The name “%s” belongs to another organisation's dataset.", name)
			return r
		}
		if existing.Harvest != nil {
			ev.errorf(&r, "name", "„%s“ ist ein geernteter Datensatz und wird an seiner Quelle gepflegt.", "“%s” is harvested and maintained at its source.", name)
			return r
		}
		r.existing, r.d = existing, existing.Clone()
		r.res.Action = actUpdate
	case catalog.ENOTFOUND:
		r.d = &catalog.Dataset{Name: name, OrganizationID: ev.org.ID, State: catalog.StateActive}
		r.res.Action = actCreate
	case catalog.EFORBIDDEN:
		ev.errorf(&r, "name", "Der Name „%s“ ist bereits vergeben.", "The name “%s” is already taken.", name)
		return r
	default:
		ev.errorf(&r, "", "Interner Fehler beim Nachschlagen von „%s“.", "Internal error looking up “%s”.", name)
		return r
	}
	for _, k := range ev.keys {
		c := columnByKey[k]
		if c == nil || c.set == nil || k == "name" {
			continue
		}
		if e := c.set(r.d, row.Cells[k]); e != nil {
			ev.cellError(&r, k, e)
		}
	}
	if e := applyDistributionCells(r.d, row.Cells, ev.has, ev.org); e != nil {
		ev.cellError(&r, e.key, &e.cellError)
	}
	if r.d.Title != "" {
		r.res.Title = r.d.Title
	}
	if cells := row.Cells; cells["license"] != "" && len(r.d.Distributions) == 0 {
		r.res.Warnings = append(r.res.Warnings, cellMsg{Column: ev.header("license"), Text: msgLang(ev.lang,
			"Die Lizenz wird erst gespeichert, wenn der Datensatz eine Datei oder einen Link hat.",
			"The licence is stored once the dataset has a file or link.")})
	}
	if len(r.res.Errors) > 0 {
		r.res.Action = actError
		return r
	}
	ev.validate(&r)
	if r.existing != nil && r.res.Action != actError {
		for _, k := range ev.keys {
			c := columnByKey[k]
			old, cur := cellText(c.get(r.existing)), cellText(c.get(r.d))
			if k == "url" {
				old, cur = "", newLinkText(r.existing, r.d)
			}
			if old != cur {
				r.res.Changes = append(r.res.Changes, cellChange{Column: ev.header(k), Old: old, New: cur})
			}
		}
		if len(r.res.Changes) == 0 {
			r.res.Action = actUnchanged
		}
	}
	return r
}

func (ev *evaluator) has(key string) bool { return containsStr(ev.keys, key) }

func (ev *evaluator) header(key string) string {
	if c := columnByKey[key]; c != nil {
		return msgLang(ev.lang, c.DE, c.EN)
	}
	return ""
}

func (ev *evaluator) errorf(r *rowEval, key, de, en string, args ...any) {
	ev.cellError(r, key, cellErrf(de, en, args...))
}

func (ev *evaluator) cellError(r *rowEval, key string, e *cellError) {
	r.res.Errors = append(r.res.Errors, cellMsg{Column: ev.header(key), Text: msgLang(ev.lang, e.DE, e.EN)})
	r.res.Action = actError
}

// freeName finds an unused name for a row without one: the title's slug,
// or with -2, -3, … appended.
func (ev *evaluator) freeName(base string) string {
	for i := 1; i < 100; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		if ev.names[name] {
			continue
		}
		if _, err := ev.w.svc.Dataset(ev.ctx, name); catalog.ErrorCode(err) == catalog.ENOTFOUND {
			return name
		}
	}
	return base
}

// findingColumns maps validator field paths (indexes removed) to columns.
var findingColumns = map[string]string{
	"title": "title", "description": "description", "keywords": "keywords", "themes": "themes",
	"distributions.license": "license", "distributions.access_url": "url", "distributions.download_url": "url",
	"distributions.format": "format", "contact_point.email": "contact_email", "contact_point.name": "contact_name",
	"issued": "issued", "modified": "modified", "temporal.start": "temporal_start", "temporal.end": "temporal_end",
	"landing_page": "landing_page", "political_geocoding_level": "geo_level", "political_geocoding_uris": "geo_uri",
	"accrual_periodicity": "frequency", "name": "name",
}

// validate runs the DCAT-AP.de rules on the row's dataset with the
// organisation's defaults filled in as the Service will, so the preview
// shows what the Service would refuse.
func (ev *evaluator) validate(r *rowEval) {
	if ev.w.svc.Validator == nil {
		return
	}
	if e := catalog.CheckName("name", r.d.Name); e != nil {
		ev.cellError(r, "name", &cellError{DE: e.Fields["name"][0].DE, EN: e.Fields["name"][0].EN})
		return
	}
	d := r.d.Clone()
	if d.Publisher == nil {
		d.Publisher = ev.org.Agent()
	}
	if len(d.ContributorIDs) == 0 && ev.org.ContributorID != "" {
		d.ContributorIDs = []string{ev.org.ContributorID}
	}
	for i := range d.Distributions {
		if d.Distributions[i].License == "" {
			d.Distributions[i].License = ev.org.DefaultLicense
		}
	}
	for _, f := range ev.w.svc.Validator.ValidateDataset(d) {
		key := findingColumns[stripIndexes(f.Field)]
		label := ev.header(key)
		if label == "" {
			label = fieldLabel(f.Field, ev.lang)
		}
		msg := cellMsg{Column: label, Text: msgLang(ev.lang, f.DE, f.EN)}
		if f.Severity == catalog.SeverityError && !(f.Missing && d.State == catalog.StateDraft) {
			r.res.Errors = append(r.res.Errors, msg)
			r.res.Action = actError
		} else if len(r.res.Warnings) < 5 {
			r.res.Warnings = append(r.res.Warnings, msg)
		}
	}
}

// apply writes an evaluated row through the Service.
func (ev *evaluator) apply(row planRow) rowResult {
	r := ev.evaluate(row)
	var err error
	switch r.res.Action {
	case actCreate:
		_, _, err = ev.w.svc.CreateDataset(ev.ctx, r.d)
	case actUpdate:
		_, _, err = ev.w.svc.UpdateDataset(ev.ctx, r.d, r.existing.ModifiedAt)
	default:
		return r.res
	}
	if err != nil {
		r.res.Action = actError
		var e *catalog.Error
		switch {
		case catalog.ErrorCode(err) == catalog.EINTERNAL || catalog.ErrorCode(err) == catalog.EUNAVAILABLE || !asError(err, &e):
			r.res.Errors = []cellMsg{{Text: msgLang(ev.lang, "Interner Fehler; der Datensatz wurde nicht gespeichert.", "Internal error; the dataset was not saved.")}}
			ev.w.log.Error("import row", "line", row.Line, "err", err)
		case len(e.Fields) == 0:
			r.res.Errors = append(r.res.Errors, cellMsg{Text: msgLang(ev.lang, firstNonEmpty(e.MessageDE, e.Message), e.Message)})
		default:
			keys := make([]string, 0, len(e.Fields))
			for k := range e.Fields {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				col := ev.header(findingColumns[stripIndexes(k)])
				if col == "" {
					col = fieldLabel(k, ev.lang)
				}
				for _, m := range e.Fields[k] {
					r.res.Errors = append(r.res.Errors, cellMsg{Column: col, Text: msgLang(ev.lang, m.DE, m.EN)})
				}
			}
		}
	}
	return r.res
}

// distCellError is a cell error of one of the distribution columns.
type distCellError struct {
	cellError
	key string
}

// applyDistributionCells applies the licence, link and format columns:
// a new link becomes a distribution (existing files and links stay, so a
// list never deletes data), the format belongs to that link, and the
// licence applies to every distribution of the dataset.
func applyDistributionCells(d *catalog.Dataset, cells map[string]string, has func(string) bool, org *catalog.Organization) *distCellError {
	license := ""
	if has("license") && cells["license"] != "" {
		iri, ok := schemas.NormalizeLicense(cells["license"])
		if !ok {
			return &distCellError{*cellErrf("Unbekannte Lizenz „%s“ (siehe Blatt „Listen“).", "Unknown licence “%s” (see sheet “Listen”).", cells["license"]), "license"}
		}
		license = iri
	}
	format := ""
	if has("format") && cells["format"] != "" {
		iri, ok := schemas.FileTypeFor(cells["format"])
		if !ok {
			return &distCellError{*cellErrf("Unbekanntes Format „%s“.", "Unknown format “%s”.", cells["format"]), "format"}
		}
		format = iri
	}
	if link := cells["url"]; has("url") && link != "" {
		if safeURL(link) == "" {
			return &distCellError{*cellErrf("„%s“ ist keine http(s)-Adresse.", "“%s” is not an http(s) address.", link), "url"}
		}
		var target *catalog.Distribution
		d.Distributions = append([]catalog.Distribution(nil), d.Distributions...)
		for i := range d.Distributions {
			x := &d.Distributions[i]
			if x.AccessURL == link || x.DownloadURL == link || (x.IsUpload() && strings.HasSuffix(link, downloadPath(d, x))) {
				target = x
			}
		}
		if target == nil {
			d.Distributions = append(d.Distributions, catalog.Distribution{AccessURL: link})
			target = &d.Distributions[len(d.Distributions)-1]
			if format == "" {
				format, _ = schemas.FileTypeFor(link)
			}
		}
		if format != "" {
			target.Format = format
		}
	}
	if license != "" {
		// The cell shows the first distribution's licence (as exported): if
		// it still says that, only distributions without a licence get it,
		// so re-importing an export never unifies differing licences.
		first := ""
		for _, x := range d.Distributions {
			if x.License != "" {
				first = x.License
				break
			}
		}
		for i := range d.Distributions {
			if d.Distributions[i].License == "" || license != first {
				d.Distributions[i].License = license
			}
		}
	}
	return nil
}

// newLinkText names the links a row adds, for the change list.
func newLinkText(old, cur *catalog.Dataset) string {
	if len(cur.Distributions) <= len(old.Distributions) {
		return ""
	}
	var out []string
	for _, x := range cur.Distributions[len(old.Distributions):] {
		out = append(out, x.AccessURL)
	}
	return strings.Join(out, " ")
}

// cellText renders an export value for comparisons and the preview.
func cellText(v any) string {
	switch x := v.(type) {
	case time.Time:
		return x.Format("02.01.2006")
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// importCounts summarises results.
type importCounts struct{ Create, Update, Unchanged, Error int }

func countResults(rs []rowResult) importCounts {
	var c importCounts
	for _, r := range rs {
		switch r.Action {
		case actCreate:
			c.Create++
		case actUpdate:
			c.Update++
		case actUnchanged:
			c.Unchanged++
		default:
			c.Error++
		}
	}
	return c
}
