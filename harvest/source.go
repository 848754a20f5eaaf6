package harvest

import (
	"context"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// Source reads one kind of catalogue. Implementations live in the
// sub-packages (harvest/ckan, harvest/dcat, …); they map records to
// DCAT-AP.de but do not validate, repair or store them: the job does.
type Source interface {
	// Gather walks the listing and calls emit once per record, with the
	// record's content where the listing carries it. It returns complete
	// = true when every record of the source was emitted (with content, or
	// as Unchanged), so that datasets not emitted may be withdrawn. An
	// error means the listing broke off: what was emitted is valid, the
	// rest is unknown. Emit's own error must be returned as is.
	Gather(ctx context.Context, req *GatherRequest, emit func(Item) error) (complete bool, err error)
	// Fetch reads one record by its original id, for items emitted
	// without content.
	Fetch(ctx context.Context, id string) (*Record, error)
}

// GatherRequest tells a source what the job already knows.
type GatherRequest struct {
	// Since, if not zero, asks for records changed since then; sources
	// that cannot list changes ignore it.
	Since time.Time
	// Known reports whether a record with this original id was harvested
	// before, so that an incremental listing can fetch unknown ones.
	Known func(originalID string) bool
}

// Item is one entry of a listing.
type Item struct {
	ID string `json:"id"` // original id in the source: the harvest GUID
	// Record is the mapped content; nil means "fetch by ID".
	Record *Record `json:"record,omitempty"`
	// Unchanged marks records listed by id only because the listing says
	// they did not change since GatherRequest.Since.
	Unchanged bool `json:"unchanged,omitempty"`
	// Err is set when the listing carried the record but it could not be
	// read; the record fails alone (stage fetch), and counts as seen.
	Err *Message `json:"err,omitempty"`
}

// Record is one source record mapped to DCAT-AP.de.
type Record struct {
	ID  string `json:"id"`            // original id (harvest GUID)
	IRI string `json:"iri,omitempty"` // the record's IRI in the source, if any
	// Dataset is the mapping; the job sets name, organisation, state and
	// harvest info.
	Dataset *catalog.Dataset `json:"dataset,omitempty"`
	// Warnings name values that were skipped or repaired while mapping.
	Warnings []catalog.Finding `json:"warnings,omitempty"`
	// Skip, if set, says why the record is not imported (not open data,
	// a service without data, …). A skipped record counts as absent, so
	// a dataset imported from it earlier is withdrawn.
	Skip *Message `json:"skip,omitempty"`
}

// Warn adds a mapping warning.
func (r *Record) Warn(field, code, de, en string) {
	r.Warnings = append(r.Warnings, catalog.Finding{Field: field, Severity: catalog.SeverityWarning, Code: code, DE: de, EN: en})
}

// Env is what a source gets from the job: the guarded HTTP client and the
// limits of this source.
type Env struct {
	Client  *Client
	Options Options
}

// Factory builds a Source from its configuration. It validates the
// kind's own options, so that "harvest add" refuses a bad config.
type Factory func(src *SourceConfig, env *Env) (Source, error)

// Kinds maps a kind name to its factory; cmd/datenportal wires the
// sub-packages in.
type Kinds map[string]Factory
