package tus

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits of Upload-Metadata: far above what a file name and a description
// need, far below the server's header limit.
const (
	maxMetadataBytes = 16 << 10
	maxMetadataKeys  = 32
	maxValueBytes    = 8 << 10
)

// ParseMetadata parses an Upload-Metadata header strictly: comma-separated
// pairs of a key and an optional standard-base64 value, keys of printable
// ASCII without spaces or commas, each key once, values valid UTF-8. tusd's
// own parser skips what it cannot read; here a malformed header is an
// error, so a client never learns of a typo only when its upload lands
// without a name.
func ParseMetadata(h string) (map[string]string, error) {
	meta := map[string]string{}
	if strings.TrimSpace(h) == "" {
		return meta, nil
	}
	if len(h) > maxMetadataBytes {
		return nil, fmt.Errorf("Upload-Metadata longer than %d bytes", maxMetadataBytes)
	}
	for pair := range strings.SplitSeq(h, ",") {
		pair = strings.Trim(pair, " \t")
		key, val, hasVal := strings.Cut(pair, " ")
		if key == "" {
			return nil, errors.New("Upload-Metadata: empty key")
		}
		for i := 0; i < len(key); i++ {
			if c := key[i]; c <= ' ' || c >= 0x7f {
				return nil, fmt.Errorf("Upload-Metadata: key %q has a character that is not printable ASCII", key)
			}
		}
		if _, dup := meta[key]; dup {
			return nil, fmt.Errorf("Upload-Metadata: key %q given twice", key)
		}
		if len(meta) == maxMetadataKeys {
			return nil, fmt.Errorf("Upload-Metadata: more than %d keys", maxMetadataKeys)
		}
		var v []byte
		if hasVal {
			if strings.ContainsAny(val, " \t") {
				return nil, fmt.Errorf("Upload-Metadata: value of %q is not one base64 word", key)
			}
			var err error
			if v, err = base64.StdEncoding.Strict().DecodeString(val); err != nil {
				return nil, fmt.Errorf("Upload-Metadata: value of %q is not base64", key)
			}
		}
		if len(v) > maxValueBytes || !utf8.Valid(v) {
			return nil, fmt.Errorf("Upload-Metadata: value of %q is not UTF-8 text of at most %d bytes", key, maxValueBytes)
		}
		meta[key] = string(v)
	}
	return meta, nil
}
