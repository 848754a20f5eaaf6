package tusstore

import (
	"context"
	"crypto/sha1" //nolint:gosec // the tus checksum extension names SHA-1 as the algorithm every server must offer
	"crypto/sha256"
	"hash"
)

// Algorithm is a checksum algorithm of the tus checksum extension.
type Algorithm string

// The algorithms offered (Tus-Checksum-Algorithm). SHA-1 is what the
// protocol requires every server to support; it guards against transfer
// errors here, not against an attacker, who could send any bytes anyway.
const (
	SHA1   Algorithm = "sha1"
	SHA256 Algorithm = "sha256"
)

// Algorithms lists the supported algorithms for Tus-Checksum-Algorithm.
var Algorithms = []Algorithm{SHA1, SHA256}

// New returns a fresh hash, or nil for an unsupported algorithm.
func (a Algorithm) New() hash.Hash {
	switch a {
	case SHA1:
		return sha1.New()
	case SHA256:
		return sha256.New()
	}
	return nil
}

// Checksum is the expected digest of one chunk.
type Checksum struct {
	Alg Algorithm
	Sum []byte
}

type checksumKey struct{}

// WithChecksum attaches the expected checksum of the request's chunk;
// tusd passes the request context's values on to WriteChunk.
func WithChecksum(ctx context.Context, c Checksum) context.Context {
	return context.WithValue(ctx, checksumKey{}, c)
}

func checksumFrom(ctx context.Context) (Checksum, bool) {
	c, ok := ctx.Value(checksumKey{}).(Checksum)
	return c, ok && c.Alg.New() != nil
}
