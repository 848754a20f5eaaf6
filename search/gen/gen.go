package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// IRI bases of the vocabularies the generated datasets use.
const (
	ThemeBase    = "http://publications.europa.eu/resource/authority/data-theme/"
	FileTypeBase = "http://publications.europa.eu/resource/authority/file-type/"
	LicenseBase  = "http://dcat-ap.de/def/licenses/"
	LevelBase    = "http://dcat-ap.de/def/politicalGeocoding/Level/"
	RegionalKey  = "http://dcat-ap.de/def/politicalGeocoding/regionalKey/"
	Contributors = "http://dcat-ap.de/def/contributors/"
)

// Generator makes one catalogue. It is safe for concurrent use.
type Generator struct {
	seed  uint64
	orgs  []*catalog.Organization
	areas [][4]float64 // bbox per organisation
	keys  []string     // regional key per organisation
}

// New returns the generator for seed with numOrgs organisations (at
// least 1).
func New(seed int64, numOrgs int) *Generator {
	g := &Generator{seed: uint64(seed)}
	numOrgs = max(numOrgs, 1)
	r := rand.New(rand.NewPCG(g.seed, 1<<62))
	used := map[string]bool{}
	for i := 0; i < numOrgs; i++ {
		kind := orgKinds[0]
		switch x := r.IntN(10); {
		case x >= 8:
			kind = orgKinds[2]
		case x >= 5:
			kind = orgKinds[1]
		}
		var place string
		for try := 0; ; try++ {
			place = namePrefixes[r.IntN(len(namePrefixes))] + nameStems[r.IntN(len(nameStems))] + nameSuffixes[r.IntN(len(nameSuffixes))]
			if try > 20 {
				place = fmt.Sprintf("%s %d", place, i)
			}
			if !used[kind.slug+place] {
				break
			}
		}
		used[kind.slug+place] = true
		slug := kind.slug + "-" + slugify(place)
		size := 0.05 + r.Float64()*0.15
		if kind.level == "administrativeDistrict" {
			size *= 4
		}
		lon, lat := 6.0+r.Float64()*8.5, 47.5+r.Float64()*7.0
		g.areas = append(g.areas, [4]float64{lon, lat, lon + size, lat + size*0.6})
		g.keys = append(g.keys, fmt.Sprintf("%02d%010d", 1+r.IntN(16), r.Int64N(1e10)))
		g.orgs = append(g.orgs, &catalog.Organization{
			ID:                      uuid(r),
			Name:                    slug,
			Title:                   kind.title + " " + place,
			Description:             "Offene Daten der " + kind.title + " " + place + ".",
			Email:                   "opendata@" + slugify(place) + ".example",
			ContributorID:           Contributors + slug,
			PublisherType:           "http://purl.org/adms/publishertype/LocalAuthority",
			DefaultLicense:          LicenseBase + "dl-by-de/2.0",
			PoliticalGeocodingURI:   RegionalKey + g.keys[i],
			PoliticalGeocodingLevel: LevelBase + kind.level,
			State:                   catalog.StateActive,
			CreatedAt:               time.Date(2015+r.IntN(8), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC),
		})
	}
	return g
}

// Organizations returns the organisations (shared; do not modify).
func (g *Generator) Organizations() []*catalog.Organization { return g.orgs }

// Dataset returns dataset i; the same i always gives the same dataset.
func (g *Generator) Dataset(i int) *catalog.Dataset {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)))
	oi := r.IntN(len(g.orgs))
	org := g.orgs[oi]
	place := org.Title[strings.IndexByte(org.Title, ' ')+1:]
	tp := topics[r.IntN(len(topics))]

	created := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(int64(13 * 365 * 24 * time.Hour))))
	modified := created.Add(time.Duration(r.Int64N(int64(2 * 365 * 24 * time.Hour))))
	if limit := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC); modified.After(limit) {
		modified = limit.Add(-time.Duration(r.IntN(1000)) * time.Hour)
	}
	year := min(created.Year()+r.IntN(2), 2025)

	title := tp.title + " " + place
	switch {
	case tp.yearly:
		title = fmt.Sprintf("%s %s %d", tp.title, place, year)
	case r.IntN(4) == 0:
		title = tp.title + " " + place + " – " + districts[r.IntN(len(districts))]
	}
	var desc strings.Builder
	desc.WriteString(tp.desc)
	fmt.Fprintf(&desc, " Herausgegeben von der %s.", org.Title)
	for range r.IntN(6) {
		desc.WriteString(" ")
		desc.WriteString(fillers[r.IntN(len(fillers))])
	}

	keywords := append([]string(nil), tp.keywords...)
	r.Shuffle(len(keywords), func(a, b int) { keywords[a], keywords[b] = keywords[b], keywords[a] })
	keywords = keywords[:1+r.IntN(len(keywords))]
	keywords = append(keywords, place)
	if tp.yearly {
		keywords = append(keywords, fmt.Sprint(year))
	}

	var themes []string
	for _, t := range tp.themes[:1+r.IntN(len(tp.themes))] {
		themes = append(themes, ThemeBase+t)
	}
	id := uuid(r)
	name := slugify(title)
	if len(name) > 80 {
		name = name[:80]
	}
	name = fmt.Sprintf("%s-%d", strings.TrimRight(name, "-"), i)
	lic := pickLicense(r)

	d := &catalog.Dataset{
		ID:                      id,
		Name:                    name,
		OrganizationID:          org.ID,
		State:                   catalog.StateActive,
		Title:                   title,
		Description:             desc.String(),
		Keywords:                keywords,
		Themes:                  themes,
		Publisher:               org.Agent(),
		ContactPoint:            &catalog.ContactPoint{Name: "Open-Data-Team " + place, Email: org.Email},
		ContributorIDs:          []string{org.ContributorID},
		PoliticalGeocodingURIs:  []string{org.PoliticalGeocodingURI},
		PoliticalGeocodingLevel: org.PoliticalGeocodingLevel,
		Spatial:                 []catalog.Location{{IRI: org.PoliticalGeocodingURI, BBox: &g.areas[oi]}},
		AccrualPeriodicity:      "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
		Issued:                  &catalog.Date{Time: created, Precision: catalog.PrecisionDate},
		Modified:                catalog.NewDateTime(modified),
		Identifier:              "https://opendata.example/" + org.Name + "/" + name,
		LandingPage:             "https://opendata.example/dataset/" + name,
		CreatedAt:               created,
		ModifiedAt:              modified,
	}
	if tp.yearly {
		d.Temporal = []catalog.PeriodOfTime{{
			Start: &catalog.Date{Time: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), Precision: catalog.PrecisionDate},
			End:   &catalog.Date{Time: time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC), Precision: catalog.PrecisionDate},
		}}
	}
	switch x := r.IntN(100); {
	case x < 3:
		d.Private = true
	case x < 4:
		d.State = catalog.StateDraft
	case x < 6:
		d.State = catalog.StateDeleted
	}
	for j, f := range tp.formats[:1+r.IntN(len(tp.formats))] {
		d.Distributions = append(d.Distributions, catalog.Distribution{
			ID:                 uuid(r),
			Title:              fmt.Sprintf("%s (%s)", tp.title, f),
			Description:        fmt.Sprintf("%s als %s.", tp.title, f),
			AccessURL:          fmt.Sprintf("https://opendata.example/files/%s/%d.%s", name, j, strings.ToLower(f)),
			Format:             FileTypeBase + f,
			License:            LicenseBase + lic,
			LicenseAttribution: org.Title,
			CreatedAt:          created,
			ModifiedAt:         modified,
		})
	}
	return d
}

// Each calls fn with datasets 0..n-1 in order, holding one at a time.
func (g *Generator) Each(n int, fn func(*catalog.Dataset) error) error {
	for i := 0; i < n; i++ {
		if err := fn(g.Dataset(i)); err != nil {
			return err
		}
	}
	return nil
}

// Datasets returns datasets 0..n-1.
func (g *Generator) Datasets(n int) []*catalog.Dataset {
	out := make([]*catalog.Dataset, n)
	for i := range out {
		out[i] = g.Dataset(i)
	}
	return out
}

func pickLicense(r *rand.Rand) string {
	x := r.IntN(100)
	for _, l := range licenses {
		if x < l.weight {
			return l.id
		}
		x -= l.weight
	}
	return licenses[0].id
}

// uuid returns a version-4-shaped UUID from r (deterministic, not random).
func uuid(r *rand.Rand) string {
	a, b := r.Uint64(), r.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", a>>32, (a>>16)&0xffff, a&0xfff, 0x8000|(b>>48)&0x3fff, b&0xffffffffffff)
}

var slugReplacer = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "ae", "Ö", "oe", "Ü", "ue", "ß", "ss", " – ", "-", " ", "-")

// slugify makes a CKAN name: lower-case ASCII letters, digits and '-'.
func slugify(s string) string {
	s = strings.ToLower(slugReplacer.Replace(s))
	var b strings.Builder
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' {
			b.WriteRune(c)
		}
	}
	return strings.Trim(b.String(), "-")
}
