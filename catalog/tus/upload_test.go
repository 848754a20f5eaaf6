package tus_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

const mib = 1 << 20

// Uploads in various chunkings end as a distribution with the right
// bytes, size and SHA-256, and leave no partial data behind.
func TestUploadInChunks(t *testing.T) {
	cases := []struct {
		name        string
		size, chunk int
	}{
		{"one small chunk", 1000, 1000},
		{"many small chunks", 100_000, 7_001},
		{"parts and tails", 12*mib + 123, 3 * mib},
		{"one large chunk", 11*mib + 5, 11*mib + 5},
		{"exact parts", 10 * mib, 5 * mib},
	}
	e := newEnv(t, 64*mib)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.t = t
			data := randomData(c.size, byte(i))
			loc := e.create(e.editor, int64(c.size))
			res := e.upload(loc, e.editor, data, 0, c.chunk)
			d, x := e.resource(res)
			if d.ID != e.dataset.ID || x.FileName != "baeume-2024.csv" || x.MediaType != "text/csv" || x.Title != "Bäume 2024.csv" {
				t.Fatalf("distribution %+v", x)
			}
			e.checkStored(x, res.Header.Get("Datenportal-Resource-Url"), data)
			if left := e.debris(false); len(left) > 0 {
				t.Fatalf("partial data left: %v", left)
			}
			st := e.status(loc, e.editor)
			if st["state"] != "done" || st["resource_id"] != x.ID || st["sha256"] != x.Checksum {
				t.Fatalf("GET resource: %v", st)
			}
		})
	}
}

// A POST may carry the first chunk (creation-with-upload).
func TestCreationWithUpload(t *testing.T) {
	e := newEnv(t, 64*mib)
	data := randomData(4000, 9)
	res := e.do(http.MethodPost, "/api/upload/tus/", e.editor, data[:1500], "Upload-Length", "4000",
		"Upload-Metadata", meta("package_id", e.dataset.ID, "filename", "daten.json", "name", "Daten", "description", "Beschreibung", "format", "JSON"))
	if res.StatusCode != http.StatusCreated || res.Header.Get("Upload-Offset") != "1500" {
		t.Fatalf("POST with data: %d %s offset %s", res.StatusCode, body(res), res.Header.Get("Upload-Offset"))
	}
	fin := e.upload(res.Header.Get("Location"), e.editor, data, 1500, 4000)
	_, x := e.resource(fin)
	if x.Title != "Daten" || x.Description != "Beschreibung" || x.Format != "http://publications.europa.eu/resource/authority/file-type/JSON" || x.MediaType != "application/json" {
		t.Fatalf("metadata not applied: %+v", x)
	}
}

// resource_id replaces the file of a distribution; its old object goes.
func TestReplaceFile(t *testing.T) {
	e := newEnv(t, 64*mib)
	first := randomData(3000, 1)
	_, x := e.resource(e.upload(e.create(e.editor, 3000), e.editor, first, 0, 3000))
	oldKey := x.StorageKey
	second := randomData(6*mib+7, 2)
	loc := e.create(e.editor, int64(len(second)), "resource_id", x.ID, "filename", "neu.csv")
	res := e.upload(loc, e.editor, second, 0, 2*mib)
	_, y := e.resource(res)
	if y.ID != x.ID || y.StorageKey == oldKey || y.FileName != "neu.csv" {
		t.Fatalf("replaced distribution %+v (old key %s)", y, oldKey)
	}
	e.checkStored(y, res.Header.Get("Datenportal-Resource-Url"), second)
	if objs := e.objects(); !slices.Equal(objs, []string{y.StorageKey}) {
		t.Fatalf("objects after replacement: %v, want only %s", objs, y.StorageKey)
	}
}

// OPTIONS tells what this server offers.
func TestDiscovery(t *testing.T) {
	e := newEnv(t, 64*mib)
	res := e.do(http.MethodOptions, "/api/upload/tus/", "", nil)
	want := map[string]string{"Tus-Version": "1.0.0", "Tus-Max-Size": "67108864",
		"Tus-Extension": "creation,creation-with-upload,termination,checksum,expiration", "Tus-Checksum-Algorithm": "sha1,sha256"}
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("OPTIONS: %d", res.StatusCode)
	}
	for k, v := range want {
		if got := res.Header.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
}

func (e *env) status(loc, token string) map[string]any {
	e.t.Helper()
	res := e.do(http.MethodGet, loc+"/resource", token, nil)
	var m map[string]any
	if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
		e.t.Fatalf("GET resource: %d %v", res.StatusCode, err)
	}
	m["status"] = res.StatusCode
	return m
}

func systemCtx() context.Context { return catalog.WithActor(context.Background(), catalog.System) }
