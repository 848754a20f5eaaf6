package web

import (
	"errors"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

// formState is the error state of a settings form (organisation, harvest
// source, password): messages by input name, and the summary at the top
// that links to them. Pages embed it next to *view, so templates call
// {{.Input …}}, {{.Err …}} and {{.Invalid …}} as in the dataset form.
type formState struct {
	Errors  map[string][]string
	Summary []summaryItem
}

func newFormState() *formState { return &formState{Errors: map[string][]string{}} }

// add records a message about an input and links it from the summary.
func (f *formState) add(input, label, msg string) {
	f.Errors[input] = append(f.Errors[input], msg)
	f.Summary = append(f.Summary, summaryItem{Anchor: "f-" + input, Label: label, Text: msg})
}

// addGeneral records a message that belongs to no input.
func (f *formState) addGeneral(msg string) {
	f.Summary = append(f.Summary, summaryItem{Text: msg})
}

// failed reports whether anything was recorded.
func (f *formState) failed() bool { return len(f.Summary) > 0 }

// addServiceError spreads a validation error of the Service (or a
// bilingual harvest error) over the form: fields maps the Service's field
// names to inputs, labels the inputs to their labels. It reports whether
// err was such an error; others are for the error page.
func (f *formState) addServiceError(err error, fields, labels map[string]string, lang string) bool {
	var he *harvest.Error
	if errors.As(err, &he) {
		f.addGeneral(msgLang(lang, he.Msg.DE, he.Msg.EN))
		return true
	}
	switch catalog.ErrorCode(err) {
	case catalog.EINVALID, catalog.ECONFLICT:
	default:
		return false
	}
	byField, summary := fieldMessages(err, fields, lang)
	for input, msgs := range byField {
		f.Errors[input] = append(f.Errors[input], msgs...)
	}
	for _, s := range summary {
		if s.Anchor != "" {
			if l, ok := labels[s.Anchor[len("f-"):]]; ok {
				s.Label = l
			}
		}
		f.Summary = append(f.Summary, s)
	}
	return true
}

// Err is the error list of one input, for the field_errors partial.
func (f *formState) Err(input string) fieldErr {
	return fieldErr{ID: "f-" + input + "-error", Msgs: f.Errors[input]}
}

// Invalid reports whether an input has errors (aria-invalid).
func (f *formState) Invalid(input string) bool { return len(f.Errors[input]) > 0 }

// Input describes a text input for the "input" partial; label and hint
// are already in the page's language.
func (f *formState) Input(name, label, value, typ string, required bool, hint string) inputField {
	return inputField{Name: name, Label: label, Value: value, Type: typ, Hint: hint, Required: required, Err: f.Err(name)}
}

// Select describes a select with a "no value" entry for the "select"
// partial.
func (f *formState) Select(name string, opts []option) selectField {
	return selectField{Name: name, Options: opts, Invalid: f.Invalid(name)}
}

// choiceField is a labelled select for the "choice" partial.
type choiceField struct {
	Name, Label, Hint string
	Required          bool
	None              bool // offer "– not specified –" first
	Options           []option
	Groups            []optgroup
	Err               fieldErr
}

// Choice describes a select that needs a value.
func (f *formState) Choice(name, label, hint string, required bool, opts []option) choiceField {
	return choiceField{Name: name, Label: label, Hint: hint, Required: required, Options: opts, Err: f.Err(name)}
}

// Pick describes a select that may stay empty.
func (f *formState) Pick(name, label, hint string, opts []option) choiceField {
	return choiceField{Name: name, Label: label, Hint: hint, None: true, Options: opts, Err: f.Err(name)}
}

// PickGroups is Pick with grouped options (licences).
func (f *formState) PickGroups(name, label, hint string, groups []optgroup) choiceField {
	return choiceField{Name: name, Label: label, Hint: hint, None: true, Groups: groups, Err: f.Err(name)}
}
