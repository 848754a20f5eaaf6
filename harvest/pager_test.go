package harvest_test

import (
	"strings"
	"testing"

	"github.com/datenportal/datenportal/harvest"
)

func TestPager(t *testing.T) {
	type page struct {
		url, body string
		ids       []string
	}
	for _, tc := range []struct {
		name  string
		max   int
		pages []page
		want  string // error substring at the last page, "" = fine
	}{
		{"normal", 10, []page{{"u?p=1", "a", []string{"1", "2"}}, {"u?p=2", "b", []string{"3"}}}, ""},
		{"url repeats", 10, []page{{"u?p=1", "a", []string{"1"}}, {"u?p=1", "b", []string{"2"}}}, "read before"},
		{"body repeats", 10, []page{{"u?p=1", "a", []string{"1"}}, {"u?p=2", "a", []string{"1"}}}, "identical"},
		{"back to first", 10, []page{{"u?p=1", "a", []string{"1"}}, {"u?p=2", "b", []string{"2"}}, {"u?p=3", "a", []string{"1"}}}, "identical"},
		{"only old records", 10, []page{{"u?p=1", "a", []string{"1", "2"}}, {"u?p=2", "a2", []string{"2", "1"}}}, "only records seen before"},
		{"too many pages", 2, []page{{"u?p=1", "a", nil}, {"u?p=2", "b", nil}, {"u?p=3", "c", nil}}, "more than 2 pages"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := harvest.NewPager(tc.max)
			var err error
			for _, pg := range tc.pages {
				if err = p.Next(pg.url); err != nil {
					break
				}
				if err = p.Body([]byte(pg.body)); err != nil {
					break
				}
				for _, id := range pg.ids {
					p.Record(id)
				}
				if err = p.EndPage(); err != nil {
					break
				}
			}
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestDecodeHostileInput(t *testing.T) {
	var v any
	for _, tc := range []struct{ in, want string }{
		{"", "empty or truncated"},
		{`{"a": [1, 2`, "truncated"},
		{`{"a":1} {"b":2}`, "after the end"},
		{strings.Repeat("[", 100) + strings.Repeat("]", 100), "nested deeper"},
		{`{"s":"` + strings.Repeat("[", 100) + `"}`, ""},
	} {
		err := harvest.DecodeJSON(nil, []byte(tc.in), &v)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("DecodeJSON(%.30q) = %v, want %q", tc.in, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>`, "DOCTYPE"},
		{`<r><a></r>`, "invalid XML"},
		{`<r>`, "invalid XML"},
		{``, "empty"},
		{strings.Repeat("<a>", 200) + strings.Repeat("</a>", 200), "nested deeper"},
		{`<?xml version="1.0" encoding="ISO-8859-1"?><r>` + "\xe4" + `</r>`, ""},
		{`<?xml version="1.0" encoding="EBCDIC-XYZ"?><r/>`, "invalid XML"},
	} {
		n, err := harvest.ParseXML(nil, []byte(tc.in))
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("ParseXML(%.40q) = %v, want %q", tc.in, err, tc.want)
		}
		if tc.want == "" && err == nil && n.Text != "ä" {
			t.Errorf("latin-1 text decoded as %q", n.Text)
		}
	}
}

func FuzzParseXML(f *testing.F) {
	for _, s := range []string{`<a x="1"><b>t</b><c/></a>`, `<!DOCTYPE a><a/>`, `<a><b></a>`, `<?xml version="1.0"?><r/>`,
		`<a>x<b>y<c>z<d>w<e>v<f>u</f></e></d></c></b>tail</a>`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := harvest.ParseXML(nil, b)
		if err == nil {
			n.All("*/*")
			n.TextAt("a/b")
		}
	})
}

func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,{"b":null}]}`, `[[[[`, `"\"["`, `{} {}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v any
		harvest.DecodeJSON(nil, b, &v)
	})
}
