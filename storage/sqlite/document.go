package sqlite

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/datenportal/datenportal/storage/internal/record"

	"github.com/datenportal/datenportal/catalog"
)

// MaxDocumentBytes bounds one dataset's stored JSON. A municipal dataset
// with a thousand distributions stays far below it; anything larger is a
// runaway harvest or an attack, and rejecting it keeps every read of the
// catalogue cheap.
const MaxDocumentBytes = 8 << 20

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
	if in == nil {
		return nil, catalog.FieldInvalid("id", "Datensatz fehlt.", "Dataset missing.")
	}
	d := in.Clone()
	if d.ID == "" {
		return nil, catalog.FieldInvalid("id", "Fehlende ID.", "Missing id.")
	}
	if d.Name == "" {
		return nil, catalog.FieldInvalid("name", "Fehlender Name.", "Missing name.")
	}
	switch d.State {
	case catalog.StateActive, catalog.StateDraft, catalog.StateDeleted:
	default:
		return nil, catalog.FieldInvalid("state",
			fmt.Sprintf("Unbekannter Status %.40q.", d.State),
			fmt.Sprintf("Unknown state %.40q.", d.State))
	}
	d.CreatedAt = normTime(d.CreatedAt)
	d.ModifiedAt = normTime(d.ModifiedAt)
	if d.Harvest != nil {
		d.Harvest.LastHarvested = normTime(d.Harvest.LastHarvested)
	}
	seen := make(map[string]int, len(d.Distributions))
	ids := make([]string, 0, len(d.Distributions))
	for i := range d.Distributions {
		x := &d.Distributions[i]
		x.CreatedAt = normTime(x.CreatedAt)
		x.ModifiedAt = normTime(x.ModifiedAt)
		field := fmt.Sprintf("resources.%d.id", i)
		if x.ID == "" {
			return nil, catalog.FieldInvalid(field, "Fehlende ID.", "Missing id.")
		}
		if j, dup := seen[x.ID]; dup {
			return nil, catalog.FieldInvalid(field,
				fmt.Sprintf("Dieselbe ID wie Ressource %d.", j),
				fmt.Sprintf("Same id as resource %d.", j))
		}
		seen[x.ID] = i
		ids = append(ids, x.ID)
	}
	doc, err := encodeDoc(d)
	if err != nil {
		return nil, err
	}
	r := &datasetRow{
		id: d.ID, name: d.Name, orgID: d.OrganizationID, state: d.State,
		private: d.Private, createdAt: toMicros(d.CreatedAt), modifiedAt: toMicros(d.ModifiedAt),
		doc: doc, distIDs: ids,
	}
	if d.Harvest != nil {
		r.harvestSourceID = d.Harvest.SourceID
	}
	return r, nil
}

// encodeDoc marshals a document and refuses what would not read back as
// written: invalid UTF-8 (encoding/json silently replaces it, so a stored
// name would no longer match its column) and oversized documents.
func encodeDoc(v any) ([]byte, error) {
	doc, err := json.Marshal(v)
	if err != nil {
		return nil, catalog.Internal(err)
	}
	if len(doc) > MaxDocumentBytes {
		return nil, &catalog.Error{
			Code:      catalog.ETOOLARGE,
			Message:   fmt.Sprintf("Metadata too large (over %d MiB)", MaxDocumentBytes>>20),
			MessageDE: fmt.Sprintf("Metadaten zu groß (über %d MiB)", MaxDocumentBytes>>20),
		}
	}
	// encoding/json writes the escape \ufffd only for bytes it replaced;
	// a real U+FFFD is written as is. Only then is the slow walk needed.
	if bytes.Contains(doc, []byte(`\ufffd`)) {
		if field := record.InvalidUTF8Field(v); field != "" {
			return nil, catalog.FieldInvalid(field,
				"Ungültige Zeichenkodierung (kein UTF-8).",
				"Invalid character encoding (not UTF-8).")
		}
	}
	return doc, nil
}

func decodeDataset(doc []byte) (*catalog.Dataset, error) {
	var d catalog.Dataset
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, catalog.Internal(fmt.Errorf("sqlite: corrupt dataset document: %w", err))
	}
	return &d, nil
}
