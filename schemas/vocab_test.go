package schemas

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/schemas/internal/vocabgen"
)

// TestTablesUpToDate fails when a source in vocab/src or the generator
// changed without "go generate ./schemas".
func TestTablesUpToDate(t *testing.T) {
	files, err := vocabgen.Generate("vocab/src")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := tables.ReadFile("vocab/" + name)
		if err != nil {
			t.Fatalf("%s not embedded: %v", name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("vocab/%s is stale: run go generate ./schemas", name)
		}
	}
}

// TestEmbeddedIRIsInSources checks every embedded concept against the raw
// source file, independently of the generator.
func TestEmbeddedIRIsInSources(t *testing.T) {
	for _, tc := range []struct {
		v    *Vocabulary
		src  string
		want int
	}{
		{licenses, "dcat-ap-de-licenses-open.rdf", 34},
		{themes, "eu-data-theme-skos.rdf", 13},
		{fileTypes, "eu-filetypes-skos.rdf", 0},
		{contributors, "dcat-ap-de-contributors.rdf", 69},
	} {
		raw, err := os.ReadFile("vocab/src/" + tc.src)
		if err != nil {
			t.Fatal(err)
		}
		all := tc.v.All()
		if tc.want > 0 && len(all) != tc.want {
			t.Errorf("%s: %d concepts, want %d", tc.v.Name, len(all), tc.want)
		}
		for _, c := range all {
			if !bytes.Contains(raw, []byte(`rdf:about="`+c.IRI+`"`)) {
				t.Errorf("%s: %s not in %s", tc.v.Name, c.IRI, tc.src)
			}
			if c.Code == "" || c.DE == "" || c.EN == "" {
				t.Errorf("%s: %s lacks code or label: %+v", tc.v.Name, c.IRI, c)
			}
		}
	}
	if n := len(fileTypes.All()); n < 150 {
		t.Errorf("only %d file types", n)
	}
	for _, v := range []*Vocabulary{frequencies, accessRights, availabilities, distStatuses, datasetTypes, publisherTypes} {
		if len(v.All()) == 0 {
			t.Errorf("%s is empty", v.Name)
		}
		for _, c := range v.All() {
			if !strings.HasPrefix(c.IRI, v.Base) || c.Code != strings.TrimPrefix(c.IRI, v.Base) {
				t.Errorf("%s: IRI %s does not match base/code %s", v.Name, c.IRI, c.Code)
			}
		}
	}
}

func TestLicenseFlags(t *testing.T) {
	for _, tc := range []struct {
		code              string
		open, attribution bool
		ckan              string
	}{
		{"dl-by-de/2.0", true, true, "dl-de-by-2.0"},
		{"dl-zero-de/2.0", true, false, "dl-de-zero-2.0"},
		{"cc-by/4.0", true, true, "cc-by-4.0"},
		{"cc-zero", true, false, "cc-zero"},
		{"cc-by-nc/4.0", false, true, "cc-by-nc-4.0"},
		{"other-closed", false, false, "other-closed"},
		{"officialWork", true, false, "official-work"},
	} {
		l, ok := LicenseByIRI(LicenseBase + tc.code)
		if !ok || l.Open != tc.open || l.Attribution != tc.attribution || l.CKANID != tc.ckan {
			t.Errorf("%s: got %+v ok=%v", tc.code, l, ok)
		}
	}
	ls := Licenses()
	for i := 1; i < len(ls); i++ {
		if ls[i-1].IRI >= ls[i].IRI {
			t.Fatalf("Licenses() not in IRI order at %d", i)
		}
	}
}

// TestStartup keeps the package's initialisation within the budget the
// server's start-up allows.
func TestStartup(t *testing.T) {
	start := time.Now()
	for i := 0; i < 10; i++ {
		loadVocabulary("file-type", FileTypeBase, "filetypes.tsv")
		loadVocabulary("contributors", ContributorBase, "contributors.tsv")
		loadVocabulary("licenses", LicenseBase, "licenses.tsv")
	}
	if per := time.Since(start) / 10; per > 25*time.Millisecond {
		t.Errorf("loading the largest tables takes %v", per)
	} else {
		t.Logf("largest tables load in %v", per)
	}
}
