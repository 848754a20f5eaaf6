package ckanapi

import (
	"strings"

	"github.com/datenportal/datenportal/schemas"
	"github.com/datenportal/datenportal/storage/files"
	"github.com/google/uuid"
)

// This file is the only place that knows where vocabularies and file-name
// rules come from (schemas, storage/files), so that the CKAN views stay
// independent of their tables.

// licenseIRI maps a CKAN license_id or resource license (dcat-ap.de id,
// IRI, CKAN/OGD id, alias) to the dcat-ap.de IRI.
func licenseIRI(s string) (string, bool) { return schemas.NormalizeLicense(s) }

// licenseID is the CKAN license_id of a licence IRI: the part after
// /licenses/ ("dl-by-de/2.0"), as GovData's licence list names them.
func licenseID(iri string) string {
	if l, ok := schemas.LicenseByIRI(iri); ok {
		return l.Code
	}
	if _, after, ok := strings.Cut(iri, "/licenses/"); ok {
		return after
	}
	return iri
}

// licenseInfo returns title (German, as GovData shows it), the URL CKAN
// shows (the IRI) and whether the licence is open.
func licenseInfo(iri string) (title, url string, open, ok bool) {
	l, ok := schemas.LicenseByIRI(iri)
	if !ok {
		return "", "", false, false
	}
	return l.DE, l.IRI, l.Open, true
}

func allLicenses() []schemas.License { return schemas.Licenses() }

// themeIRI maps a CKAN group name ("envi"), an EU theme code or IRI, or
// an old OGD category with a clear theme to the EU data-theme IRI.
func themeIRI(s string) (string, bool) { return schemas.NormalizeTheme(s) }

// ogdWithoutTheme are the old German OGD categories that have no EU data
// theme (schemas leaves them out on purpose). GovData's migration dropped
// them, and so does package_create: refusing them would make every old
// German CKAN dict unusable, guessing would store a wrong theme.
var ogdWithoutTheme = map[string]bool{"geo": true, "infrastruktur_bauen_wohnen": true, "verbraucher": true}

// theme is one EU data theme shown as a CKAN group.
type theme struct {
	IRI, Name, TitleDE, TitleEN string
}

func themes() []theme {
	var out []theme
	for _, c := range schemas.Themes() {
		out = append(out, theme{IRI: c.IRI, Name: strings.ToLower(c.Code), TitleDE: c.DE, TitleEN: c.EN})
	}
	return out
}

// themeByAny finds a theme by group name, code, IRI or group id.
func themeByAny(s string) (theme, bool) {
	for _, t := range themes() {
		if s == t.Name || s == t.IRI || s == groupID(t.IRI) || strings.EqualFold(s, t.Name) {
			return t, true
		}
	}
	return theme{}, false
}

// themeName is the CKAN group name of a theme IRI ("envi").
func themeName(iri string) string {
	if n := schemas.ThemeGroupName(iri); n != "" {
		return n
	}
	return iri
}

// idNamespace derives stable UUIDs for things CKAN gives ids but
// Datenportal does not store as records (groups, tags).
var idNamespace = uuid.MustParse("6f0e4b0a-4d7e-5b8e-9c43-6b2b0d9a1c11")

func groupID(iri string) string { return uuid.NewSHA1(idNamespace, []byte("theme:"+iri)).String() }
func tagID(name string) string  { return uuid.NewSHA1(idNamespace, []byte("tag:"+name)).String() }

// formatIRI maps a CKAN format string, media type, file name or IRI to
// the EU file-type IRI.
func formatIRI(s string) (string, bool) { return schemas.FileTypeFor(s) }

// formatLabel is the CKAN format string of a file-type IRI ("CSV").
func formatLabel(iri string) string { return schemas.FileTypeLabel(iri) }

// validMediaType reports whether mt has the type/subtype shape DCAT needs.
func validMediaType(mt string) bool { return schemas.MediaTypeIRI(mt) != "" }

// mediaTypeForFile names an uploaded file's media type by its extension.
func mediaTypeForFile(name string) string {
	mt := files.DetectMediaType(name, nil)
	if mt == "application/octet-stream" || mt == "text/plain" && !strings.HasSuffix(strings.ToLower(name), ".txt") {
		if m, ok := schemas.MediaTypeForExt(name); ok {
			return m
		}
	}
	return mt
}

// sanitizeFilename is CKAN's munge of upload names ("Test File.CSV" →
// "test-file.csv").
func sanitizeFilename(name string) string { return files.SanitizeFilename(name) }

// normalizers for the controlled vocabularies carried in extras.
var (
	frequencyIRI     = schemas.NormalizeFrequency
	accessRightsIRI  = schemas.NormalizeAccessRights
	availabilityIRI  = schemas.NormalizeAvailability
	statusIRI        = schemas.NormalizeDistributionStatus
	languageIRI      = schemas.NormalizeLanguage
	publisherTypeIRI = schemas.NormalizePublisherType
	geocodingLevel   = schemas.NormalizeGeocodingLevel
	datasetTypeIRI   = schemas.NormalizeDatasetType
	dcatapdeIRI      = schemas.NormalizeDCATAPDE
)
