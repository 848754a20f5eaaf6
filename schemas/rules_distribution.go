package schemas

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

func validateDistributions(r *report, d *catalog.Dataset) {
	if len(d.Distributions) == 0 {
		r.warnf("distributions", CodeNoDistributions, "Der Datensatz hat noch keine Distribution (Datei oder Link).",
			"the dataset has no distribution (file or link) yet.")
		return
	}
	if !r.listLimit("distributions", len(d.Distributions), maxDists) {
		return
	}
	for i := range d.Distributions {
		validateDistribution(r, "distributions."+strconv.Itoa(i)+".", &d.Distributions[i])
	}
}

func validateDistribution(r *report, p string, x *catalog.Distribution) {
	if x.AccessURL == "" && x.DownloadURL == "" && !x.IsUpload() {
		r.missing(p + "access_url")
	}
	r.url(p+"access_url", x.AccessURL)
	r.url(p+"download_url", x.DownloadURL)
	r.url(p+"page", x.Page)
	if strings.TrimSpace(x.Title) == "" {
		r.recommend(p+"title", "", "")
	}
	r.textLimit(p+"title", x.Title, maxTitle)
	r.textLimit(p+"description", x.Description, maxDescription)
	validateLicense(r, p, x)

	if x.Format == "" {
		r.recommend(p+"format", "", "")
	} else {
		r.vocab(p+"format", x.Format, CodeUnknownFormat, fileTypes.Contains, FileTypeFor,
			"der EU-Dateitypen (z. B. …/file-type/CSV)", "EU file-type (e.g. …/file-type/CSV)")
	}
	if x.MediaType != "" && MediaTypeIRI(x.MediaType) == "" {
		r.errorf(p+"media_type", CodeInvalidMediaType,
			fmt.Sprintf("„%s“ ist kein Medientyp der Form typ/untertyp (z. B. text/csv).", quote(x.MediaType)),
			fmt.Sprintf("“%s” is not a media type of the form type/subtype (e.g. text/csv).", quote(x.MediaType)))
	}
	if x.ByteSize != nil && *x.ByteSize < 0 {
		r.errorf(p+"byte_size", CodeNegativeSize, "Die Dateigröße darf nicht negativ sein.", "the file size must not be negative.")
	}
	if x.Checksum != "" && !isSHA256(x.Checksum) {
		r.errorf(p+"checksum", CodeInvalidChecksum, "Die Prüfsumme muss ein SHA-256-Wert aus 64 Hexadezimalziffern sein.",
			"the checksum must be a SHA-256 value of 64 hexadecimal digits.")
	}
	r.vocab(p+"availability", x.Availability, CodeUnknownAvailabilty, availabilities.Contains, NormalizeAvailability,
		"der EU-Verfügbarkeiten (AVAILABLE, EXPERIMENTAL, STABLE, TEMPORARY)", "EU planned-availability")
	r.vocab(p+"status", x.Status, CodeUnknownStatus, distStatuses.Contains, NormalizeDistributionStatus,
		"der EU-Distributionsstatus (COMPLETED, DEPRECATED, DEVELOP, WITHDRAWN)", "EU distribution-status")
	languagesOK(r, p+"languages", x.Languages)
	r.iris(p+"conforms_to", x.ConformsTo)
}

func validateLicense(r *report, p string, x *catalog.Distribution) {
	if x.License == "" {
		r.missing(p + "license")
		return
	}
	l, ok := LicenseByIRI(x.License)
	if !ok {
		de := fmt.Sprintf("Unbekannte Lizenz „%s“. Bitte eine Lizenz aus der DCAT-AP.de-Lizenzliste wählen.", quote(x.License))
		en := fmt.Sprintf("unknown licence “%s”. Please choose a licence from the DCAT-AP.de licence list.", quote(x.License))
		if iri, ok := NormalizeLicense(x.License); ok {
			de += fmt.Sprintf(" Gemeint ist vermutlich „%s“.", iri)
			en += fmt.Sprintf(" Did you mean “%s”?", iri)
		}
		r.errorf(p+"license", CodeUnknownLicense, de, en)
		return
	}
	r.textLimit(p+"license_attribution", x.LicenseAttribution, maxShortText)
	if l.Attribution && strings.TrimSpace(x.LicenseAttribution) == "" {
		r.warnf(p+"license_attribution", CodeAttributionMissing,
			fmt.Sprintf("Die Lizenz „%s“ verlangt eine Namensnennung. Bitte den Namensnennungstext angeben (Konvention 35).", l.DE),
			fmt.Sprintf("the licence “%s” requires attribution. Please give the attribution text (convention 35).", l.EN))
	}
}
