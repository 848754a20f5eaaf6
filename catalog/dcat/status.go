package dcat

// DCAT-AP.de 2.0 checks adms:status against the ADMS status list; 3.0
// replaced it with the EU distribution-status list. Datenportal stores the
// EU IRIs and translates for 2.0 output (and back when reading).
const (
	euStatus   = "http://publications.europa.eu/resource/authority/distribution-status/"
	admsStatus = "http://purl.org/adms/status/"
)

var euToADMS = map[string]string{
	"COMPLETED":  "Completed",
	"DEPRECATED": "Deprecated",
	"DEVELOP":    "UnderDevelopment",
	"WITHDRAWN":  "Withdrawn",
}

func statusToADMS(iri string) string {
	if len(iri) > len(euStatus) && iri[:len(euStatus)] == euStatus {
		if a, ok := euToADMS[iri[len(euStatus):]]; ok {
			return admsStatus + a
		}
	}
	return iri
}

func statusFromADMS(iri string) string {
	if len(iri) > len(admsStatus) && iri[:len(admsStatus)] == admsStatus {
		for eu, a := range euToADMS {
			if a == iri[len(admsStatus):] {
				return euStatus + eu
			}
		}
	}
	return iri
}
