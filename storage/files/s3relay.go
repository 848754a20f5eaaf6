package files

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/datenportal/datenportal/catalog/download"
)

// minRelay is the smallest remainder worth a connection of its own: below
// it the extra round trip costs more than copying through user space.
const minRelay = 1 << 20

var (
	_ download.KernelCopier = (*s3File)(nil)
	_ download.KernelCopier = (*localFile)(nil)

	errNoRelay = errors.New("files: no kernel relay for this store")
)

// KernelReader fetches the next n bytes with a GET of its own on a TCP
// connection that it dials itself, so that the response can splice the
// body from socket to socket: minio-go's HTTP client reads bodies through
// a buffer in user space, which on two cores halves a proxied download.
// The request is presigned (nothing secret leaves the process) and sent
// with If-Match, so a replaced object is never spliced into a download.
// TLS endpoints, proxies and small remainders take the ordinary Read path.
func (f *s3File) KernelReader(n int64) (io.Reader, *io.LimitedReader, error) {
	if f.closed || f.relay != nil || f.s.secure || n < minRelay || n > f.info.Size-f.pos {
		return nil, nil, errNoRelay
	}
	u, err := f.s.client.PresignedGetObject(f.ctx, f.s.bucket, f.s.prefix+f.key, 15*time.Minute, nil)
	if err != nil || u.Scheme != "http" {
		return nil, nil, errNoRelay
	}
	req, err := http.NewRequestWithContext(f.ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, err
	}
	if p, err := http.ProxyFromEnvironment(req); err != nil || p != nil {
		return nil, nil, errNoRelay
	}
	req.Header.Set("Range", "bytes="+strconv.FormatInt(f.pos, 10)+"-"+strconv.FormatInt(f.pos+n-1, 10))
	if f.etag != "" {
		req.Header.Set("If-Match", `"`+f.etag+`"`)
	}
	req.Close = true // the connection belongs to this download alone

	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "80")
	}
	d := net.Dialer{Timeout: f.s.dialTimeout}
	conn, err := d.DialContext(f.ctx, "tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	tcp, ok := conn.(*net.TCPConn)
	if !ok {
		conn.Close()
		return nil, nil, errNoRelay
	}
	// Splicing ignores the context: closing the connection ends it when the
	// client goes away or the server shuts down.
	stop := context.AfterFunc(f.ctx, func() { tcp.Close() })
	fail := func(err error) (io.Reader, *io.LimitedReader, error) {
		stop()
		tcp.Close()
		return nil, nil, err
	}
	tcp.SetDeadline(time.Now().Add(f.s.responseTimeout))
	if err := req.Write(tcp); err != nil {
		return fail(err)
	}
	br := bufio.NewReaderSize(tcp, 16<<10)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		return fail(err)
	}
	// A server may answer a range that covers the whole object with 200.
	whole := resp.StatusCode == http.StatusOK && f.pos == 0 && n == f.info.Size
	if (resp.StatusCode != http.StatusPartialContent && !whole) || resp.ContentLength != n || len(resp.TransferEncoding) > 0 {
		return fail(fmt.Errorf("files: relay GET: status %d, %d bytes for %d", resp.StatusCode, resp.ContentLength, n))
	}
	tcp.SetDeadline(time.Time{})
	// Body bytes that arrived with the headers sit in br; the rest is
	// still in the socket.
	head, _ := br.Peek(br.Buffered())
	if int64(len(head)) > n {
		return fail(fmt.Errorf("files: relay GET: %d bytes after a body of %d", len(head), n))
	}
	head = bytes.Clone(head)
	if f.body != nil { // the stream Open started is not needed any more
		f.body.Close()
		f.body = nil
	}
	f.relay, f.stopRelay = tcp, stop
	return bytes.NewReader(head), &io.LimitedReader{R: tcp, N: n - int64(len(head))}, nil
}
