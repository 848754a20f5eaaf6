package catalog

import "time"

// Organization is a publisher (foaf:Agent) that owns datasets. It carries
// defaults so data officers need not type them for every dataset.
type Organization struct {
	ID          string `json:"id"`
	Name        string `json:"name"` // slug
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	ImageURL    string `json:"image_url,omitempty"`
	Homepage    string `json:"homepage,omitempty"`
	Email       string `json:"email,omitempty"`
	// ContributorID is the organisation's dcatde:contributorID IRI, added to
	// its datasets when they carry none.
	ContributorID string `json:"contributor_id,omitempty"`
	// PublisherType is an ADMS publisher-type IRI (LocalAuthority for
	// municipalities).
	PublisherType string `json:"publisher_type,omitempty"`
	// DefaultLicense is a dcat-ap.de licence IRI proposed for new
	// distributions.
	DefaultLicense string `json:"default_license,omitempty"`
	// PoliticalGeocodingURI and Level are proposed for new datasets.
	PoliticalGeocodingURI   string    `json:"political_geocoding_uri,omitempty"`
	PoliticalGeocodingLevel string    `json:"political_geocoding_level,omitempty"`
	State                   string    `json:"state"`
	CreatedAt               time.Time `json:"created_at"`
}

// Agent returns the organisation as a publisher.
func (o *Organization) Agent() *Agent {
	return &Agent{Name: o.Title, Email: o.Email, Homepage: o.Homepage, Type: o.PublisherType}
}
