package sqlite

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
	doc                                     []byte
	distIDs                                 []string
}

// public is the visibility recorded in the change log.
func (r *datasetRow) public() bool { return r.state == catalog.StateActive && !r.private }

// encodeDataset checks what the store itself relies on (ids, a known state,
// unique distribution ids, text that survives JSON) and builds the row.
// It works on a copy: the caller's dataset is left as it was.
func encodeDataset(in *catalog.Dataset) (*datasetRow, error) {
	p, err := record.PrepareDataset(in)
	if err != nil {
		return nil, err
	}
	d, ids := p.D, p.DistIDs
	r := &datasetRow{
		id: d.ID, name: d.Name, orgID: d.OrganizationID, state: d.State,
		private: d.Private, createdAt: toMicros(d.CreatedAt), modifiedAt: toMicros(d.ModifiedAt),
		doc: p.Doc, distIDs: ids,
	}
	if d.Harvest != nil {
		r.harvestSourceID = d.Harvest.SourceID
	}
	return r, nil
}

// encodeDoc encodes other documents (organisations, job details) with the
// same checks as datasets.
func encodeDoc(v any) ([]byte, error) { return record.EncodeDoc(v) }

func decodeDataset(doc []byte) (*catalog.Dataset, error) {
	var d catalog.Dataset
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, catalog.Internal(fmt.Errorf("sqlite: corrupt dataset document: %w", err))
	}
	return &d, nil
}
