package files

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/datenportal/datenportal/catalog"
)

func TestDigestReader(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		size   int64
		code   string // "" = success
		readTo int64
	}{
		{"unknown size", "hello", -1, "", 5},
		{"exact size", "hello", 5, "", 5},
		{"empty", "", 0, "", 0},
		{"short", "hell", 5, catalog.EBADREQUEST, 4},
		{"long", "hello!", 5, catalog.EBADREQUEST, 0},
		{"long empty", "x", 0, catalog.EBADREQUEST, 0},
	}
	for _, tc := range tests {
		d := newDigestReader(context.Background(), strings.NewReader(tc.body), tc.size)
		b, err := io.ReadAll(d)
		if catalog.ErrorCode(err) != tc.code || int64(len(b)) > tc.readTo {
			t.Errorf("%s: read %q, %v; want code %q", tc.name, b, err, tc.code)
		}
		if tc.code == "" {
			if err := d.verifyEnd(); err != nil {
				t.Errorf("%s: verifyEnd: %v", tc.name, err)
			}
			if n, _ := d.result(); n != int64(len(tc.body)) {
				t.Errorf("%s: size %d", tc.name, n)
			}
		}
		d.close()
	}
}

// After Put returned, a straggling reader (net/http's body writer) must
// neither panic nor touch the caller's body.
func TestDigestReaderAfterClose(t *testing.T) {
	src := &countingReader{r: strings.NewReader(strings.Repeat("x", 1<<20))}
	d := newDigestReader(context.Background(), src, -1)
	var wg sync.WaitGroup
	wg.Go(func() {
		buf := make([]byte, 1000)
		for {
			if _, err := d.Read(buf); err != nil {
				return
			}
		}
	})
	d.close()
	wg.Wait()
	before := src.reads
	if _, err := d.Read(make([]byte, 10)); !errors.Is(err, errReaderClosed) {
		t.Fatalf("Read after close: %v", err)
	}
	if src.reads != before {
		t.Fatal("Read after close reached the caller's reader")
	}
}

type countingReader struct {
	r     io.Reader
	reads int
}

func (c *countingReader) Read(p []byte) (int, error) { c.reads++; return c.r.Read(p) }
