package tus_test

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/storage/testenv"
)

// patchAndDrop sends a PATCH announcing the whole rest of data but closes
// the connection after n bytes, as a client on a flaky line would.
func (e *env) patchAndDrop(loc string, offset int64, data []byte, n int) {
	e.t.Helper()
	u, err := url.Parse(loc)
	if err != nil {
		e.t.Fatal(err)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		e.t.Fatal(err)
	}
	rest := data[offset:]
	fmt.Fprintf(conn, "PATCH %s HTTP/1.1\r\nHost: %s\r\nAuthorization: %s\r\nTus-Resumable: 1.0.0\r\n"+
		"Content-Type: application/offset+octet-stream\r\nUpload-Offset: %d\r\nContent-Length: %d\r\n\r\n",
		u.Path, u.Host, e.editor, offset, len(rest))
	if _, err := conn.Write(rest[:n]); err != nil {
		e.t.Fatal(err)
	}
	conn.Close()
}

// waitOffset waits until the server has saved what arrived before the
// connection broke (it notices the broken body asynchronously), then
// checks that HEAD reports it. It polls GET …/resource, which reads the
// saved info without tusd's lock: a HEAD would take the lock from the
// PATCH still draining the socket and so end it early (which is tusd's
// way of letting a client resume at once, but not what this test is
// about).
func (e *env) waitOffset(loc string, want int64) {
	e.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var got int64
	for time.Now().Before(deadline) {
		if got = int64(e.status(loc, e.editor)["offset"].(float64)); got == want {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got != want {
		e.t.Fatalf("saved offset %d after the interruption, want %d (every byte that arrived)", got, want)
	}
	if got := e.offset(loc, e.editor); got != want {
		e.t.Fatalf("HEAD says offset %d, saved %d", got, want)
	}
}

// A PATCH cut off mid-body keeps what arrived; HEAD says so and the
// client resumes from there. On S3 the cut falls inside a part, inside
// the tail and exactly on a part boundary.
func TestInterruptedUpload(t *testing.T) {
	e := newEnv(t, 64*mib)
	data := randomData(13*mib+77, 5)
	cuts := []int{3*mib + 11, 5*mib - 11, 2 * mib}
	loc := e.create(e.editor, int64(len(data)))
	var off int64
	for _, n := range cuts {
		e.patchAndDrop(loc, off, data, n)
		off += int64(n)
		e.waitOffset(loc, off)
		if objs := e.objects(); len(objs) > 0 {
			t.Fatalf("objects %v before the upload is complete", objs)
		}
	}
	res := e.upload(loc, e.editor, data, off, 4*mib)
	_, x := e.resource(res)
	e.checkStored(x, res.Header.Get("Datenportal-Resource-Url"), data)
}

// A new server instance on the same data resumes uploads the old one
// started, with the SHA-256 state it saved.
func TestRestart(t *testing.T) {
	e := newEnv(t, 64*mib)
	data := randomData(9*mib+3, 6)
	loc := e.create(e.editor, int64(len(data)))
	e.upload(loc, e.editor, data[:7*mib+1], 0, 2*mib)
	oldURL := e.srv.URL
	e.start()
	loc = strings.Replace(loc, oldURL, e.srv.URL, 1)
	if got := e.offset(loc, e.editor); got != 7*mib+1 {
		t.Fatalf("offset after restart %d", got)
	}
	res := e.upload(loc, e.editor, data, 7*mib+1, 5*mib)
	_, x := e.resource(res)
	e.checkStored(x, res.Header.Get("Datenportal-Resource-Url"), data)
}

// A crash between writing bytes and saving the offset leaves bytes past
// the offset; they are cut off before the next write.
func TestCrashBetweenWriteAndSave(t *testing.T) {
	if testenv.S3() {
		t.Skip("local chunk files only: on S3 unsaved parts are simply not named at completion")
	}
	e := newEnv(t, 64*mib)
	data := randomData(100_000, 7)
	loc := e.create(e.editor, int64(len(data)))
	e.upload(loc, e.editor, data[:40_000], 0, 40_000)
	id := loc[strings.LastIndexByte(loc, '/')+1:]
	f, err := os.OpenFile(filepath.Join(e.opt.DataDir, "files", ".tus", id), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("garbage a crash left behind"))
	f.Close()
	if got := e.offset(loc, e.editor); got != 40_000 {
		t.Fatalf("offset %d counts unsaved bytes", got)
	}
	res := e.upload(loc, e.editor, data, 40_000, 60_000)
	_, x := e.resource(res)
	e.checkStored(x, res.Header.Get("Datenportal-Resource-Url"), data)
}

// DELETE removes an upload with all its partial data.
func TestTerminate(t *testing.T) {
	e := newEnv(t, 64*mib)
	data := randomData(8*mib, 8)
	loc := e.create(e.editor, int64(len(data)))
	e.upload(loc, e.editor, data[:6*mib+5], 0, 6*mib+5) // a part and a tail on S3
	if len(e.debris(false)) == 0 {
		t.Fatal("no partial data to remove")
	}
	if res := e.do(http.MethodDelete, loc, e.editor, nil); res.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE: %d %s", res.StatusCode, body(res))
	}
	if res := e.do(http.MethodHead, loc, e.editor, nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("HEAD after DELETE: %d", res.StatusCode)
	}
	if left, objs := e.debris(true), e.objects(); len(left) > 0 || len(objs) > 0 {
		t.Fatalf("after DELETE: debris %v, objects %v", left, objs)
	}
}

// Abandoned uploads expire 24 h after their last write; the sweep then
// removes them and leaves nothing, while live ones and finished objects
// stay.
func TestExpirySweep(t *testing.T) {
	e := newEnv(t, 64*mib)
	data := randomData(7*mib, 9)
	abandoned := e.create(e.editor, int64(len(data)))
	e.upload(abandoned, e.editor, data[:6*mib], 0, 6*mib)
	finished := e.create(e.editor, 1000)
	_, x := e.resource(e.upload(finished, e.editor, data[:1000], 0, 1000))

	e.clock.Advance(20 * time.Hour)
	live := e.create(e.editor, int64(len(data)))
	e.upload(live, e.editor, data[:100], 0, 100)
	if n, err := e.h.Sweep(t.Context()); err != nil || n != 0 {
		t.Fatalf("sweep before expiry removed %d, %v", n, err)
	}
	e.clock.Advance(5 * time.Hour)
	if res := e.do(http.MethodHead, abandoned, e.editor, nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("HEAD of an expired upload: %d", res.StatusCode)
	}
	if res := e.patch(abandoned, e.editor, 6*mib, data[6*mib:]); res.StatusCode != http.StatusNotFound {
		t.Fatalf("PATCH of an expired upload: %d", res.StatusCode)
	}
	n, err := e.h.Sweep(t.Context())
	if err != nil || n != 2 {
		t.Fatalf("sweep removed %d (want the abandoned upload and the finished one's record), %v", n, err)
	}
	if got := e.offset(live, e.editor); got != 100 {
		t.Fatalf("live upload's offset %d after the sweep", got)
	}
	if objs := e.objects(); len(objs) != 1 || objs[0] != x.StorageKey {
		t.Fatalf("objects after sweep %v, want only the finished %s", objs, x.StorageKey)
	}
	if res := e.do(http.MethodDelete, live, e.editor, nil); res.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE: %d", res.StatusCode)
	}
	if left := e.debris(true); len(left) > 0 {
		t.Fatalf("debris after sweep: %v", left)
	}
}

// If the record cannot be written when the upload completes, the object
// is removed again and the client learns why.
func TestRecordWriteFailure(t *testing.T) {
	e := newEnv(t, 64*mib)
	data := randomData(6*mib+9, 10)
	loc := e.create(e.editor, int64(len(data)))
	e.upload(loc, e.editor, data[:5*mib], 0, 5*mib)
	e.store.fail.Store(true)
	res := e.patch(loc, e.editor, 5*mib, data[5*mib:])
	e.store.fail.Store(false)
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("final PATCH with a failing database: %d %s", res.StatusCode, body(res))
	}
	if objs, left := e.objects(), e.debris(false); len(objs) > 0 || len(left) > 0 {
		t.Fatalf("after the failed record write: objects %v, debris %v", objs, left)
	}
	if st := e.status(loc, e.editor); st["state"] != "failed" || st["error"] == "" {
		t.Fatalf("status: %v", st)
	}
	d, err := e.svc.Dataset(systemCtx(), e.dataset.ID)
	if err != nil || len(d.Distributions) != 1 {
		t.Fatalf("dataset has %d distributions, %v", len(d.Distributions), err)
	}
}
