package download

import (
	"io"
	"net/http"
)

// KernelCopier is implemented by files whose bytes the kernel can move
// into the response socket by itself: a local file (sendfile) or an S3
// object streamed over a plain TCP connection (splice). A proxied download
// then costs the portal no copies through user space, which on a small
// machine is the difference between relaying at half and at nearly the
// speed of the storage server.
type KernelCopier interface {
	// KernelReader returns the next n bytes of the file as prefix, which
	// must pass through user space (bytes already buffered), followed by
	// rest, an *io.LimitedReader over an *os.File or *net.TCPConn. An
	// error means "not possible here" and leaves the file as it was; after
	// success the file must not be read again.
	KernelReader(n int64) (prefix io.Reader, rest *io.LimitedReader, err error)
}

// kernelCopy sends lr through the connection's own ReadFrom when lr's file
// is a KernelCopier and the writer chain ends in net/http's response. It
// reports false, having written nothing, when it cannot.
func (w copyWriter) kernelCopy(lr *io.LimitedReader, buf []byte) (int64, bool, error) {
	kc, ok := lr.R.(KernelCopier)
	if !ok || lr.N <= 0 {
		return 0, false, nil
	}
	// A body-transforming middleware (compression) must see every byte;
	// it would have set Content-Encoding by now.
	if w.Header().Get("Content-Encoding") != "" {
		return 0, false, nil
	}
	raw := rawReaderFrom(w.ResponseWriter)
	if raw == nil {
		return 0, false, nil
	}
	prefix, rest, err := kc.KernelReader(lr.N)
	if err != nil {
		return 0, false, nil
	}
	// The prefix goes through the wrappers (gin), which also makes them
	// send the status they hold back; the wrappers' byte count misses the
	// rest.
	n, err := io.CopyBuffer(struct{ io.Writer }{w.ResponseWriter}, prefix, buf)
	if err == nil && n == 0 {
		_, err = w.ResponseWriter.Write(nil)
	}
	if err != nil {
		return n, true, err
	}
	m, err := raw.ReadFrom(rest)
	n += m
	lr.N -= n
	if err == nil && rest.N > 0 {
		err = io.ErrUnexpectedEOF
	}
	return n, true, err
}

// rawReaderFrom finds the first writer in w's Unwrap chain with its own
// ReadFrom — net/http's response, whose ReadFrom hands an *os.File or
// *net.TCPConn source to the connection (sendfile, splice).
func rawReaderFrom(w http.ResponseWriter) io.ReaderFrom {
	for range 8 {
		if rf, ok := w.(io.ReaderFrom); ok {
			return rf
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return nil
		}
		w = u.Unwrap()
	}
	return nil
}
