package tus_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/datenportal/datenportal/catalog/tus"
)

func FuzzParseMetadata(f *testing.F) {
	for _, s := range []string{"", "filename ZGF0ZW4uY3N2", "package_id YmF1bWthdGFzdGVy,filename ZGF0ZW4uY3N2,is_confidential",
		"a b,a c", "k !!!", " k  dg== ", "filename ZGF0ZW4uY3N2 , name QsOkdW1l", ",", "k\x00 dg==", "k dg", "k 4pyT"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		m, err := tus.ParseMetadata(h)
		if err != nil {
			return
		}
		if len(m) > 32 {
			t.Fatalf("%d keys", len(m))
		}
		// What parses is UTF-8 and survives a round trip.
		var parts []string
		for k, v := range m {
			if k == "" || strings.ContainsAny(k, " ,") || !utf8.ValidString(v) {
				t.Fatalf("bad pair %q=%q from %q", k, v, h)
			}
			parts = append(parts, k+" "+base64.StdEncoding.EncodeToString([]byte(v)))
		}
		m2, err := tus.ParseMetadata(strings.Join(parts, ","))
		if err != nil || len(m2) != len(m) {
			t.Fatalf("round trip of %q: %v %v", h, m2, err)
		}
		for k, v := range m {
			if m2[k] != v {
				t.Fatalf("round trip changed %q: %q → %q", k, v, m2[k])
			}
		}
	})
}

func FuzzParseChecksum(f *testing.F) {
	for _, s := range []string{"sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=", "sha256 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
		"SHA1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=", "md5 1B2M2Y8AsgTpgAmY7PhCfg==", "sha1", "sha1  x", " sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0= "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		c, err := tus.ParseChecksum(h)
		if err != nil {
			return
		}
		hh := c.Alg.New()
		if hh == nil || len(c.Sum) != hh.Size() {
			t.Fatalf("%q parsed to %s with %d bytes", h, c.Alg, len(c.Sum))
		}
	})
}
