package tus_test

import (
	"crypto/sha1" //nolint:gosec // the tus checksum extension's default algorithm
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// Wrong input is refused with the protocol's status, and a refused chunk
// never counts: the offset stays and nothing is stored.
func TestBadInput(t *testing.T) {
	e := newEnv(t, 1*mib)
	data := randomData(600_000, 3)
	sum1 := func(b []byte) string { s := sha1.Sum(b); return base64.StdEncoding.EncodeToString(s[:]) } //nolint:gosec
	sum256 := func(b []byte) string { s := sha256.Sum256(b); return base64.StdEncoding.EncodeToString(s[:]) }
	type step struct {
		offset int64
		chunk  []byte
		hdr    []string
		status int
		after  int64 // offset afterwards
	}
	cases := []struct {
		name  string
		steps []step
	}{
		{"wrong offset", []step{
			{0, data[:1000], nil, 204, 1000},
			{500, data[500:1500], nil, 409, 1000},
			{2000, data[2000:3000], nil, 409, 1000},
		}},
		{"checksum mismatch", []step{
			{0, data[:1000], []string{"Upload-Checksum", "sha1 " + sum1(data[:1000])}, 204, 1000},
			{1000, data[1000:5000], []string{"Upload-Checksum", "sha1 " + sum1(data[1001:5001])}, 460, 1000},
			{1000, data[1000:5000], []string{"Upload-Checksum", "sha256 " + sum256(data[:4000])}, 460, 1000},
			{1000, data[1000:5000], []string{"Upload-Checksum", "sha256 " + sum256(data[1000:5000])}, 204, 5000},
		}},
		{"bad checksum headers", []step{
			{0, data[:10], []string{"Upload-Checksum", "md5 " + base64.StdEncoding.EncodeToString(make([]byte, 16))}, 400, 0},
			{0, data[:10], []string{"Upload-Checksum", "sha1 !!!"}, 400, 0},
			{0, data[:10], []string{"Upload-Checksum", "sha1 " + base64.StdEncoding.EncodeToString([]byte("short"))}, 400, 0},
			{0, data[:10], []string{"Upload-Checksum", "sha1"}, 400, 0},
		}},
		{"body beyond the declared length", []step{
			{0, append(append([]byte{}, data...), 1, 2, 3), nil, 413, 0},
		}},
		{"protocol headers", []step{
			{0, data[:10], []string{"Tus-Resumable", ""}, 412, 0},
			{0, data[:10], []string{"Tus-Resumable", "0.2.2"}, 412, 0},
			{0, data[:10], []string{"Content-Type", "application/json"}, 400, 0},
			{-1, data[:10], nil, 400, 0},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.t = t
			loc := e.create(e.editor, int64(len(data)))
			before := e.objects()
			for i, s := range c.steps {
				res := e.patch(loc, e.editor, s.offset, s.chunk, s.hdr...)
				if res.StatusCode != s.status {
					t.Fatalf("step %d: %d %s, want %d", i, res.StatusCode, body(res), s.status)
				}
				if got := e.offset(loc, e.editor); got != s.after {
					t.Fatalf("step %d: offset %d, want %d", i, got, s.after)
				}
			}
			if after := e.objects(); len(after) != len(before) {
				t.Fatalf("objects %v after refused chunks, before %v", after, before)
			}
			// What was accepted still completes to the right bytes.
			off := e.offset(loc, e.editor)
			res := e.upload(loc, e.editor, data, off, len(data))
			_, x := e.resource(res)
			e.checkStored(x, res.Header.Get("Datenportal-Resource-Url"), data)
		})
	}
}

// Creation refuses what could never become a resource.
func TestBadCreation(t *testing.T) {
	e := newEnv(t, 1*mib)
	good := meta("package_id", e.dataset.ID, "filename", "a.csv")
	cases := []struct {
		name   string
		hdr    []string
		status int
	}{
		{"over the upload limit", []string{"Upload-Length", strconv.Itoa(mib + 1), "Upload-Metadata", good}, 413},
		{"empty file", []string{"Upload-Length", "0", "Upload-Metadata", good}, 400},
		{"deferred length (not offered)", []string{"Upload-Defer-Length", "1", "Upload-Metadata", good}, 501},
		{"no length", []string{"Upload-Metadata", good}, 400},
		{"no filename", []string{"Upload-Length", "10", "Upload-Metadata", meta("package_id", e.dataset.ID)}, 400},
		{"no target", []string{"Upload-Length", "10", "Upload-Metadata", meta("filename", "a.csv")}, 400},
		{"both targets", []string{"Upload-Length", "10", "Upload-Metadata", meta("filename", "a.csv", "package_id", e.dataset.ID, "resource_id", "x")}, 400},
		{"malformed metadata", []string{"Upload-Length", "10", "Upload-Metadata", good + ",filename%%% !!"}, 400},
		{"duplicate metadata key", []string{"Upload-Length", "10", "Upload-Metadata", good + "," + meta("filename", "b.csv")}, 400},
		{"unknown dataset", []string{"Upload-Length", "10", "Upload-Metadata", meta("package_id", "gibt-es-nicht", "filename", "a.csv")}, 404},
		{"unknown resource", []string{"Upload-Length", "10", "Upload-Metadata", meta("resource_id", "0b8f3a5e-0000-4000-8000-000000000000", "filename", "a.csv")}, 404},
		{"no Tus-Resumable", []string{"Tus-Resumable", "", "Upload-Length", "10", "Upload-Metadata", good}, 412},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.t = t
			res := e.do(http.MethodPost, "/api/upload/tus/", e.editor, nil, c.hdr...)
			if res.StatusCode != c.status {
				t.Fatalf("%d %s, want %d", res.StatusCode, body(res), c.status)
			}
			if left := e.debris(true); len(left) > 0 {
				t.Fatalf("refused creation left %v", left)
			}
		})
	}
}

// Only the dataset's editors may upload, and only the creator may go on.
func TestAuthorization(t *testing.T) {
	e := newEnv(t, 1*mib)
	good := meta("package_id", e.dataset.ID, "filename", "a.csv")
	for _, c := range []struct {
		name, token string
		status      int
	}{
		{"anonymous", "", 403},
		{"unknown token", "dp_nope", 403},
		{"member", e.member, 403},
		{"editor of another organisation", e.other, 403},
	} {
		t.Run("create/"+c.name, func(t *testing.T) {
			res := e.do(http.MethodPost, "/api/upload/tus/", c.token, nil, "Upload-Length", "10", "Upload-Metadata", good)
			if res.StatusCode != c.status {
				t.Fatalf("%d %s, want %d", res.StatusCode, body(res), c.status)
			}
		})
	}
	loc := e.create(e.editor, 10)
	if res := e.patch(loc, e.editor, 0, []byte("01234")); res.StatusCode != 204 {
		t.Fatalf("owner's PATCH: %d", res.StatusCode)
	}
	for _, c := range []struct {
		name, method, token string
		status              int
	}{
		{"anonymous HEAD", http.MethodHead, "", 403},
		{"anonymous PATCH", http.MethodPatch, "", 403},
		{"other user's HEAD", http.MethodHead, e.other, 404},
		{"other user's PATCH", http.MethodPatch, e.other, 404},
		{"other user's DELETE", http.MethodDelete, e.other, 404},
		{"member's PATCH", http.MethodPatch, e.member, 404},
		{"other user's status", http.MethodGet, e.other, 404},
	} {
		t.Run("continue/"+c.name, func(t *testing.T) {
			target, chunk := loc, []byte(nil)
			hdr := []string{}
			switch c.method {
			case http.MethodPatch:
				chunk, hdr = []byte("56789"), []string{"Upload-Offset", "5"}
			case http.MethodGet:
				target += "/resource"
			}
			res := e.do(c.method, target, c.token, chunk, hdr...)
			if res.StatusCode != c.status {
				t.Fatalf("%d %s, want %d", res.StatusCode, body(res), c.status)
			}
		})
	}
	if got := e.offset(loc, e.editor); got != 5 {
		t.Fatalf("offset %d after others' attempts, want 5", got)
	}
	// Authorisation is checked again at completion: an editor who lost
	// the role cannot finish, and nothing stays behind.
	if err := e.svc.RemoveMember(systemCtx(), "hansestadt-rostock", e.editorName); err != nil {
		t.Fatal(err)
	}
	res := e.patch(loc, e.editor, 5, []byte("56789"))
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body(res), "ERR_FORBIDDEN") {
		t.Fatalf("final PATCH after losing the role: %d %s", res.StatusCode, body(res))
	}
	if objs, left := e.objects(), e.debris(false); len(objs) > 0 || len(left) > 0 {
		t.Fatalf("left objects %v, debris %v", objs, left)
	}
	if st := e.status(loc, e.editor); st["state"] != "failed" || !strings.Contains(st["error"].(string), "not authorized") {
		t.Fatalf("status after refused completion: %v", st)
	}
	if res := e.do(http.MethodHead, loc, e.editor, nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("HEAD of a failed upload: %d", res.StatusCode)
	}
}
