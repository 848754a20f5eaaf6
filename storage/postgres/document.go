package postgres

import (
	"encoding/json"
	"fmt"

	"github.com/datenportal/datenportal/storage/internal/record"

	"github.com/datenportal/datenportal/catalog"
)

// MaxDocumentBytes bounds one dataset's stored JSON (record.MaxDocumentBytes).
const MaxDocumentBytes = record.MaxDocumentBytes

// datasetRow is a dataset as it goes into the datasets table.
type datasetRow struct {
	id, name, orgID, state, harvestSourceID string
	private                                 bool
	createdAt, modifiedAt                   int64
	doc                                     string
	distIDs                                 []string
}

// public is the visibility recorded in the change log.
func (r *datasetRow) public() bool { return r.state == catalog.StateActive && !r.private }

// encodeDataset checks what the store itself relies on (ids, a known state,
// unique distribution ids, text that survives JSON and fits a column) and
// builds the row. It works on a copy: the caller's dataset is left as it
// was.
func encodeDataset(in *catalog.Dataset) (*datasetRow, error) {
	p, err := record.PrepareDataset(in)
	if err != nil {
		return nil, err
	}
	d, ids := p.D, p.DistIDs
	r := &datasetRow{
		id: d.ID, name: d.Name, orgID: d.OrganizationID, state: d.State,
		private: d.Private, createdAt: toMicros(d.CreatedAt), modifiedAt: toMicros(d.ModifiedAt),
		doc: string(p.Doc), distIDs: ids,
	}
	if d.Harvest != nil {
		r.harvestSourceID = d.Harvest.SourceID
	}
	if err := r.checkColumns(); err != nil {
		return nil, err
	}
	return r, nil
}

// checkColumns refuses NUL in the values that become columns (valid UTF-8
// was checked with the document); SQLite would keep it, PostgreSQL cannot.
func (r *datasetRow) checkColumns() error {
	for _, c := range []struct{ field, v string }{
		{"id", r.id}, {"name", r.name}, {"owner_org", r.orgID}, {"harvest.source_id", r.harvestSourceID},
	} {
		if !storable(c.v) {
			return errUnstorable(c.field)
		}
	}
	for i, id := range r.distIDs {
		if !storable(id) {
			return errUnstorable(fmt.Sprintf("resources.%d.id", i))
		}
	}
	return nil
}

func errUnstorable(field string) *catalog.Error {
	return catalog.FieldInvalid(field, "Ungültige Zeichen (kein UTF-8 oder NUL).", "Invalid characters (not UTF-8, or NUL).")
}

// encodeDoc encodes other documents (organisations, job details) with the
// same checks as datasets.
func encodeDoc(v any) ([]byte, error) { return record.EncodeDoc(v) }

func decodeDataset(doc []byte) (*catalog.Dataset, error) {
	var d catalog.Dataset
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, catalog.Internal(fmt.Errorf("postgres: corrupt dataset document: %w", err))
	}
	return &d, nil
}
