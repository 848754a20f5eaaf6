package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// keyUse finds message keys in templates ({{.T "key"}}, {{$.N "key" n}})
// and Go code (v.T("key")).
var keyUse = regexp.MustCompile(`(?:\.T|\.N|\bT|\bN)[ (]"([a-z0-9_]+\.[a-z0-9_.]+)"`)

func TestMessageCatalogue(t *testing.T) {
	used := map[string]string{}
	collect := func(name string, b []byte) {
		for _, m := range keyUse.FindAllSubmatch(b, -1) {
			used[string(m[1])] = name
		}
	}
	_ = fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := templateFS.ReadFile(p)
			collect(p, b)
		}
		return nil
	})
	gofiles, _ := filepath.Glob("*.go")
	for _, f := range gofiles {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(f)
		collect(f, b)
	}
	if len(used) < 50 {
		t.Fatalf("found only %d keys: the pattern is broken", len(used))
	}
	for k, where := range used {
		if _, ok := catalogue[k]; ok {
			continue
		}
		if strings.HasSuffix(k, ".") { // a prefix completed at run time
			continue
		}
		// N "key" uses key.one and key.other.
		if _, ok := catalogue[k+".one"]; ok {
			if _, ok := catalogue[k+".other"]; ok {
				continue
			}
		}
		t.Errorf("%s uses %q, which is not in the catalogue", where, k)
	}
	for k := range adminCatalogue {
		if _, dup := coreCatalogue[k]; dup {
			t.Errorf("%q is in both catalogues", k)
		}
	}
	for k, v := range catalogue {
		if strings.TrimSpace(v[0]) == "" || strings.TrimSpace(v[1]) == "" {
			t.Errorf("%q lacks a language: %q", k, v)
		}
		if strings.Count(v[0], "%") != strings.Count(v[1], "%") {
			t.Errorf("%q: German and English take different arguments: %q", k, v)
		}
	}
}
