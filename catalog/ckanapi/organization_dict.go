package ckanapi

import (
	"sort"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// orgDict is CKAN's organization dict (organization_show and
// organization_list with all_fields).
type orgDict struct {
	ApprovalStatus string    `json:"approval_status"`
	Created        string    `json:"created"`
	Description    string    `json:"description"`
	DisplayName    string    `json:"display_name"`
	Extras         []extraKV `json:"extras,omitempty"`
	// Groups, Tags, Users and Packages are present (possibly []) only
	// where organization_show includes them, hence any: omitempty drops
	// a nil interface but keeps an empty list.
	Groups          any    `json:"groups,omitempty"`
	ID              string `json:"id"`
	ImageDisplayURL string `json:"image_display_url"`
	ImageURL        string `json:"image_url"`
	IsOrganization  bool   `json:"is_organization"`
	Name            string `json:"name"`
	NumFollowers    int    `json:"num_followers"`
	PackageCount    *int   `json:"package_count,omitempty"`
	Packages        any    `json:"packages,omitempty"`
	State           string `json:"state"`
	Tags            any    `json:"tags,omitempty"`
	Title           string `json:"title"`
	Type            string `json:"type"`
	Users           any    `json:"users,omitempty"`
}

type memberDict struct {
	Capacity    string `json:"capacity"`
	DisplayName string `json:"display_name"`
	ID          string `json:"id"`
	Name        string `json:"name"`
}

func orgDictOf(o *catalog.Organization) *orgDict {
	return &orgDict{ID: o.ID, Name: o.Name, Title: o.Title, DisplayName: o.Title, Description: o.Description,
		ImageURL: o.ImageURL, ImageDisplayURL: o.ImageURL, Created: ckanTime(o.CreatedAt),
		IsOrganization: true, ApprovalStatus: "approved", State: o.State, Type: "organization"}
}

// orgExtras shows the organisation's DCAT-AP.de defaults as extras, under
// the dataset extras' names (contributorID, politicalGeocodingURI as JSON
// lists) and ckanext-dcat's organisation keys (email, url, dcat_type).
func orgExtras(o *catalog.Organization) []extraKV {
	out := []extraKV{}
	add := func(k, v string) {
		if v != "" {
			out = append(out, extraKV{Key: k, Value: v})
		}
	}
	one := func(v string) []string {
		if v == "" {
			return nil
		}
		return []string{v}
	}
	add("contributorID", jsonList(one(o.ContributorID)))
	add("dcat_type", o.PublisherType)
	add("email", o.Email)
	add("url", o.Homepage)
	add("license_id", licenseIDOrEmpty(o.DefaultLicense))
	add("politicalGeocodingURI", jsonList(one(o.PoliticalGeocodingURI)))
	add("politicalGeocodingLevelURI", o.PoliticalGeocodingLevel)
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

func licenseIDOrEmpty(iri string) string {
	if iri == "" {
		return ""
	}
	return licenseID(iri)
}

// orgKeys are what an organization dict may set; everything else is
// dropped, as CKAN's default organisation schema does.
var orgKeys = []string{"contributorID", "dcat_type", "email", "url", "license_id",
	"politicalGeocodingURI", "politicalGeocodingLevelURI"}

// decodeOrg reads an organization dict. Values come from extras or, for
// convenience, from top-level keys of the same name.
func decodeOrg(p params, old *catalog.Organization) (*catalog.Organization, error) {
	dc := &decoder{}
	m := map[string]any(p)
	o := &catalog.Organization{}
	if old != nil {
		o.ID = old.ID
	}
	o.Name = trimmed(dc.str(m, "name", "name"))
	o.Title = trimmed(dc.str(m, "title", "title"))
	o.Description = dc.str(m, "description", "description")
	o.ImageURL = trimmed(dc.str(m, "image_url", "image_url"))
	vals := map[string]string{}
	switch x := m["extras"].(type) {
	case []any:
		for i, e := range x {
			em, ok := e.(map[string]any)
			if !ok {
				dc.errs.add("extras."+itoa(i)+".key", "Must be a dict with key and value", "Muss ein Objekt mit key und value sein")
				continue
			}
			if k := dc.str(em, "key", "extras."+itoa(i)+".key"); k != "" && em["value"] != nil {
				vals[k] = valueText(em["value"])
			}
		}
	case nil:
	default:
		dc.errs.add("extras", "Must be a list", "Muss eine Liste sein")
	}
	for _, k := range orgKeys {
		if _, ok := vals[k]; !ok && m[k] != nil {
			vals[k] = valueText(m[k])
		}
	}
	single := func(k string) string {
		items, en, de := parseList(vals[k])
		if en != "" {
			dc.errs.add(k, en, de)
		}
		if len(items) > 1 {
			dc.errs.add(k, "An organisation has one value here", "Eine Organisation hat hier nur einen Wert")
		}
		if len(items) == 0 {
			return ""
		}
		return dcatapdeIRI(items[0])
	}
	o.ContributorID = single("contributorID")
	o.PoliticalGeocodingURI = single("politicalGeocodingURI")
	o.PublisherType = normVocab(vals["dcat_type"], publisherTypeIRI)
	o.Email = strings.TrimSpace(vals["email"])
	o.Homepage = strings.TrimSpace(vals["url"])
	o.PoliticalGeocodingLevel = normVocab(vals["politicalGeocodingLevelURI"], geocodingLevel)
	if l := strings.TrimSpace(vals["license_id"]); l != "" {
		iri, ok := licenseIRI(l)
		if !ok {
			dc.errs.add("license_id", "License not found: "+l+" (see license_list)", "Lizenz nicht gefunden: "+l+" (siehe license_list)")
		}
		o.DefaultLicense = iri
	}
	return o, dc.errs.err()
}
