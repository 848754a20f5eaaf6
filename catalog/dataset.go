package catalog

import "time"

// Dataset states, as CKAN names them.
const (
	StateActive  = "active"
	StateDraft   = "draft"
	StateDeleted = "deleted"
)

// Dataset is a dcat:Dataset with the DCAT-AP.de 3.0 properties Datenportal
// keeps. IRIs of controlled vocabularies are stored as full IRIs; the CKAN
// and RDF views translate at the edge.
type Dataset struct {
	ID             string `json:"id"`   // UUID, stable forever
	Name           string `json:"name"` // URL slug, unique
	OrganizationID string `json:"organization_id,omitempty"`
	Private        bool   `json:"private,omitempty"`
	State          string `json:"state"`

	Title       string   `json:"title"`                 // dct:title
	Description string   `json:"description,omitempty"` // dct:description (Markdown allowed)
	Keywords    []string `json:"keywords,omitempty"`    // dcat:keyword
	Themes      []string `json:"themes,omitempty"`      // dcat:theme, EU data-theme IRIs

	Publisher    *Agent        `json:"publisher,omitempty"`     // dct:publisher; defaults to the organisation
	ContactPoint *ContactPoint `json:"contact_point,omitempty"` // dcat:contactPoint (vcard:Kind)
	Creator      *Agent        `json:"creator,omitempty"`       // dct:creator
	Originator   *Agent        `json:"originator,omitempty"`    // geodcatap:originator (dcatde:originator in 2.0)
	Maintainer   *Agent        `json:"maintainer,omitempty"`    // dcatde:maintainer / geodcatap:custodian
	Contributor  *Agent        `json:"contributor,omitempty"`   // dct:contributor

	ContributorIDs          []string `json:"contributor_ids,omitempty"`           // dcatde:contributorID IRIs
	PoliticalGeocodingURIs  []string `json:"political_geocoding_uris,omitempty"`  // dcatde:politicalGeocodingURI
	PoliticalGeocodingLevel string   `json:"political_geocoding_level,omitempty"` // dcatde:politicalGeocodingLevelURI
	GeocodingDescription    []string `json:"geocoding_description,omitempty"`     // dcatde:geocodingDescription (deprecated)
	LegalBasis              []string `json:"legal_basis,omitempty"`               // dcatde:legalBasis (deprecated in 3.0)
	QualityProcessURI       string   `json:"quality_process_uri,omitempty"`       // dcatde:qualityProcessURI

	Spatial               []Location     `json:"spatial,omitempty"`             // dct:spatial
	Temporal              []PeriodOfTime `json:"temporal,omitempty"`            // dct:temporal
	AccrualPeriodicity    string         `json:"accrual_periodicity,omitempty"` // EU frequency IRI
	Issued                *Date          `json:"issued,omitempty"`              // dct:issued
	Modified              *Date          `json:"modified,omitempty"`            // dct:modified (of the data)
	Identifier            string         `json:"identifier,omitempty"`          // dct:identifier
	LandingPage           string         `json:"landing_page,omitempty"`        // dcat:landingPage
	Languages             []string       `json:"languages,omitempty"`           // dct:language, EU language IRIs
	AccessRights          string         `json:"access_rights,omitempty"`       // EU access-right IRI
	ConformsTo            []string       `json:"conforms_to,omitempty"`         // dct:conformsTo
	Version               string         `json:"version,omitempty"`             // dcat:version
	VersionNotes          string         `json:"version_notes,omitempty"`       // adms:versionNotes
	HVDCategories         []string       `json:"hvd_categories,omitempty"`      // dcatap:hvdCategory IRIs
	ApplicableLegislation []string       `json:"applicable_legislation,omitempty"`
	References            []string       `json:"references,omitempty"` // dct:references
	Relations             []string       `json:"relations,omitempty"`  // dct:relation
	Types                 []string       `json:"types,omitempty"`      // dct:type (EU dataset-type)
	Provenance            string         `json:"provenance,omitempty"` // dct:provenance (text)

	Distributions []Distribution `json:"distributions,omitempty"`

	// Extras keeps CKAN extras that have no DCAT-AP.de field, so that
	// clients round-trip what they sent.
	Extras map[string]string `json:"extras,omitempty"`

	Harvest *HarvestInfo `json:"harvest,omitempty"`

	// Catalogue record metadata (CKAN metadata_created/metadata_modified).
	CreatedAt     time.Time `json:"created_at"`
	ModifiedAt    time.Time `json:"modified_at"`
	CreatorUserID string    `json:"creator_user_id,omitempty"`
}

// HarvestInfo records where a harvested dataset came from.
type HarvestInfo struct {
	SourceID      string    `json:"source_id"`
	OriginalID    string    `json:"original_id,omitempty"`  // identifier in the source
	OriginalIRI   string    `json:"original_iri,omitempty"` // IRI in the source
	ContentHash   string    `json:"content_hash,omitempty"`
	LastHarvested time.Time `json:"last_harvested"`
}

// Distribution is a dcat:Distribution. An uploaded file has StorageKey set;
// its DownloadURL is then rendered from the portal's base URL.
type Distribution struct {
	ID          string `json:"id"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	AccessURL   string `json:"access_url,omitempty"`   // dcat:accessURL
	DownloadURL string `json:"download_url,omitempty"` // dcat:downloadURL
	Format      string `json:"format,omitempty"`       // EU file-type IRI
	MediaType   string `json:"media_type,omitempty"`   // IANA media type, e.g. "text/csv"
	ByteSize    *int64 `json:"byte_size,omitempty"`
	Checksum    string `json:"checksum,omitempty"` // SHA-256, lower-case hex
	License     string `json:"license,omitempty"`  // dcat-ap.de licence IRI
	// LicenseAttribution is dcatde:licenseAttributionByText.
	LicenseAttribution string   `json:"license_attribution,omitempty"`
	Issued             *Date    `json:"issued,omitempty"`
	Modified           *Date    `json:"modified,omitempty"`
	Availability       string   `json:"availability,omitempty"` // EU planned-availability IRI
	Status             string   `json:"status,omitempty"`       // EU distribution-status IRI
	Languages          []string `json:"languages,omitempty"`
	ConformsTo         []string `json:"conforms_to,omitempty"`
	Page               string   `json:"page,omitempty"` // foaf:page (documentation)

	// Uploaded file: key in the file store (generated by us), original
	// (sanitised) filename.
	StorageKey string `json:"storage_key,omitempty"`
	FileName   string `json:"file_name,omitempty"`

	// ResourceType is CKAN's resource_type, kept for clients.
	ResourceType string            `json:"resource_type,omitempty"`
	Extras       map[string]string `json:"extras,omitempty"`

	CreatedAt  time.Time `json:"created_at"`
	ModifiedAt time.Time `json:"modified_at"`
}

// IsUpload reports whether the distribution's bytes are stored by us.
func (d *Distribution) IsUpload() bool { return d.StorageKey != "" }

// Agent is a foaf:Agent (publisher, creator, maintainer, …).
type Agent struct {
	IRI      string `json:"iri,omitempty"`
	Name     string `json:"name"`
	Email    string `json:"email,omitempty"`
	Homepage string `json:"homepage,omitempty"`
	Type     string `json:"type,omitempty"` // ADMS publisher-type IRI
	Person   bool   `json:"person,omitempty"`
}

// ContactPoint is a vcard:Kind.
type ContactPoint struct {
	Name          string `json:"name,omitempty"`
	Email         string `json:"email,omitempty"`
	URL           string `json:"url,omitempty"`
	Telephone     string `json:"telephone,omitempty"`
	StreetAddress string `json:"street_address,omitempty"`
	Locality      string `json:"locality,omitempty"`
	PostalCode    string `json:"postal_code,omitempty"`
	CountryName   string `json:"country_name,omitempty"`
}

// Location is a dct:spatial value: an IRI from a gazetteer, or a
// dct:Location with geometry (bbox as minLon,minLat,maxLon,maxLat).
type Location struct {
	IRI      string      `json:"iri,omitempty"`
	BBox     *[4]float64 `json:"bbox,omitempty"`
	Centroid *[2]float64 `json:"centroid,omitempty"` // lon, lat
	Geometry string      `json:"geometry,omitempty"` // WKT or GeoJSON as given
	Name     string      `json:"name,omitempty"`
}

// PeriodOfTime is a dct:PeriodOfTime.
type PeriodOfTime struct {
	Start *Date `json:"start,omitempty"`
	End   *Date `json:"end,omitempty"`
}

// Distribution returns the distribution with the given id.
func (d *Dataset) Distribution(id string) (*Distribution, int) {
	for i := range d.Distributions {
		if d.Distributions[i].ID == id {
			return &d.Distributions[i], i
		}
	}
	return nil, -1
}

// Clone returns a deep copy, so that callers may edit without aliasing a
// stored or cached value.
func (d *Dataset) Clone() *Dataset {
	if d == nil {
		return nil
	}
	c := *d
	c.Keywords = cloneStrings(d.Keywords)
	c.Themes = cloneStrings(d.Themes)
	c.Publisher = d.Publisher.clone()
	c.Creator = d.Creator.clone()
	c.Originator = d.Originator.clone()
	c.Maintainer = d.Maintainer.clone()
	c.Contributor = d.Contributor.clone()
	if d.ContactPoint != nil {
		cp := *d.ContactPoint
		c.ContactPoint = &cp
	}
	c.ContributorIDs = cloneStrings(d.ContributorIDs)
	c.PoliticalGeocodingURIs = cloneStrings(d.PoliticalGeocodingURIs)
	c.GeocodingDescription = cloneStrings(d.GeocodingDescription)
	c.LegalBasis = cloneStrings(d.LegalBasis)
	c.Spatial = append([]Location(nil), d.Spatial...)
	c.Temporal = append([]PeriodOfTime(nil), d.Temporal...)
	c.Languages = cloneStrings(d.Languages)
	c.ConformsTo = cloneStrings(d.ConformsTo)
	c.HVDCategories = cloneStrings(d.HVDCategories)
	c.ApplicableLegislation = cloneStrings(d.ApplicableLegislation)
	c.References = cloneStrings(d.References)
	c.Relations = cloneStrings(d.Relations)
	c.Types = cloneStrings(d.Types)
	c.Extras = cloneMap(d.Extras)
	if d.Harvest != nil {
		h := *d.Harvest
		c.Harvest = &h
	}
	if d.Distributions != nil {
		c.Distributions = make([]Distribution, len(d.Distributions))
		for i, x := range d.Distributions {
			x.Languages = cloneStrings(x.Languages)
			x.ConformsTo = cloneStrings(x.ConformsTo)
			x.Extras = cloneMap(x.Extras)
			c.Distributions[i] = x
		}
	}
	return &c
}

func (a *Agent) clone() *Agent {
	if a == nil {
		return nil
	}
	c := *a
	return &c
}

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s...)
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
