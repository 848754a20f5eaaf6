package files

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// deadStore returns an S3 store whose server is gone (a closed port) or
// hangs (accepts connections, never answers).
func deadStore(t *testing.T, hang bool) *s3Store {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if hang {
		var mu sync.Mutex
		var conns []net.Conn
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				mu.Lock()
				conns = append(conns, c)
				mu.Unlock()
				go io.Copy(io.Discard, c) // read requests, never answer
			}
		}()
		t.Cleanup(func() {
			ln.Close()
			mu.Lock()
			for _, c := range conns {
				c.Close()
			}
			mu.Unlock()
		})
	} else {
		ln.Close()
	}
	cfg, err := parseS3URL("s3://bucket?endpoint=" + addr + "&secure=false&region=us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	s, err := newS3(cfg, Options{AccessKey: "a", SecretKey: "b", DialTimeout: 300 * time.Millisecond, ResponseTimeout: 300 * time.Millisecond, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestS3UnavailableIsQuickAndClear(t *testing.T) {
	for _, hang := range []bool{false, true} {
		name := map[bool]string{false: "closed port", true: "hanging server"}[hang]
		t.Run(name, func(t *testing.T) {
			s := deadStore(t, hang)
			ctx := context.Background()
			ops := map[string]func() error{
				"Put": func() error {
					_, err := s.Put(ctx, "resources/ab/x", strings.NewReader("data"), -1, "")
					return err
				},
				"PutKnownSize": func() error {
					_, err := s.Put(ctx, "resources/ab/x", strings.NewReader("data"), 4, "")
					return err
				},
				"Open":   func() error { _, err := s.Open(ctx, "resources/ab/x"); return err },
				"Stat":   func() error { _, err := s.Stat(ctx, "resources/ab/x"); return err },
				"Delete": func() error { return s.Delete(ctx, "resources/ab/x") },
				"Walk":   func() error { return s.Walk(ctx, func(catalog.FileInfo) error { return nil }) },
				"Ping":   func() error { return s.Ping(ctx) },
			}
			for op, fn := range ops {
				start := time.Now()
				err := fn()
				if catalog.ErrorCode(err) != catalog.EUNAVAILABLE {
					t.Errorf("%s: %v, want EUNAVAILABLE", op, err)
				}
				if d := time.Since(start); d > 5*time.Second {
					t.Errorf("%s took %v", op, d)
				}
			}
		})
	}
	cfg, _ := parseS3URL("s3://bucket?endpoint=127.0.0.1:1&secure=false")
	start := time.Now()
	_, err := openS3(context.Background(), cfg, Options{AccessKey: "a", SecretKey: "b", MaxRetries: 1})
	if catalog.ErrorCode(err) != catalog.EUNAVAILABLE || !strings.Contains(err.Error(), "file storage unavailable") {
		t.Fatalf("Open against closed port: %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("Open against closed port took %v", time.Since(start))
	}
}

func TestOptionsValidated(t *testing.T) {
	cfg, _ := parseS3URL("s3://bucket?endpoint=127.0.0.1:1")
	for _, o := range []Options{{}, {AccessKey: "a"}, {AccessKey: "a", SecretKey: "b", PartSize: 1 << 20}, {AccessKey: "a", SecretKey: "b", PartSize: 6 << 30}} {
		if _, err := newS3(cfg, o); err == nil {
			t.Errorf("newS3 accepted %+v", o)
		}
	}
}
