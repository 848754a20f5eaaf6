package ckanapi

import (
	"bytes"
	"encoding/json"
	"sort"
)

// packageDict is CKAN's package dict (§A.5). Keys are always present,
// null when empty, because strict clients (udata-ckan) require them.
type packageDict struct {
	Author                 *string         `json:"author"`
	AuthorEmail            *string         `json:"author_email"`
	CreatorUserID          *string         `json:"creator_user_id"`
	Extras                 []extraKV       `json:"extras"`
	Groups                 []groupRef      `json:"groups"`
	ID                     string          `json:"id"`
	IsOpen                 bool            `json:"isopen"`
	LicenseID              *string         `json:"license_id"`
	LicenseTitle           *string         `json:"license_title"`
	LicenseURL             string          `json:"license_url,omitempty"`
	Maintainer             *string         `json:"maintainer"`
	MaintainerEmail        *string         `json:"maintainer_email"`
	MetadataCreated        string          `json:"metadata_created"`
	MetadataModified       string          `json:"metadata_modified"`
	Name                   string          `json:"name"`
	Notes                  *string         `json:"notes"`
	NumResources           int             `json:"num_resources"`
	NumTags                int             `json:"num_tags"`
	Organization           *orgRef         `json:"organization"`
	OwnerOrg               *string         `json:"owner_org"`
	Private                bool            `json:"private"`
	RelationshipsAsObject  []any           `json:"relationships_as_object"`
	RelationshipsAsSubject []any           `json:"relationships_as_subject"`
	Resources              []*resourceDict `json:"resources"`
	State                  string          `json:"state"`
	Tags                   []tagDict       `json:"tags"`
	Title                  string          `json:"title"`
	Type                   string          `json:"type"`
	URL                    *string         `json:"url"`
	Version                *string         `json:"version"`
}

type extraKV struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type groupRef struct {
	Description     string `json:"description"`
	DisplayName     string `json:"display_name"`
	ID              string `json:"id"`
	ImageDisplayURL string `json:"image_display_url"`
	Name            string `json:"name"`
	Title           string `json:"title"`
}

type tagDict struct {
	DisplayName  string  `json:"display_name"`
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	State        string  `json:"state"`
	VocabularyID *string `json:"vocabulary_id"`
}

// orgRef is the organization object inside a package dict.
type orgRef struct {
	ApprovalStatus string `json:"approval_status"`
	Created        string `json:"created"`
	Description    string `json:"description"`
	ID             string `json:"id"`
	ImageURL       string `json:"image_url"`
	IsOrganization bool   `json:"is_organization"`
	Name           string `json:"name"`
	State          string `json:"state"`
	Title          string `json:"title"`
	Type           string `json:"type"`
}

// resourceDict is CKAN's resource dict. Resource extras are flattened to
// top-level keys on output, as CKAN does.
type resourceDict struct {
	CacheLastUpdated *string `json:"cache_last_updated"`
	CacheURL         *string `json:"cache_url"`
	Created          *string `json:"created"`
	DatastoreActive  bool    `json:"datastore_active"`
	Description      string  `json:"description"`
	Format           string  `json:"format"`
	Hash             string  `json:"hash"`
	ID               string  `json:"id"`
	LastModified     *string `json:"last_modified"`
	MetadataModified *string `json:"metadata_modified"`
	Mimetype         *string `json:"mimetype"`
	MimetypeInner    *string `json:"mimetype_inner"`
	Name             *string `json:"name"`
	PackageID        string  `json:"package_id"`
	Position         int     `json:"position"`
	ResourceType     *string `json:"resource_type"`
	Size             *int64  `json:"size"`
	State            string  `json:"state"`
	URL              string  `json:"url"`
	URLType          *string `json:"url_type"`

	extras map[string]string
}

// resourceCoreKeys are the keys of resourceDict; an extra never shadows
// one of them.
var resourceCoreKeys = map[string]bool{
	"cache_last_updated": true, "cache_url": true, "created": true, "datastore_active": true,
	"description": true, "format": true, "hash": true, "id": true, "last_modified": true,
	"metadata_modified": true, "mimetype": true, "mimetype_inner": true, "name": true,
	"package_id": true, "position": true, "resource_type": true, "size": true, "state": true,
	"url": true, "url_type": true,
}

type resourceCore resourceDict // without the MarshalJSON method

// MarshalJSON writes the core keys, then the extras in key order.
func (r *resourceDict) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal((*resourceCore)(r))
	if err != nil || len(r.extras) == 0 {
		return b, err
	}
	keys := make([]string, 0, len(r.extras))
	for k := range r.extras {
		if !resourceCoreKeys[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.Write(b[:len(b)-1])
	for _, k := range keys {
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(r.extras[k])
		buf.WriteByte(',')
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// nz returns nil (JSON null) for "" and a pointer otherwise.
func nz(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
