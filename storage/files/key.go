package files

import (
	"strings"

	"github.com/datenportal/datenportal/catalog"
	"github.com/google/uuid"
)

// maxKeyLen keeps keys far below S3's 1024-byte limit and the path limits
// of every filesystem we may run on.
const maxKeyLen = 256

// NewKey returns a fresh object key. The two-character fan-out directory
// keeps local directories small; on S3 it is merely part of the name.
func NewKey() string {
	id := uuid.NewString()
	return "resources/" + id[:2] + "/" + id
}

// ValidateKey accepts only keys of the shape Datenportal generates:
// segments of [a-z0-9_.-] separated by single slashes, each starting with a
// letter or digit. That rules out "..", ".", hidden files, absolute paths
// and empty segments, so a key can be joined to a directory without any
// further cleaning, and the local store's ".tmp" and ".meta" directories
// can never be addressed.
func ValidateKey(key string) error {
	if key == "" || len(key) > maxKeyLen {
		return catalog.Errorf(catalog.EINVALID, "invalid storage key: length %d not in 1..%d", len(key), maxKeyLen)
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" {
			return catalog.Errorf(catalog.EINVALID, "invalid storage key: empty path segment")
		}
		if !isAlnum(seg[0]) {
			return catalog.Errorf(catalog.EINVALID, "invalid storage key: segment must start with a letter or digit")
		}
		for i := 0; i < len(seg); i++ {
			if c := seg[i]; !isAlnum(c) && c != '_' && c != '.' && c != '-' {
				return catalog.Errorf(catalog.EINVALID, "invalid storage key: character %q not allowed", c)
			}
		}
	}
	return nil
}

func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
