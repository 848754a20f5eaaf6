package download_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/catalog/download"
)

// tcpFile is a file whose KernelReader serves its bytes from a TCP
// connection, as the S3 relay does, after a prefix that arrived "with the
// headers".
type tcpFile struct {
	*bytes.Reader
	data    []byte
	refuse  bool
	calls   int
	conns   []net.Conn
	tb      testing.TB
	srvAddr string
}

func (f *tcpFile) Info() catalog.FileInfo { return catalog.FileInfo{Size: int64(len(f.data))} }
func (f *tcpFile) Close() error {
	for _, c := range f.conns {
		c.Close()
	}
	return nil
}

func (f *tcpFile) KernelReader(n int64) (io.Reader, *io.LimitedReader, error) {
	f.calls++
	if f.refuse {
		return nil, nil, errors.New("no relay here")
	}
	pos, _ := f.Seek(0, io.SeekCurrent)
	c, err := net.Dial("tcp", f.srvAddr)
	if err != nil {
		f.tb.Fatal(err)
	}
	f.conns = append(f.conns, c)
	// The fake storage server sends what the relay asked for.
	if _, err := c.Write([]byte{byte(pos >> 16), byte(pos >> 8), byte(pos), byte(n >> 16), byte(n >> 8), byte(n)}); err != nil {
		f.tb.Fatal(err)
	}
	const head = 10
	prefix := bytes.NewReader(f.data[pos : pos+head])
	if _, err := io.CopyN(io.Discard, c, head); err != nil {
		f.tb.Fatal(err)
	}
	return prefix, &io.LimitedReader{R: c.(*net.TCPConn), N: n - head}, nil
}

// storageServer answers "pos, n" (3 bytes each) with data[pos:pos+n].
func storageServer(t *testing.T, data []byte) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				var h [6]byte
				if _, err := io.ReadFull(c, h[:]); err != nil {
					return
				}
				pos := int(h[0])<<16 | int(h[1])<<8 | int(h[2])
				n := int(h[3])<<16 | int(h[4])<<8 | int(h[5])
				c.Write(data[pos : pos+n])
			}()
		}
	}()
	return ln.Addr().String()
}

// Through gin, whose writer holds the status back: the kernel path must
// send 206 for a range, the bytes of the range, and fall back to plain
// copying, with the same result, when the file refuses.
func TestKernelCopyThroughGin(t *testing.T) {
	gin.SetMode(gin.TestMode)
	data := make([]byte, 300000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	addr := storageServer(t, data)
	for _, refuse := range []bool{false, true} {
		var last *tcpFile
		sentc := make(chan int64, 1)
		r := gin.New()
		r.GET("/f", func(c *gin.Context) {
			last = &tcpFile{Reader: bytes.NewReader(data), data: data, refuse: refuse, tb: t, srvAddr: addr}
			defer last.Close()
			sentc <- download.Serve(c.Writer, c.Request, last, download.Options{Filename: "a.bin"})
		})
		srv := httptest.NewServer(r)
		for _, tc := range []struct {
			rng        string
			status     int
			start, end int
		}{
			{"", 200, 0, len(data)},
			{"bytes=1000-199999", 206, 1000, 200000},
			{"bytes=250000-", 206, 250000, len(data)},
		} {
			req, _ := http.NewRequest("GET", srv.URL+"/f", nil)
			if tc.rng != "" {
				req.Header.Set("Range", tc.rng)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != tc.status || !bytes.Equal(b, data[tc.start:tc.end]) {
				t.Errorf("refuse=%v Range %q: status %d, %d bytes, %v", refuse, tc.rng, resp.StatusCode, len(b), err)
			}
			if sent := <-sentc; sent != int64(len(b)) {
				t.Errorf("refuse=%v Range %q: Serve reports %d bytes sent, client got %d", refuse, tc.rng, sent, len(b))
			}
			if last.calls != 1 {
				t.Errorf("refuse=%v Range %q: KernelReader called %d times, want 1", refuse, tc.rng, last.calls)
			}
		}
		srv.Close()
	}
}
