package dcat

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/datenportal/datenportal/catalog"
)

// The catalogue's after parameter is a catalog.DatasetCursor as an opaque
// token: harvesters only copy it from hydra:next, so its layout may change
// with cursorVersion. It is not a secret and needs no signature: a forged
// one can only name a position in the public list, as ?page can. The
// checksum catches a link cut short in a log or mail, which would
// otherwise name a slightly different position and skip or repeat datasets.
//
//	version (1 byte) | created, µs since 1970 (8 bytes, big-endian)
//	| id (UTF-8) | CRC-32 IEEE of everything before (4 bytes)
const (
	cursorVersion = 1
	// maxCursorID bounds the id: dataset ids are UUIDs (36 bytes), and
	// generous room for ids from imports still bounds what a client can
	// make the store compare.
	maxCursorID = 128
	// maxCursorParam is the longest token decodeCursor looks at: the
	// base64 of the longest valid cursor.
	maxCursorParam = (1 + 8 + maxCursorID + 4 + 2) / 3 * 4
)

// Created times a cursor may name: years 1 to 9999, what a dataset's
// created time can be once written as xsd:dateTime.
var (
	minCursorMicros = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()
	maxCursorMicros = time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC).UnixMicro()
)

var errCursor = errors.New("dcat: malformed cursor")

// encodeCursor is the after parameter that continues right after d.
func encodeCursor(d *catalog.Dataset) string {
	b := make([]byte, 0, 1+8+len(d.ID)+4)
	b = append(b, cursorVersion)
	b = binary.BigEndian.AppendUint64(b, uint64(d.CreatedAt.UnixMicro()))
	b = append(b, d.ID...)
	b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor parses an after parameter, refusing anything encodeCursor
// cannot have written.
func decodeCursor(s string) (catalog.DatasetCursor, error) {
	if len(s) > maxCursorParam {
		return catalog.DatasetCursor{}, errCursor
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil || len(b) < 1+8+1+4 || b[0] != cursorVersion {
		return catalog.DatasetCursor{}, errCursor
	}
	body, sum := b[:len(b)-4], b[len(b)-4:]
	if crc32.ChecksumIEEE(body) != binary.BigEndian.Uint32(sum) {
		return catalog.DatasetCursor{}, errCursor
	}
	us := int64(binary.BigEndian.Uint64(body[1:9]))
	id := string(body[9:])
	if us < minCursorMicros || us > maxCursorMicros || !validCursorID(id) {
		return catalog.DatasetCursor{}, errCursor
	}
	return catalog.DatasetCursor{CreatedAt: time.UnixMicro(us).UTC(), ID: id}, nil
}

// validCursorID accepts what a stored dataset id can be: printable UTF-8
// of bounded length.
func validCursorID(id string) bool {
	if id == "" || len(id) > maxCursorID || !utf8.ValidString(id) {
		return false
	}
	for _, r := range id {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}
