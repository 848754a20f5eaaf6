package harvest

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/schemas"
)

// Limits the publish validator enforces (schemas/syntax.go); records are
// cut to them here, with a warning, rather than rejected.
const (
	maxTitleRunes       = 1000
	maxDescriptionRunes = 100_000
	maxKeywordRunes     = 200
	maxKeywords         = 300
	maxListItems        = 500
	maxDistributions    = 1000
)

// prepareRecord turns a mapped record into the dataset the source's
// organisation will own: it sets what the job decides (organisation,
// state), converts HTML to text, splits e-mail addresses out of names,
// cuts oversized values, fills the default licence and appends the
// source's contributor ID. It returns notes on what it changed.
func (r *run) prepareRecord(d *catalog.Dataset) []catalog.Finding {
	var notes []catalog.Finding
	note := func(field, de, en string) {
		notes = append(notes, catalog.Finding{Field: field, Severity: catalog.SeverityWarning, Code: "repaired", DE: de, EN: en})
	}
	d.ID, d.Name, d.CreatorUserID = "", "", ""
	d.OrganizationID = r.org.ID
	d.State = catalog.StateActive
	d.Private = false
	d.Harvest = nil
	d.CreatedAt, d.ModifiedAt = time.Time{}, time.Time{}

	d.Title = strings.Join(strings.Fields(PlainText(d.Title)), " ")
	if clipRunes(&d.Title, maxTitleRunes) {
		note("title", "Titel gekürzt", "title shortened")
	}
	if LooksHTML(d.Description) {
		d.Description = PlainText(d.Description)
	}
	d.Description = strings.TrimSpace(d.Description)
	if clipRunes(&d.Description, maxDescriptionRunes) {
		note("description", "Beschreibung gekürzt", "description shortened")
	}
	d.Keywords = cleanKeywords(d.Keywords)
	if len(d.Keywords) > maxKeywords {
		d.Keywords = d.Keywords[:maxKeywords]
		note("keywords", "Schlagwortliste gekürzt", "keyword list shortened")
	}
	for _, a := range []*catalog.Agent{d.Publisher, d.Creator, d.Originator, d.Maintainer, d.Contributor} {
		if a != nil {
			name, email := SplitNameEmail(strings.TrimSpace(a.Name))
			a.Name = name
			if a.Email == "" {
				a.Email = email
			}
			a.Email = CleanEmail(a.Email)
		}
	}
	if c := d.ContactPoint; c != nil {
		name, email := SplitNameEmail(strings.TrimSpace(c.Name))
		c.Name = name
		if c.Email == "" {
			c.Email = email
		}
		c.Email = CleanEmail(c.Email)
	}
	for _, l := range []*[]string{&d.Themes, &d.Languages, &d.ConformsTo, &d.References, &d.Relations, &d.Types,
		&d.PoliticalGeocodingURIs, &d.GeocodingDescription, &d.LegalBasis, &d.HVDCategories, &d.ApplicableLegislation, &d.ContributorIDs} {
		*l = dedupe(*l)
		if len(*l) > maxListItems {
			*l = (*l)[:maxListItems]
		}
	}
	if len(d.Spatial) > maxListItems {
		d.Spatial = d.Spatial[:maxListItems]
	}
	if len(d.Temporal) > maxListItems {
		d.Temporal = d.Temporal[:maxListItems]
	}
	if cid := r.opt.ContributorID; cid != "" && !containsFold(d.ContributorIDs, cid) {
		d.ContributorIDs = append(d.ContributorIDs, cid)
	}
	if len(d.Distributions) > maxDistributions {
		note("distributions", "nur die ersten 1000 Distributionen übernommen", "only the first 1000 distributions kept")
		d.Distributions = d.Distributions[:maxDistributions]
	}
	lic := r.defaultLicense()
	for i := range d.Distributions {
		x := &d.Distributions[i]
		x.ID, x.StorageKey, x.FileName = "", "", ""
		x.CreatedAt, x.ModifiedAt = time.Time{}, time.Time{}
		x.AccessURL, x.DownloadURL = strings.TrimSpace(x.AccessURL), strings.TrimSpace(x.DownloadURL)
		x.Title = strings.Join(strings.Fields(PlainText(x.Title)), " ")
		clipRunes(&x.Title, maxTitleRunes)
		if LooksHTML(x.Description) {
			x.Description = PlainText(x.Description)
		}
		clipRunes(&x.Description, maxDescriptionRunes)
		if iri, ok := NormalizeLicense(x.License); ok {
			x.License = iri
		}
		x.Availability = NormalizeAvailability(x.Availability)
		if strings.TrimSpace(x.License) == "" {
			x.License = lic
			note(fieldIndex("distributions", i, "license"), "Lizenz fehlte; Standardlizenz der Quelle gesetzt: "+lic,
				"licence missing; the source's default licence was set: "+lic)
		}
	}
	return notes
}

// defaultLicense is the source's default licence as an IRI.
func (r *run) defaultLicense() string {
	if iri, ok := schemas.NormalizeLicense(r.opt.DefaultLicense); ok {
		return iri
	}
	return r.opt.DefaultLicense
}

func cleanKeywords(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range in {
		k = strings.Join(strings.Fields(k), " ")
		clipRunes(&k, maxKeywordRunes)
		if k == "" || seen[strings.ToLower(k)] {
			continue
		}
		seen[strings.ToLower(k)] = true
		out = append(out, k)
	}
	return out
}

func dedupe(in []string) []string {
	if len(in) == 0 {
		return in
	}
	out := in[:0:0]
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(s)) {
			return true
		}
	}
	return false
}

// clipRunes cuts s to n runes and reports whether it did.
func clipRunes(s *string, n int) bool {
	if utf8.RuneCountInString(*s) <= n {
		return false
	}
	i := 0
	for j := range *s {
		if i == n {
			*s = strings.TrimSpace((*s)[:j])
			return true
		}
		i++
	}
	return false
}
