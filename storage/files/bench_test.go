package files_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/datenportal/datenportal/storage/files"
	"github.com/datenportal/datenportal/storage/files/filestest"
	"github.com/minio/minio-go/v7"
)

// Benchmarks compare each store with the physical limit measured in the
// same run: a plain file copy for the local directory, direct minio-go
// PutObject/GetObject on the same S3 server for S3. Size via
// DATENPORTAL_BENCH_BYTES (default 64 MiB); the 1 GiB numbers in
// BENCHMARKS.md come from
//
//	DATENPORTAL_BENCH_BYTES=1073741824 go test -run X -bench . -benchtime 3x ./storage/files/
//
// peak-RSS-MB is the process's high-water mark during the benchmark
// (VmHWM, reset through /proc/self/clear_refs), so it shows whether an
// upload is buffered whole.

func benchBytes(b *testing.B) int64 {
	if s := os.Getenv("DATENPORTAL_BENCH_BYTES"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			b.Fatalf("DATENPORTAL_BENCH_BYTES=%q", s)
		}
		return n
	}
	return 64 << 20
}

// source repeats one random MiB, so that generating input costs nothing
// next to storing it.
type source struct {
	buf []byte
	n   int64
}

var randomMiB = filestest.Data(42, 1<<20)

func newSource(n int64) *source { return &source{buf: randomMiB, n: n} }

func (s *source) Read(p []byte) (int, error) {
	if s.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > s.n {
		p = p[:s.n]
	}
	c := 0
	for c < len(p) {
		c += copy(p[c:], s.buf)
	}
	s.n -= int64(c)
	return c, nil
}

// pair runs ours and the baseline alternately, b.N times each and in
// alternating order, so that drift in a noisy disk or VM hits both alike, and reports both speeds,
// their ratio and the peak RSS.
func pair(b *testing.B, n int64, ours, baseline func(i int)) {
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // reset VmHWM; Linux only
	var tOurs, tBase time.Duration
	i := 0
	timed := func(fn func(int)) time.Duration {
		start := time.Now()
		fn(i)
		return time.Since(start)
	}
	for b.Loop() {
		// Alternate who goes first: the second runs while the disk may
		// still be writing back what the first wrote.
		if i%2 == 0 {
			tBase += timed(baseline)
			tOurs += timed(ours)
		} else {
			tOurs += timed(ours)
			tBase += timed(baseline)
		}
		i++
	}
	mbps := func(d time.Duration) float64 { return float64(n) * float64(i) / d.Seconds() / 1e6 }
	b.ReportMetric(mbps(tOurs), "MB/s")
	b.ReportMetric(mbps(tBase), "baseline-MB/s")
	b.ReportMetric(tBase.Seconds()/tOurs.Seconds(), "x-baseline")
	if hwm := vmHWM(); hwm > 0 {
		b.ReportMetric(float64(hwm)/1024, "peak-RSS-MB")
	}
}

func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb
		}
	}
	return 0
}

// The local baseline is cp plus the fsync that makes an upload durable,
// into a new file each time (as Put writes a new file and renames it over
// the old one); Put adds hashing, the rename and a directory sync.
func BenchmarkLocal(b *testing.B) {
	n := benchBytes(b)
	dir := b.TempDir()
	s, err := files.Open(context.Background(), "", dir, files.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	key := "bench/object"
	buf := make([]byte, 1<<20)
	copyFile := func(i int) {
		name := filepath.Join(dir, fmt.Sprintf("baseline-%d", i))
		f, err := os.Create(name)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.CopyBuffer(struct{ io.Writer }{f}, newSource(n), buf); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
		f.Close()
		os.Remove(filepath.Join(dir, fmt.Sprintf("baseline-%d", i-1)))
	}
	b.Run("Put", func(b *testing.B) {
		pair(b, n, func(int) {
			if _, err := s.Put(ctx, key, newSource(n), -1, ""); err != nil {
				b.Fatal(err)
			}
		}, copyFile)
	})
	b.Run("Open", func(b *testing.B) {
		copyFile(-1)
		pair(b, n, func(int) {
			f, err := s.Open(ctx, key)
			if err != nil {
				b.Fatal(err)
			}
			if m, err := io.Copy(io.Discard, f); err != nil || m != n {
				b.Fatalf("read %d, %v", m, err)
			}
			f.Close()
		}, func(int) {
			f, err := os.Open(filepath.Join(dir, "baseline--1"))
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, f)
			f.Close()
		})
	})
}

func BenchmarkS3(b *testing.B) {
	rawURL, opts := s3Env(b)
	n := benchBytes(b)
	ctx := context.Background()
	s := openS3(b, rawURL, opts)
	c, bucket := rawClient(b, rawURL, opts)
	key := "bench/" + strconv.FormatInt(n, 10)
	direct := minio.PutObjectOptions{PartSize: 16 << 20}
	defer func() {
		s.Delete(ctx, key)
		c.RemoveObject(ctx, bucket, key+"-direct", minio.RemoveObjectOptions{})
	}()
	for _, size := range []int64{-1, n} {
		name := map[bool]string{true: "UnknownSize", false: "KnownSize"}[size < 0]
		b.Run("Put"+name, func(b *testing.B) {
			pair(b, n, func(int) {
				if _, err := s.Put(ctx, key, newSource(n), size, ""); err != nil {
					b.Fatal(err)
				}
			}, func(int) {
				if _, err := c.PutObject(ctx, bucket, key+"-direct", newSource(n), size, direct); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
	b.Run("Open", func(b *testing.B) {
		pair(b, n, func(int) {
			f, err := s.Open(ctx, key)
			if err != nil {
				b.Fatal(err)
			}
			if m, err := io.Copy(io.Discard, f); err != nil || m != n {
				b.Fatalf("read %d, %v", m, err)
			}
			f.Close()
		}, func(int) {
			o, err := c.GetObject(ctx, bucket, key+"-direct", minio.GetObjectOptions{})
			if err != nil {
				b.Fatal(err)
			}
			if m, err := io.Copy(io.Discard, o); err != nil || m != n {
				b.Fatalf("read %d, %v", m, err)
			}
			o.Close()
		})
	})
}
