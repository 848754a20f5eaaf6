package download_test

import (
	"mime"
	"strings"
	"testing"
	"unicode"

	"github.com/datenportal/datenportal/catalog/download"
)

func TestContentDisposition(t *testing.T) {
	tests := []struct {
		name       string
		attachment bool
		want       string
	}{
		{"daten.csv", false, `inline; filename="daten.csv"`},
		{"daten.csv", true, `attachment; filename="daten.csv"`},
		{"Straßenbäume Münster.csv", true, `attachment; filename="Strassenbaeume Muenster.csv"; filename*=UTF-8''Stra%C3%9Fenb%C3%A4ume%20M%C3%BCnster.csv`},
		{"Übersicht.pdf", true, `attachment; filename="Uebersicht.pdf"; filename*=UTF-8''%C3%9Cbersicht.pdf`},
		{"café.txt", true, `attachment; filename="cafe.txt"; filename*=UTF-8''caf%C3%A9.txt`},
		{`say "hi".txt`, true, `attachment; filename="say _hi_.txt"; filename*=UTF-8''say%20%22hi%22.txt`},
		{"../../etc/passwd", true, `attachment; filename="passwd"`},
		{`C:\temp\x.csv`, true, `attachment; filename="x.csv"`},
		{"a\r\nSet-Cookie: x=1", true, `attachment; filename="aSet-Cookie_ x_1"; filename*=UTF-8''aSet-Cookie%3A%20x%3D1`},
		{"", true, `attachment; filename="download"`},
		{"..", true, `attachment; filename="download"`},
		{"\x00", true, `attachment; filename="download"`},
		{"100%.csv", true, `attachment; filename="100_.csv"; filename*=UTF-8''100%25.csv`},
		{"日本.csv", true, `attachment; filename="__.csv"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.csv`},
	}
	for _, tc := range tests {
		if got := download.ContentDisposition(tc.name, tc.attachment); got != tc.want {
			t.Errorf("ContentDisposition(%q) =\n  %s\nwant\n  %s", tc.name, got, tc.want)
		}
	}
}

func TestContentDispositionLongName(t *testing.T) {
	got := download.ContentDisposition(strings.Repeat("ä", 1000)+".csv", true)
	if len(got) > 2000 {
		t.Fatalf("header of %d bytes", len(got))
	}
}

// Whatever the name, the header parses, names the intended disposition
// and offers a filename without path or control characters.
func FuzzContentDisposition(f *testing.F) {
	for _, s := range []string{"daten.csv", "Straßenbäume.csv", `a"b\c`, "a\r\nb", "\xff\xfe", "..", "%00"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, name string, attachment bool) {
		h := download.ContentDisposition(name, attachment)
		for _, r := range h {
			if r < 0x20 || r >= 0x7f {
				t.Fatalf("header %q has byte %q", h, r)
			}
		}
		disp, params, err := mime.ParseMediaType(h)
		if err != nil {
			t.Fatalf("ContentDisposition(%q) = %q does not parse: %v", name, h, err)
		}
		if (disp == "attachment") != attachment {
			t.Fatalf("disposition %q for attachment=%v", disp, attachment)
		}
		fn := params["filename"]
		if fn == "" || fn == "." || fn == ".." || strings.ContainsAny(fn, `/\`) || strings.IndexFunc(fn, unicode.IsControl) >= 0 {
			t.Fatalf("ContentDisposition(%q): filename %q", name, fn)
		}
	})
}
