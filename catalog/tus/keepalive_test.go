package tus_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// tusd moves the connection's deadlines while it reads a body; the next
// request on the same keep-alive connection must not inherit them (a
// download slower than tusd's timeout would be cut off). net/http clears
// the write deadline after each request; this guards that.
func TestKeepAliveAfterUpload(t *testing.T) {
	e := newEnv(t, 64*mib)
	e.opt.NetworkTimeout = time.Second // tusd: write deadline 2 s after each read
	e.start()
	data := randomData(300_000, 11)
	loc := e.create(e.editor, int64(len(data)))
	u, _ := url.Parse(loc)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	br := bufio.NewReader(conn)
	fmt.Fprintf(conn, "PATCH %s HTTP/1.1\r\nHost: %s\r\nAuthorization: %s\r\nTus-Resumable: 1.0.0\r\n"+
		"Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: %d\r\n\r\n", u.Path, u.Host, e.editor, len(data))
	conn.Write(data)
	res, err := http.ReadResponse(br, nil)
	if err != nil || res.StatusCode != http.StatusNoContent {
		t.Fatalf("PATCH: %v %v", res, err)
	}
	dl, _ := url.Parse(res.Header.Get("Datenportal-Resource-Url"))
	time.Sleep(2500 * time.Millisecond)
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", dl.Path, u.Host)
	res, err = http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("download on the same connection: %v", err)
	}
	n, err := io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusOK || n != int64(len(data)) || err != nil {
		t.Fatalf("download on the same connection: %d, %d bytes, %v", res.StatusCode, n, err)
	}
}
