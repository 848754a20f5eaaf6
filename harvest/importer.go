package harvest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// mappingVersion is part of every content hash: when the mapping or the
// repairs change, every record is written again once.
const mappingVersion = "1"

// importRecord prepares, repairs and writes one record, unless its content
// hash shows it unchanged since the last harvest.
func (r *run) importRecord(ctx context.Context, id string, rec *Record) {
	if rec.Dataset == nil {
		r.failed(StageFetch, id, "", Message{DE: "Eintrag ohne Inhalt", EN: "record without content"})
		return
	}
	d := rec.Dataset.Clone()
	notes := append(append([]catalog.Finding(nil), rec.Warnings...), r.prepareRecord(d)...)
	repairs, errs := r.repair(d)
	k := r.known[id]
	datasetID := ""
	if k != nil {
		datasetID = k.id
	}
	for _, n := range append(notes, repairs...) {
		r.rep.add(RecordError{OriginalID: id, DatasetID: datasetID, Stage: StageImport, Severity: SeverityWarning,
			Field: n.Field, Message: Message{DE: n.DE, EN: n.EN}})
	}
	if len(errs) > 0 {
		r.count(func(c *Counts) { c.Failed++ })
		for _, f := range errs {
			r.rep.add(RecordError{OriginalID: id, DatasetID: datasetID, Stage: StageImport, Severity: SeverityError, Field: f.Field,
				Message: Message{DE: "abgelehnt: " + f.DE, EN: "rejected: " + f.EN}})
		}
		return
	}
	hash := contentHash(d, rec.IRI)
	if k != nil && k.hash == hash && k.state == catalog.StateActive && k.org == r.org.ID {
		r.count(func(c *Counts) { c.Unchanged++ })
		return
	}
	d.Harvest = &catalog.HarvestInfo{SourceID: r.src.ID, OriginalID: id, OriginalIRI: rec.IRI, ContentHash: hash, LastHarvested: r.h.now()}
	sys := catalog.WithActor(ctx, catalog.System)
	if k != nil {
		if r.updateDataset(sys, k, d) {
			return
		}
	}
	r.create(sys, id, d)
}

// updateDataset writes d over the known dataset; false means it is gone and must
// be created again.
func (r *run) updateDataset(ctx context.Context, k *known, d *catalog.Dataset) bool {
	old, err := r.h.cfg.Catalog.Store.Dataset(ctx, k.id)
	if catalog.ErrorCode(err) == catalog.ENOTFOUND {
		delete(r.known, d.Harvest.OriginalID)
		return false
	}
	if err != nil {
		r.transient++
		r.failed(StageImport, d.Harvest.OriginalID, k.id, MessageOf(err))
		return true
	}
	d.ID, d.Name = old.ID, old.Name
	keepDistributionIDs(old, d)
	if _, _, err := r.h.cfg.Catalog.UpdateDataset(ctx, d, old.ModifiedAt); err != nil {
		r.storeFailed(d.Harvest.OriginalID, k.id, err)
		return true
	}
	k.hash, k.state, k.org = d.Harvest.ContentHash, catalog.StateActive, d.OrganizationID
	r.count(func(c *Counts) { c.Updated++ })
	return true
}

// create stores d under a name derived from its title, trying the next
// candidate when another write took the name meanwhile.
func (r *run) create(ctx context.Context, id string, d *catalog.Dataset) {
	tried := map[string]bool{}
	for range 8 {
		name, err := r.freeName(ctx, d.Title, id, tried)
		if err != nil {
			r.transient++
			r.failed(StageImport, id, "", MessageOf(err))
			return
		}
		tried[name] = true
		d.Name = name
		stored, _, err := r.h.cfg.Catalog.CreateDataset(ctx, d)
		if err == nil {
			r.known[id] = &known{id: stored.ID, name: stored.Name, state: stored.State, org: stored.OrganizationID, hash: d.Harvest.ContentHash}
			r.count(func(c *Counts) { c.Created++ })
			return
		}
		var ce *catalog.Error
		if errors.As(err, &ce) && ce.Code == catalog.ECONFLICT && len(ce.Fields["name"]) > 0 {
			continue
		}
		r.storeFailed(id, "", err)
		return
	}
	r.failed(StageImport, id, "", Message{DE: "kein freier Name für den Datensatz gefunden", EN: "no free name found for the dataset"})
}

// storeFailed reports a write the Service refused: validation findings
// field by field, anything else (database trouble) as transient.
func (r *run) storeFailed(id, datasetID string, err error) {
	var ce *catalog.Error
	if errors.As(err, &ce) && len(ce.Fields) > 0 {
		r.count(func(c *Counts) { c.Failed++ })
		fields := make([]string, 0, len(ce.Fields))
		for f := range ce.Fields {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		for _, f := range fields {
			for _, m := range ce.Fields[f] {
				r.rep.add(RecordError{OriginalID: id, DatasetID: datasetID, Stage: StageImport, Severity: SeverityError, Field: f,
					Message: Message{DE: "abgelehnt: " + m.DE, EN: "rejected: " + m.EN}})
			}
		}
		return
	}
	if ce == nil || ce.Code != catalog.EFORBIDDEN {
		r.transient++
	}
	m := MessageOf(err)
	if ce != nil {
		m = Message{DE: ce.MessageDE, EN: ce.Message}
		if m.DE == "" {
			m.DE = ce.Message
		}
	}
	r.failed(StageImport, id, datasetID, m)
}

// freeName derives a dataset name from the title: the slug, then slug-2
// … slug-4, then the slug with a short hash of the original id (stable
// for the record), skipping names taken or already tried.
func (r *run) freeName(ctx context.Context, title, originalID string, tried map[string]bool) (string, error) {
	base := catalog.Slugify(title)
	sum := sha256.Sum256([]byte(r.src.ID + "\x00" + originalID))
	short := hex.EncodeToString(sum[:4])
	if catalog.CheckName("name", base) != nil {
		base = "datensatz-" + short
	}
	cands := []string{base, base + "-2", base + "-3", base + "-4", base + "-" + short}
	for i := 2; i < 6; i++ {
		cands = append(cands, base+"-"+short+"-"+strconv.Itoa(i))
	}
	for _, c := range cands {
		if tried[c] || catalog.CheckName("name", c) != nil {
			continue
		}
		_, err := r.h.cfg.Catalog.Store.Dataset(ctx, c)
		if catalog.ErrorCode(err) == catalog.ENOTFOUND {
			return c, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", Errorf("kein freier Name für %q", "no free name for %q", clip(base, 100))
}

// keepDistributionIDs gives re-harvested distributions the ids they had,
// matched by their URLs, so download links and counts stay valid.
func keepDistributionIDs(old, d *catalog.Dataset) {
	byBoth := map[string]string{}
	byAccess := map[string]string{}
	for _, x := range old.Distributions {
		byBoth[x.AccessURL+"\x00"+x.DownloadURL] = x.ID
		if _, ok := byAccess[x.AccessURL+x.DownloadURL]; !ok {
			byAccess[x.AccessURL+x.DownloadURL] = x.ID
		}
	}
	used := map[string]bool{}
	for i := range d.Distributions {
		x := &d.Distributions[i]
		if id, ok := byBoth[x.AccessURL+"\x00"+x.DownloadURL]; ok && !used[id] {
			x.ID, used[id] = id, true
		}
	}
	for i := range d.Distributions {
		x := &d.Distributions[i]
		if x.ID != "" {
			continue
		}
		if id, ok := byAccess[x.AccessURL+x.DownloadURL]; ok && !used[id] {
			x.ID, used[id] = id, true
		}
	}
}

// contentHash fingerprints a prepared record: everything the source said,
// as mapped and repaired, without what we assign (ids, names, times).
func contentHash(d *catalog.Dataset, iri string) string {
	c := d.Clone()
	c.ID, c.Name, c.Harvest = "", "", nil
	c.OrganizationID, c.State, c.Private = "", "", false
	c.CreatedAt, c.ModifiedAt = time.Time{}, time.Time{}
	for i := range c.Distributions {
		x := &c.Distributions[i]
		x.ID = ""
		x.CreatedAt, x.ModifiedAt = time.Time{}, time.Time{}
	}
	b, _ := json.Marshal(struct {
		V   string           `json:"v"`
		IRI string           `json:"iri"`
		D   *catalog.Dataset `json:"d"`
	}{mappingVersion, strings.TrimSpace(iri), c})
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}
