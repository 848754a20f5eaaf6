package files

import (
	"path"
	"strings"
	"testing"
)

func TestValidateKey(t *testing.T) {
	tests := []struct {
		key string
		ok  bool
	}{
		{"resources/ab/0b9e6f6c-1c52-4b8e-9d8e-3f0f4c1a2b3c", true},
		{"a", true},
		{"a_b.c-d/e", true},
		{strings.Repeat("a", maxKeyLen), true},
		{strings.Repeat("a", maxKeyLen+1), false},
		{"", false},
		{"/a", false},
		{"a/", false},
		{"a//b", false},
		{"..", false},
		{"a/../b", false},
		{"./a", false},
		{".tmp/put-1", false},
		{"a/.meta", false},
		{"-a", false},
		{"_a", false},
		{"A", false},
		{"a b", false},
		{"a\x00", false},
		{"a\\b", false},
		{"ä", false},
		{"a%2f", false},
	}
	for _, tc := range tests {
		if err := ValidateKey(tc.key); (err == nil) != tc.ok {
			t.Errorf("ValidateKey(%q) = %v, want ok=%v", tc.key, err, tc.ok)
		}
	}
}

func TestNewKey(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		k := NewKey()
		if err := ValidateKey(k); err != nil {
			t.Fatalf("NewKey() = %q invalid: %v", k, err)
		}
		if seen[k] {
			t.Fatalf("NewKey repeated %q", k)
		}
		seen[k] = true
		if parts := strings.Split(k, "/"); len(parts) != 3 || parts[0] != "resources" || parts[1] != parts[2][:2] {
			t.Fatalf("NewKey() = %q, want resources/xx/xx…", k)
		}
	}
}

// A valid key must be safe to join to a directory: cleaning it changes
// nothing and it cannot climb out or hide.
func FuzzValidateKey(f *testing.F) {
	for _, s := range []string{"resources/ab/x", "../x", "a/./b", "a//b", ".tmp/x", "a\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, key string) {
		if ValidateKey(key) != nil {
			return
		}
		if path.Clean(key) != key || path.IsAbs(key) || strings.Contains(key, "..") && strings.Contains("/"+key+"/", "/../") {
			t.Fatalf("accepted unclean key %q", key)
		}
		for _, seg := range strings.Split(key, "/") {
			if seg == "" || seg[0] == '.' {
				t.Fatalf("accepted key with empty or hidden segment %q", key)
			}
		}
	})
}
