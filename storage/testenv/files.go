package testenv

import (
	"context"
	"net/url"
	"os"
	"testing"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/files"
)

// FileStore returns t's file store: a local temp directory by default, or
// t's own key prefix in the test S3 bucket with DATENPORTAL_TEST_FILES=s3
// (objects under it are deleted when t ends). Within one test it is the
// store StorageURL(t) names.
func FileStore(t testing.TB) catalog.FileStore {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
	defer cancel()
	if filesKind(t) == "s3" {
		u, opts := s3URL(t, true)
		fs, err := files.Open(ctx, u, "", opts)
		if err != nil {
			t.Fatalf("testenv: opening the S3 file store: %v", err)
		}
		return fs
	}
	dir := memo(t, "files", func() string { return t.TempDir() })
	fs, err := files.Open(ctx, "", dir, files.Options{})
	if err != nil {
		t.Fatalf("testenv: opening the local file store: %v", err)
	}
	return fs
}

// StorageURL is what the binary's --storage-url gets for t: empty on the
// embedded stack (files under --data-dir), else t's S3 URL (credentials
// go in DATENPORTAL_S3_ACCESS_KEY / _SECRET_KEY; see Env).
func StorageURL(t testing.TB) string {
	t.Helper()
	if filesKind(t) != "s3" {
		return ""
	}
	u, _ := s3URL(t, true)
	return u
}

// S3URL returns a storage URL for a fresh key prefix of t's own in the
// test bucket, with the credentials to open it. Objects under the prefix
// are deleted when t ends. Without DATENPORTAL_TEST_S3_URL and its keys
// the test is skipped, loudly.
func S3URL(t testing.TB) (string, files.Options) {
	t.Helper()
	return s3URL(t, false)
}

func s3URL(t testing.TB, required bool) (string, files.Options) {
	t.Helper()
	base := os.Getenv(EnvS3URL)
	opts := files.Options{AccessKey: os.Getenv(EnvS3AccessKey), SecretKey: os.Getenv(EnvS3SecretKey)}
	if base == "" || opts.AccessKey == "" || opts.SecretKey == "" {
		msg := "!!! S3 TESTS SKIPPED: " + EnvS3URL + ", " + EnvS3AccessKey + " and " + EnvS3SecretKey +
			" are not set. Start versitygw with: eval \"$(.ci/start-s3.sh)\""
		if required || os.Getenv(EnvRequireS3) == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	u := memo(t, "s3", func() string { return newPrefix(t, base, opts) })
	return u, opts
}

// newPrefix points base at a key prefix of t's own and deletes what is
// left under it when t ends.
func newPrefix(t testing.TB, base string, opts files.Options) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: not a URL", EnvS3URL)
	}
	u.Path = u.Path + "/dp-test/" + slug(t.Name(), 30) + "-" + randomHex(5)
	raw := u.String()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		fs, err := files.Open(ctx, raw, "", opts)
		if err != nil {
			t.Errorf("testenv: cleaning up S3 prefix: %v", err)
			return
		}
		var keys []string
		err = fs.Walk(ctx, func(fi catalog.FileInfo) error {
			keys = append(keys, fi.Key)
			return nil
		})
		for _, k := range keys {
			if derr := fs.Delete(ctx, k); derr != nil && err == nil {
				err = derr
			}
		}
		if err != nil {
			t.Errorf("testenv: cleaning up S3 prefix: %v", err)
		}
	})
	return raw
}

func filesKind(t testing.TB) string {
	switch k := os.Getenv(EnvFiles); k {
	case "", "local":
		return "local"
	case "s3":
		return k
	default:
		t.Fatalf("testenv: %s=%q: want local or s3", EnvFiles, k)
		return ""
	}
}
