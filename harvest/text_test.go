package harvest_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/datenportal/datenportal/harvest"
)

func TestPlainText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Markdown *bleibt* so, a < b", "Markdown *bleibt* so, a < b"},
		{"<p>Absatz eins</p><p>Absatz zwei</p>", "Absatz eins\n\nAbsatz zwei"},
		{"Zeile<br/>Zeile", "Zeile\nZeile"},
		{"<div><ul><li>eins</li><li>zwei</li></ul></div>", "- eins\n- zwei"},
		{`Siehe <a href="https://x.de">Portal</a> und <a href="https://y.de">https://y.de</a>.`, "Siehe [Portal](https://x.de) und https://y.de."},
		{`<a href="javascript:alert(1)">klick</a>`, "klick"},
		{"<script>alert(1)</script><style>p{}</style><p>Text</p>", "Text"},
		{"Gr&ouml;&szlig;e &amp; Ma&szlig;e&nbsp;<b>fett</b>", "Größe & Maße fett"},
		{"<p>kaputt <b>ohne Ende", "kaputt ohne Ende"},
	} {
		if got := harvest.PlainText(tc.in); got != tc.want {
			t.Errorf("PlainText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSplitNameEmail(t *testing.T) {
	for _, tc := range []struct{ in, name, email string }{
		{"Amt 62", "Amt 62", ""},
		{"geo@stadt.de", "geo@stadt.de", "geo@stadt.de"},
		{"mailto:geo@stadt.de", "geo@stadt.de", "geo@stadt.de"},
		{"Max Muster (max.muster@stadt.de)", "Max Muster", "max.muster@stadt.de"},
		{"Stadt Musterstadt, Amt 62 <Geodaten@Musterstadt.de>", "Stadt Musterstadt, Amt 62", "Geodaten@Musterstadt.de"},
		{"Vermessung - vermessung@kreis.de", "Vermessung", "vermessung@kreis.de"},
		{"Statistisches Landesamt Bremenemail: info@statistik.bremen.de", "Statistisches Landesamt Bremen", "info@statistik.bremen.de"},
		{"Tiefbauamt, E-Mail: tiefbau@stadt.de", "Tiefbauamt", "tiefbau@stadt.de"},
	} {
		n, e := harvest.SplitNameEmail(tc.in)
		if n != tc.name || e != tc.email {
			t.Errorf("SplitNameEmail(%q) = %q, %q; want %q, %q", tc.in, n, e, tc.name, tc.email)
		}
	}
}

func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"<p>a</p>", "<a href='x'>y", "<<<>>>", "&#999999999;", "<ul><li><li><li>", "text"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := harvest.PlainText(s)
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 from valid input")
		}
		if len(out) > 4*len(s)+16 {
			t.Fatalf("output grew from %d to %d bytes", len(s), len(out))
		}
		harvest.SplitNameEmail(s)
	})
}

func TestSchedule(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	from := at("2025-05-07T13:20:00Z") // a Wednesday
	for _, tc := range []struct{ spec, next, err string }{
		{"", "", ""}, {"manual", "", ""},
		{"@hourly", "2025-05-07T14:00:00Z", ""},
		{"@daily", "2025-05-08T00:00:00Z", ""},
		{"@weekly", "2025-05-12T00:00:00Z", ""},
		{"6h", "2025-05-07T19:20:00Z", ""},
		{"2d", "2025-05-09T13:20:00Z", ""},
		{"1m", "", "shorter"},
		{"@yearly", "", "unknown schedule"},
		{"jeden Tag", "", "unknown schedule"},
	} {
		s, err := harvest.ParseSchedule(tc.spec)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: %v, want %q", tc.spec, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.spec, err)
			continue
		}
		got := s.Next(from)
		if tc.next == "" {
			if !s.Manual() || !got.IsZero() {
				t.Errorf("%q: want manual, got next %s", tc.spec, got)
			}
		} else if !got.Equal(at(tc.next)) {
			t.Errorf("%q: next %s, want %s", tc.spec, got, tc.next)
		}
	}
	w, _ := harvest.ParseSchedule("@weekly")
	if got := w.Next(at("2025-05-12T00:00:00Z")); !got.Equal(at("2025-05-19T00:00:00Z")) {
		t.Errorf("weekly from a Monday midnight: %s", got)
	}
}

func TestParseOptions(t *testing.T) {
	o, err := harvest.ParseOptions(nil)
	if err != nil || o.Withdraw != harvest.WithdrawMark || o.OnError != harvest.OnErrorFail || o.DefaultLicense != harvest.DefaultLicense ||
		o.Grace.D() != harvest.DefaultGrace || o.MaxResponseBytes != harvest.DefaultMaxResponseBytes {
		t.Errorf("defaults: %+v, %v", o, err)
	}
	o, err = harvest.ParseOptions([]byte(`{"contributorID":"http://dcat-ap.de/def/contributors/x","grace":"3d","request_timeout":30,"rows":50}`))
	if err != nil || o.ContributorID != "http://dcat-ap.de/def/contributors/x" || o.Grace.D() != 72*time.Hour || o.RequestTimeout.D() != 30*time.Second {
		t.Errorf("parsed: %+v, %v", o, err)
	}
	for _, bad := range []string{`[1]`, `{"withdraw":"purge"}`, `{"on_error":"ignore"}`, `{"grace":"soon"}`, `{"grace":true}`, `{`} {
		if _, err := harvest.ParseOptions([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
