package csw

import (
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/harvest"
)

// results is one parsed GetRecords page.
type results struct {
	matched, returned, next int
	records                 []*harvest.Node // gmd:MD_Metadata elements
}

// parseResults reads a GetRecordsResponse (or an ows:ExceptionReport).
func parseResults(resp *harvest.Response) (*results, error) {
	root, err := harvest.ParseXML(resp, resp.Body)
	if err != nil {
		return nil, err
	}
	if err := exception(root); err != nil {
		return nil, err
	}
	if !root.Is("GetRecordsResponse") {
		return nil, harvest.Errorf("keine GetRecords-Antwort (Wurzelelement %s)", "not a GetRecords response (root element %s)", root.Name.Local)
	}
	sr := root.Child("SearchResults")
	if sr == nil {
		return nil, harvest.Errorf("GetRecords-Antwort ohne SearchResults", "GetRecords response without SearchResults")
	}
	r := &results{records: sr.All("MD_Metadata")}
	var bad []string
	for name, dst := range map[string]*int{"numberOfRecordsMatched": &r.matched, "numberOfRecordsReturned": &r.returned, "nextRecord": &r.next} {
		v := strings.TrimSpace(sr.AttrValue(name))
		if v == "" && name == "nextRecord" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			bad = append(bad, name)
			continue
		}
		*dst = n
	}
	if len(bad) > 0 {
		return nil, harvest.Errorf("SearchResults mit ungültigen Attributen: %s", "SearchResults with invalid attributes: %s", strings.Join(bad, ", "))
	}
	return r, nil
}

// parseRecordByID reads a GetRecordByIdResponse; an empty one means the
// record does not exist (any more).
func parseRecordByID(resp *harvest.Response) (*harvest.Node, error) {
	root, err := harvest.ParseXML(resp, resp.Body)
	if err != nil {
		return nil, err
	}
	if err := exception(root); err != nil {
		return nil, err
	}
	if root.Is("MD_Metadata") {
		return root, nil
	}
	if md := root.Child("MD_Metadata"); md != nil {
		return md, nil
	}
	return nil, harvest.Errorf("Datensatz nicht (mehr) im Katalog", "record not (any longer) in the catalogue")
}

// exception turns an ows:ExceptionReport into an error.
func exception(root *harvest.Node) error {
	if !root.Is("ExceptionReport") {
		return nil
	}
	var texts []string
	for _, e := range root.All("Exception") {
		t := e.TextAt("ExceptionText")
		if code := e.AttrValue("exceptionCode"); code != "" {
			t = code + ": " + t
		}
		texts = append(texts, t)
	}
	msg := strings.Join(texts, "; ")
	if len(msg) > 300 {
		msg = msg[:300]
	}
	return harvest.Errorf("CSW meldet einen Fehler: %s", "CSW reports an error: %s", msg)
}
