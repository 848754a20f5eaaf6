package ckan_test

import (
	"encoding/json"
	"testing"

	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/harvest/ckan"
	"github.com/datenportal/datenportal/harvest/internal/testenv"
)

func FuzzMapPackage(f *testing.F) {
	var show struct {
		Result json.RawMessage `json:"result"`
	}
	json.Unmarshal(testenv.Fixture(f, "govdata-package_show-rlp-geologie.json"), &show)
	f.Add([]byte(show.Result))
	f.Add([]byte(`{"id":"x","extras":[{"key":"spatial","value":"{\"type\":\"Point\",\"coordinates\":[1]}"},{"key":"contributorID","value":"[1,null,{}]"}],"resources":[{"size":"-1e400"}]}`))
	f.Add([]byte(`{"id":1,"tags":"x","groups":[null],"extras":{"a":[]},"resources":{}}`))
	s, err := ckan.New(&harvest.SourceConfig{URL: "https://ckan.example.de"}, &harvest.Env{Client: harvest.NewClient(harvest.ClientOptions{})})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var p map[string]any
		if harvest.DecodeJSON(nil, b, &p) != nil || p == nil {
			return
		}
		rec, err := ckan.MapPackage(s, p)
		if err == nil && rec.Dataset != nil {
			rec.Dataset.Clone()
		}
	})
}
