package record

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// MaxDocumentBytes bounds one stored JSON document. A municipal dataset
// with a thousand distributions stays far below it; anything larger is a
// runaway harvest or an attack, and rejecting it keeps every read of the
// catalogue cheap.
const MaxDocumentBytes = 8 << 20

// Times are kept as microseconds since the Unix epoch in UTC: what CKAN
// clients see and what both stores keep, so a value read back compares
// equal to the one written (after .UTC()).

// ToMicros converts t, dropping nanoseconds.
func ToMicros(t time.Time) int64 { return t.UnixMicro() }

// FromMicros is the inverse of ToMicros.
func FromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// NormTime is t as it will read back: UTC, microsecond precision. The zero
// time stays the zero time, so "unset" survives a round trip.
func NormTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

// Dataset is a dataset prepared for a row: a normalised copy, its
// distribution ids and its JSON document.
type Dataset struct {
	D       *catalog.Dataset
	DistIDs []string
	Doc     []byte
}

// PrepareDataset checks what a store relies on (ids, a known state, unique
// distribution ids, text that survives JSON), normalises times as they will
// read back and encodes the document. It works on a copy: the caller's
// dataset is left as it was.
func PrepareDataset(in *catalog.Dataset) (*Dataset, error) {
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
	d.CreatedAt = NormTime(d.CreatedAt)
	d.ModifiedAt = NormTime(d.ModifiedAt)
	if d.Harvest != nil {
		d.Harvest.LastHarvested = NormTime(d.Harvest.LastHarvested)
	}
	seen := make(map[string]int, len(d.Distributions))
	ids := make([]string, 0, len(d.Distributions))
	for i := range d.Distributions {
		x := &d.Distributions[i]
		x.CreatedAt = NormTime(x.CreatedAt)
		x.ModifiedAt = NormTime(x.ModifiedAt)
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
	doc, err := EncodeDoc(d)
	if err != nil {
		return nil, err
	}
	return &Dataset{D: d, DistIDs: ids, Doc: doc}, nil
}

// EncodeDoc marshals a document and refuses what would not read back as
// written: invalid UTF-8 (encoding/json silently replaces it, so a stored
// name would no longer match its column) and oversized documents.
func EncodeDoc(v any) ([]byte, error) {
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
		if field := InvalidUTF8Field(v); field != "" {
			return nil, catalog.FieldInvalid(field,
				"Ungültige Zeichenkodierung (kein UTF-8).",
				"Invalid character encoding (not UTF-8).")
		}
	}
	return doc, nil
}
