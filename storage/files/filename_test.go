package files

import (
	"regexp"
	"strings"
	"testing"
)

func TestSanitizeFilename(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Test File.CSV", "test-file.csv"}, // CKAN conformance example
		{"Bäume in Münster.xlsx", "baeume-in-muenster.xlsx"},
		{"STRASSEN_Übersicht (2024).csv", "strassen_uebersicht-2024.csv"},
		{"Straße.csv", "strasse.csv"},
		{"Café élégant.pdf", "cafe-elegant.pdf"},
		{`C:\Users\amt\Desktop\haushalt 2025.ods`, "haushalt-2025.ods"},
		{"../../etc/passwd", "passwd"},
		{"..", "file"},
		{".", "file"},
		{"", "file"},
		{"   ", "file"},
		{"\x00\x01\n", "file"},
		{"a\x00b.csv", "ab.csv"},
		{".htaccess", "file.htaccess"},
		{".csv", "file.csv"},
		{"--rf", "rf"},
		{"daten---export  final.json", "daten-export-final.json"},
		{"archive.tar.gz", "archive.tar.gz"},
		{"name.", "name"},
		{"日本語.csv", "file.csv"},
		{"\xff\xfe.csv", "file.csv"},
		{strings.Repeat("a", 200) + ".csv", strings.Repeat("a", 96) + ".csv"},
		{"x." + strings.Repeat("e", 40), "x." + strings.Repeat("e", 20)},
	}
	for _, tc := range tests {
		if got := SanitizeFilename(tc.in); got != tc.want {
			t.Errorf("SanitizeFilename(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

var saneName = regexp.MustCompile(`^[a-z0-9_][a-z0-9_.-]*$`)

func FuzzSanitizeFilename(f *testing.F) {
	for _, s := range []string{"Test File.CSV", "Bäume.xlsx", "../..", ".x", "a\x00b", "\xff", strings.Repeat("ü", 80) + ".csv"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := SanitizeFilename(in)
		if len(out) > maxFilenameLen || !saneName.MatchString(out) || out == "." || out == ".." ||
			strings.HasSuffix(out, ".") || strings.HasSuffix(out, "-") {
			t.Fatalf("SanitizeFilename(%q) = %q", in, out)
		}
		if again := SanitizeFilename(out); again != out {
			t.Fatalf("not idempotent: %q → %q → %q", in, out, again)
		}
	})
}
