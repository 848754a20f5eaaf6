package tusstore

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"time"
)

// Upload states. An upload is receiving until its last byte is durable;
// published once its bytes are the object Key of the file store; done or
// failed once the caller attached it to a record or gave up (the info is
// then a tombstone that tells the client the outcome until it expires).
const (
	StateReceiving = "receiving"
	StatePublished = "published"
	StateDone      = "done"
	StateFailed    = "failed"
)

// Info is the persisted state of one upload.
type Info struct {
	ID       string            `json:"id"`
	Size     int64             `json:"size"`
	Offset   int64             `json:"offset"`
	MetaData map[string]string `json:"metadata,omitempty"`
	Owner    string            `json:"owner"`
	Created  time.Time         `json:"created"`
	Touched  time.Time         `json:"touched"`
	Expires  time.Time         `json:"expires"`
	State    string            `json:"state"`
	// Key is the file-store key the finished upload becomes, chosen at
	// creation so that every backend knows where to put it.
	Key string `json:"key"`
	// HashState is the MarshalBinary state of the SHA-256 over the first
	// Offset bytes.
	HashState []byte `json:"sha256_state"`
	// Head holds the first up to 512 bytes for media-type sniffing.
	Head   []byte `json:"head,omitempty"`
	SHA256 string `json:"sha256,omitempty"` // set when published

	// Result is the caller's outcome (resource and dataset ids), Error its
	// failure message; both for the tombstone.
	Result map[string]string `json:"result,omitempty"`
	Error  string            `json:"error,omitempty"`

	// S3 only: the multipart upload, its recorded parts, the bytes at the
	// end kept in the tail object, and whether the object was stored with
	// one PUT instead.
	UploadID  string `json:"upload_id,omitempty"`
	Parts     []Part `json:"parts,omitempty"`
	Tail      int64  `json:"tail,omitempty"`
	SinglePut bool   `json:"single_put,omitempty"`
}

// Part is a recorded part of an S3 multipart upload.
type Part struct {
	Number int    `json:"n"`
	ETag   string `json:"etag"`
	Size   int64  `json:"size"`
}

const headBytes = 512

// newID returns 32 hex digits of randomness: unguessable, and safe as a
// file name and object key without escaping.
func newID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err))
	}
	return hex.EncodeToString(b)
}

// ValidID reports whether id has the shape newID generates. Every id from
// a URL is checked before it reaches a path or key.
func ValidID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// restoreHash continues the SHA-256 saved in state.
func restoreHash(state []byte) (hash.Hash, error) {
	h := sha256.New()
	if len(state) == 0 {
		return h, nil
	}
	if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
		return nil, fmt.Errorf("tusstore: restoring SHA-256 state: %w", err)
	}
	return h, nil
}

func hashState(h hash.Hash) []byte {
	b, err := h.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		panic(err) // crypto/sha256 always marshals
	}
	return b
}

var errCorruptInfo = errors.New("tusstore: upload info does not describe a valid upload")

// check rejects infos that are not self-consistent, so that a tampered or
// truncated info file can never steer a write.
func (in *Info) check(id string) error {
	switch {
	case in.ID != id, in.Size < 0, in.Offset < 0, in.Offset > in.Size, in.Tail < 0, in.Tail > in.Offset,
		in.Owner == "", in.Key == "":
		return errCorruptInfo
	}
	switch in.State {
	case StateReceiving, StatePublished, StateDone, StateFailed:
	default:
		return errCorruptInfo
	}
	return nil
}

func (in *Info) expired(now time.Time) bool { return !now.Before(in.Expires) }
