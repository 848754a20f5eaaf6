package csw_test

import (
	"testing"

	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/harvest/csw"
	"github.com/datenportal/datenportal/harvest/internal/testenv"
)

func FuzzMapRecord(f *testing.F) {
	for _, name := range []string{"semic-geodcat-basic_dataset-input-iso19139.xml", "fisbroker-berlin-md_metadata-service-hvd.xml",
		"fisbroker-berlin-md_metadata-dataset.xml"} {
		f.Add(testenv.Fixture(f, name))
	}
	f.Add([]byte(`<MD_Metadata><fileIdentifier>x</fileIdentifier><identificationInfo><a><extent><EX_Extent><geographicElement><EX_GeographicBoundingBox><westBoundLongitude>NaN</westBoundLongitude></EX_GeographicBoundingBox></geographicElement><temporalElement><x><extent><TimeInstant><timePosition>x</timePosition></TimeInstant></extent></x></temporalElement></EX_Extent></extent><resourceConstraints><c><otherConstraints>{"id":1}</otherConstraints></c></resourceConstraints></a></identificationInfo></MD_Metadata>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		md, err := harvest.ParseXML(nil, b)
		if err != nil {
			return
		}
		rec, _, err := csw.MapRecord(md)
		if err == nil && rec.ID == "" {
			t.Fatal("record without id")
		}
	})
}

func FuzzParseResults(f *testing.F) {
	f.Add(testenv.Fixture(f, "fisbroker-berlin-getrecords-gmd.xml"))
	f.Add([]byte(`<GetRecordsResponse><SearchResults numberOfRecordsMatched="-1" numberOfRecordsReturned="x"/></GetRecordsResponse>`))
	f.Add([]byte(`<ExceptionReport><Exception exceptionCode="x"><ExceptionText>y</ExceptionText></Exception></ExceptionReport>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		matched, returned, next, _, err := csw.ParseResults(b)
		if err == nil && (matched < 0 || returned < 0 || next < 0) {
			t.Fatal("negative counts accepted")
		}
	})
}
