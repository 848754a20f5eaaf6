package search

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/token/edgengram"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// mappingVersion is stored in every index. When the mapping or the document
// shape changes, bump it: an index built by an older version is rebuilt at
// start-up instead of answering with stale field layouts.
const mappingVersion = "4"

// Analyzer names. "de" is Bleve's German chain: lower-case, German stop
// words, umlaut/ß folding (so Straße = Strasse and Kindergärten =
// Kindergaerten) and a light stemmer.
const (
	anDE     = de.AnalyzerName
	anFold   = "dp_fold"   // whole value, lower-cased and German-folded
	anPrefix = "dp_prefix" // German-folded word prefixes of 4–20 letters
	anKW     = keyword.Name
)

// Prefix lengths of the compound sub-field. Four letters keep noise like
// "die*" out; twenty covers the head words of nearly every compound
// ("Kindertagesstätten" has 18).
const (
	prefixMin = 4
	prefixMax = 20
)

func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleveMapping()
	if err := m.AddCustomTokenFilter("dp_edge", map[string]interface{}{
		"type": edgengram.Name, "min": float64(prefixMin), "max": float64(prefixMax),
	}); err != nil {
		return nil, err
	}
	if err := m.AddCustomAnalyzer(anFold, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     single.Name,
		"token_filters": []string{lowercase.Name, de.NormalizeName},
	}); err != nil {
		return nil, err
	}
	if err := m.AddCustomAnalyzer(anPrefix, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name, de.NormalizeName, "dp_edge"},
	}); err != nil {
		return nil, err
	}
	return m, m.Validate()
}

func bleveMapping() *mapping.IndexMappingImpl {
	m := mapping.NewIndexMapping()
	m.DefaultAnalyzer = anDE
	m.StoreDynamic = false
	m.DocValuesDynamic = true
	m.IndexDynamic = true

	doc := mapping.NewDocumentStaticMapping()
	text := func(name string, store bool) {
		f := mapping.NewTextFieldMapping()
		f.Analyzer, f.Store, f.DocValues = anDE, store, false
		doc.AddFieldMappingsAt(name, f)
	}
	// kw indexes one exact value. Only facet and sort fields keep doc
	// values: they are what makes an index large.
	kw := func(name, analyzer string, inAll, docValues bool) {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer, f.Store, f.IncludeInAll, f.DocValues = analyzer, false, inAll, docValues
		f.IncludeTermVectors = false
		doc.AddFieldMappingsAt(name, f)
	}
	date := func(name string, docValues bool) {
		f := mapping.NewDateTimeFieldMapping()
		f.Store, f.IncludeInAll, f.DocValues = false, false, docValues
		doc.AddFieldMappingsAt(name, f)
	}
	num := func(name string) {
		f := mapping.NewNumericFieldMapping()
		f.Store, f.IncludeInAll, f.DocValues = false, false, false
		doc.AddFieldMappingsAt(name, f)
	}

	text("title", true)
	text("notes", false)
	text(fTagsText, false)
	text(fNameText, false)
	text(fOrgTitle, false)
	text("res_name", false)
	text("res_description", false)
	text("author", false)
	text("maintainer", false)

	kw("id", anKW, false, false)
	kw("name", anKW, false, true)
	doc.Properties["name"].Fields[0].Store = true // suggestions link to the dataset
	kw("tags", anFold, false, false)
	kw(fTagsFacet, anKW, false, true)
	kw("groups", anKW, true, true)
	kw("organization", anKW, true, true)
	kw("owner_org", anKW, false, true)
	kw(fOrgSuggest, anKW, false, true)
	kw("res_format", anKW, true, true)
	kw("res_url", anKW, false, false)
	kw("res_type", anKW, false, false)
	kw("license_id", anKW, false, true)
	kw("url", anKW, false, false)
	kw("version", anKW, false, false)
	kw("state", anKW, false, true)
	kw("capacity", anKW, false, true)
	kw("title_string", anFold, false, true)
	kw(fGeoLevel, anKW, false, true)

	for _, name := range []string{fPrefix, fOrgPrefix} {
		f := mapping.NewTextFieldMapping()
		f.Analyzer, f.Store, f.DocValues, f.IncludeInAll = anPrefix, false, false, false
		f.IncludeTermVectors = false
		doc.AddFieldMappingsAt(name, f)
	}
	// The dates are sorted by compact keyword twins (see sortTime), so
	// the date fields themselves need no doc values.
	date("metadata_created", false)
	date("metadata_modified", false)
	kw(fSortCreated, anKW, false, true)
	kw(fSortMod, anKW, false, true)
	date(fTempStart, false)
	date(fTempEnd, false)
	num("num_resources")
	num("num_tags")
	for _, f := range []string{fBBoxMinLon, fBBoxMinLat, fBBoxMaxLon, fBBoxMaxLat} {
		num(f)
	}

	// extras are open-ended (CKAN's extras_* dynamic field): exact values,
	// facetable, searchable through the catch-all text field.
	extras := mapping.NewDocumentMapping()
	extras.Dynamic = true
	extras.DefaultAnalyzer = anKW
	doc.AddSubDocumentMapping("extras", extras)

	m.DefaultMapping = doc
	return m
}
