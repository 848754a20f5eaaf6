package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
)

type datasetFormPage struct {
	*view
	Form     datasetForm
	Existing *catalog.Dataset // nil when creating
	Orgs     []*catalog.Organization
	Errors   map[string][]string
	Summary  []summaryItem
	// pickers
	Themes, Frequencies, GeoLevels, Access, Languages []option
}

type fieldErr struct {
	ID   string
	Msgs []string
}

// Err is the error list of one input, for the field_errors partial.
func (p *datasetFormPage) Err(field string) fieldErr {
	return fieldErr{ID: "f-" + field + "-error", Msgs: p.Errors[field]}
}

// Invalid reports whether an input has errors (aria-invalid).
func (p *datasetFormPage) Invalid(field string) bool { return len(p.Errors[field]) > 0 }

// datasetNew shows an empty form; ?organization= preselects the owner.
func (w *Web) datasetNew(c *gin.Context) {
	f := datasetForm{State: catalog.StateActive}
	orgs := w.editableOrgs(c)
	for _, o := range orgs {
		if o.Name == c.Query("organization") || len(orgs) == 1 {
			f.Org = o.ID
			f.GeoLevel, f.GeoURIs = o.PoliticalGeocodingLevel, o.PoliticalGeocodingURI
		}
	}
	w.renderDatasetForm(c, http.StatusOK, f, nil, nil, nil)
}

func (w *Web) datasetCreate(c *gin.Context) {
	f := formFromValues(c.Request.PostForm)
	d := &catalog.Dataset{}
	if errs := f.apply(d); len(errs) > 0 {
		w.renderDatasetForm(c, http.StatusUnprocessableEntity, f, nil, errs, nil)
		return
	}
	saved, _, err := w.svc.CreateDataset(c.Request.Context(), d)
	if err != nil {
		w.datasetSaveFailed(c, f, nil, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/dataset/"+pathEscape(saved.Name)+"?saved=1")
}

// datasetEdit shows the form for a stored dataset.
func (w *Web) datasetEdit(c *gin.Context) {
	d, err := w.editableDataset(c)
	if err != nil {
		w.fail(c, err)
		return
	}
	w.renderDatasetForm(c, http.StatusOK, formFromDataset(d), d, nil, nil)
}

// datasetUpdate saves the form over the stored dataset. The version the
// form was opened at is checked, so two people editing at once do not
// silently overwrite each other.
func (w *Web) datasetUpdate(c *gin.Context) {
	old, err := w.editableDataset(c)
	if err != nil {
		w.fail(c, err)
		return
	}
	f := formFromValues(c.Request.PostForm)
	d := old.Clone()
	if errs := f.apply(d); len(errs) > 0 {
		w.renderDatasetForm(c, http.StatusUnprocessableEntity, f, old, errs, nil)
		return
	}
	since, perr := time.Parse(time.RFC3339Nano, f.ModifiedAt)
	if perr != nil {
		since = old.ModifiedAt
	}
	saved, _, err := w.svc.UpdateDataset(c.Request.Context(), d, since)
	if err != nil {
		w.datasetSaveFailed(c, f, old, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/dataset/"+pathEscape(saved.Name)+"?saved=1")
}

// datasetSaveFailed shows the Service's validation messages in the form;
// other errors get the error page.
func (w *Web) datasetSaveFailed(c *gin.Context, f datasetForm, old *catalog.Dataset, err error) {
	switch catalog.ErrorCode(err) {
	case catalog.EINVALID, catalog.ECONFLICT:
	default:
		w.fail(c, err)
		return
	}
	lang := w.language(c)
	byField, summary := fieldMessages(err, formFields, lang)
	if catalog.ErrorCode(err) == catalog.ECONFLICT && len(summary) == 1 && summary[0].Anchor == "" {
		summary[0].Text = msgLang(lang, "Der Datensatz wurde inzwischen von jemand anderem geändert. Bitte laden Sie das Formular neu; Ihre Eingaben unten sind noch nicht gespeichert.",
			"Someone else changed the dataset in the meantime. Please reload the form; your input below has not been saved.")
	}
	w.renderDatasetForm(c, http.StatusUnprocessableEntity, f, old, byField, summary)
}

func (w *Web) renderDatasetForm(c *gin.Context, status int, f datasetForm, old *catalog.Dataset, errs map[string][]string, summary []summaryItem) {
	v := w.newView(c, "")
	v.Nav = "dashboard"
	if old == nil {
		v.Title = v.T("form.new_title")
	} else {
		v.Title = v.T("form.edit_title", old.Title)
	}
	if errs == nil {
		errs = map[string][]string{}
	}
	for field, keys := range errs {
		for i, k := range keys {
			if _, ok := catalogue[k]; ok {
				keys[i] = v.T(k)
			}
		}
		if summary == nil || !summaryHas(summary, field) {
			for _, m := range keys {
				summary = append(summary, summaryItem{Anchor: "f-" + field, Label: v.T("form.field." + field), Text: m})
			}
		}
	}
	p := &datasetFormPage{view: v, Form: f, Existing: old, Orgs: w.editableOrgs(c), Errors: errs, Summary: summary,
		Themes: themeOptions(f.Themes, v.Lang), Frequencies: frequencyOptions(f.Frequency, v.Lang),
		GeoLevels: geoLevelOptions(f.GeoLevel, v.Lang), Access: accessOptions(f.AccessRights, v.Lang),
		Languages: languageOptions(f.Languages, v.Lang)}
	w.render(c, status, "dataset_form", p)
}

func summaryHas(s []summaryItem, field string) bool {
	for _, x := range s {
		if x.Anchor == "f-"+field {
			return true
		}
	}
	return false
}

// editableOrgs are the organisations the actor may publish for.
func (w *Web) editableOrgs(c *gin.Context) []*catalog.Organization {
	orgs, err := w.actorOrgs(c)
	if err != nil {
		return nil
	}
	a := catalog.ActorFrom(c.Request.Context())
	var out []*catalog.Organization
	for _, o := range orgs {
		if a.CanEdit(o.ID) {
			out = append(out, o)
		}
	}
	return out
}

// editableDataset loads :id for editing: the Service decides who may read
// it; editing needs the editor role, and harvested datasets are
// maintained at their source.
func (w *Web) editableDataset(c *gin.Context) (*catalog.Dataset, error) {
	ctx := c.Request.Context()
	d, err := w.svc.Dataset(ctx, c.Param("id"))
	if err != nil {
		return nil, err
	}
	if !catalog.ActorFrom(ctx).CanEdit(d.OrganizationID) {
		return nil, catalog.Forbidden("not an editor of this dataset's organisation")
	}
	if d.Harvest != nil {
		return nil, &catalog.Error{Code: catalog.EFORBIDDEN,
			Message:   "Harvested datasets are maintained at their source.",
			MessageDE: "Geerntete Datensätze werden an ihrer Quelle gepflegt."}
	}
	return d, nil
}

// inputField is one labelled input for the "input" partial.
type inputField struct {
	Name, Label, Value, Type, Hint string
	Required                       bool
	Err                            fieldErr
	Extra                          string // data-slug-from target, for the name input
}

// Input describes a text input with its label, hint and errors.
func (p *datasetFormPage) Input(name, label, value, typ string, required bool, hint string) inputField {
	if hint != "" {
		hint = p.T(hint)
	}
	return inputField{Name: name, Label: label, Value: value, Type: typ, Hint: hint, Required: required, Err: p.Err(name)}
}

// selectField is a select for the "select" partial.
type selectField struct {
	Name    string
	Options []option
	Invalid bool
}

// Select describes a select with a "no value" entry.
func (p *datasetFormPage) Select(name string, opts []option) selectField {
	return selectField{Name: name, Options: opts, Invalid: p.Invalid(name)}
}
