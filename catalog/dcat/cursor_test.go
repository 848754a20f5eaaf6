package dcat

import (
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// token builds a cursor the way encodeCursor does, from parts a test may
// get wrong on purpose; the checksum is always right, so each case tests
// the check it names.
func token(version byte, us int64, id string) string {
	b := []byte{version}
	b = binary.BigEndian.AppendUint64(b, uint64(us))
	b = append(b, id...)
	b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	return base64.RawURLEncoding.EncodeToString(b)
}

func TestCursorRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		at   time.Time
		id   string
	}{
		{"uuid", time.Date(2025, 3, 1, 10, 0, 0, 123456000, time.UTC), "5b1f0c9e-2f0a-4d7e-9a43-0c7b4f6f5a11"},
		{"before 1970", time.Date(1969, 7, 20, 20, 17, 0, 0, time.UTC), "apollo"},
		{"nanoseconds are dropped as the stores drop them", time.Date(2025, 1, 1, 0, 0, 0, 999, time.UTC), "x"},
		{"another zone", time.Date(2025, 1, 1, 12, 0, 0, 0, time.FixedZone("CET", 3600)), "x"},
		{"longest id", time.Unix(0, 0), strings.Repeat("a", maxCursorID)},
		{"umlauts", time.Unix(0, 0), "straßen-ä"},
	}
	for _, c := range cases {
		tok := encodeCursor(&catalog.Dataset{CreatedAt: c.at, ID: c.id})
		if len(tok) > maxCursorParam {
			t.Errorf("%s: token of %d characters, more than decodeCursor reads", c.name, len(tok))
		}
		got, err := decodeCursor(tok)
		want := catalog.DatasetCursor{CreatedAt: c.at.UTC().Truncate(time.Microsecond), ID: c.id}
		if err != nil || got != want {
			t.Errorf("%s: %+v, %v; want %+v", c.name, got, err, want)
		}
	}
}

func TestCursorRefused(t *testing.T) {
	ok := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()
	good := token(cursorVersion, ok, "id")
	raw, _ := base64.RawURLEncoding.DecodeString(good)
	badSum := append([]byte{}, raw...)
	badSum[len(badSum)-1] ^= 0xff
	// 16 bytes: base64 with padding differs from the raw form.
	odd, _ := base64.RawURLEncoding.DecodeString(token(cursorVersion, ok, "idx"))
	cases := map[string]string{
		"empty":               "",
		"padded":              base64.URLEncoding.EncodeToString(odd),
		"bad checksum":        base64.RawURLEncoding.EncodeToString(badSum),
		"too short":           base64.RawURLEncoding.EncodeToString(raw[:8]),
		"version 0":           token(0, ok, "id"),
		"version 2":           token(cursorVersion+1, ok, "id"),
		"empty id":            token(cursorVersion, ok, ""),
		"id too long":         token(cursorVersion, ok, strings.Repeat("a", maxCursorID+1)),
		"id not UTF-8":        token(cursorVersion, ok, "a\xff"),
		"id with NUL":         token(cursorVersion, ok, "a\x00"),
		"id with newline":     token(cursorVersion, ok, "a\nb"),
		"before year 1":       token(cursorVersion, minCursorMicros-1, "id"),
		"after year 9999":     token(cursorVersion, maxCursorMicros+1, "id"),
		"longer than allowed": strings.Repeat("A", maxCursorParam+1),
	}
	if _, err := decodeCursor(good); err != nil {
		t.Fatalf("the well-formed token is refused: %v", err)
	}
	for name, tok := range cases {
		if c, err := decodeCursor(tok); err == nil {
			t.Errorf("%s: accepted as %+v", name, c)
		}
	}
}
