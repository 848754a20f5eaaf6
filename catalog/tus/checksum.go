package tus

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/datenportal/datenportal/storage/files/tusstore"
)

// errUnsupportedChecksum is answered 400, as the checksum extension says
// for algorithms the server does not offer.
var errUnsupportedChecksum = errors.New("Upload-Checksum: algorithm not supported (use sha1 or sha256)")

// ParseChecksum parses an Upload-Checksum header: an algorithm name, one
// space and the base64 digest, which must have the algorithm's length.
func ParseChecksum(h string) (tusstore.Checksum, error) {
	name, val, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || name == "" || val == "" {
		return tusstore.Checksum{}, errors.New("Upload-Checksum: expected \"<algorithm> <base64 digest>\"")
	}
	alg := tusstore.Algorithm(strings.ToLower(name))
	hh := alg.New()
	if hh == nil {
		return tusstore.Checksum{}, errUnsupportedChecksum
	}
	sum, err := base64.StdEncoding.Strict().DecodeString(val)
	if err != nil {
		return tusstore.Checksum{}, errors.New("Upload-Checksum: digest is not base64")
	}
	if len(sum) != hh.Size() {
		return tusstore.Checksum{}, fmt.Errorf("Upload-Checksum: a %s digest has %d bytes, not %d", alg, hh.Size(), len(sum))
	}
	return tusstore.Checksum{Alg: alg, Sum: sum}, nil
}
