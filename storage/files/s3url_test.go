package files

import (
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"
)

func TestParseS3URL(t *testing.T) {
	ok := []struct {
		in   string
		want s3Config
	}{
		{"s3://my-bucket?endpoint=127.0.0.1:9000&secure=false", s3Config{Bucket: "my-bucket", Endpoint: "127.0.0.1:9000"}},
		{"s3://daten.muenster?endpoint=s3.example.de&region=eu-central-1", s3Config{Bucket: "daten.muenster", Endpoint: "s3.example.de", Secure: true, Region: "eu-central-1"}},
		{"s3://bucket/portal/files/?endpoint=[::1]:9000&secure=0&lookup=path", s3Config{Bucket: "bucket", Prefix: "portal/files/", Endpoint: "[::1]:9000", Lookup: minio.BucketLookupPath}},
		{"S3://bucket", s3Config{Bucket: "bucket", Endpoint: "s3.amazonaws.com", Secure: true}},
	}
	for _, tc := range ok {
		got, err := parseS3URL(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("parseS3URL(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
	bad := []struct{ in, mentions string }{
		{"http://bucket", "scheme"},
		{"bucket", "scheme"},
		{"s3://", "bucket"},
		{"s3://ab", "bucket"},
		{"s3://Bucket", "bucket"},
		{"s3://-bucket", "bucket"},
		{"s3://bu..cket", "bucket"},
		{"s3://192.168.1.1", "bucket"},
		{"s3://key:secret@bucket?endpoint=h:1", "credentials"},
		{"s3://bucket?endpoint=http://h:9000", "endpoint"},
		{"s3://bucket?endpoint=h:99999", "endpoint"},
		{"s3://bucket?endpoint=h:x", "endpoint"},
		{"s3://bucket?endpoint=", "endpoint"},
		{"s3://bucket?endpoint=h%00:1", "endpoint"},
		{"s3://bucket?secure=maybe", "secure"},
		{"s3://bucket?secur=false", "unknown parameter"},
		{"s3://bucket?region=EU%20central", "region"},
		{"s3://bucket?lookup=virtual", "lookup"},
		{"s3://bucket?secure=true&secure=false", "given 2 times"},
		{"s3://bucket/../x", "prefix"},
		{"s3://bucket/Upper", "prefix"},
		{"s3://bucket#frag", "fragment"},
		{"s3://bucket?" + strings.Repeat("a", 3000), "longer"},
	}
	for _, tc := range bad {
		_, err := parseS3URL(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.mentions) {
			t.Errorf("parseS3URL(%q) = %v; want an error mentioning %q", tc.in, err, tc.mentions)
		}
	}
}

func TestParseS3URLHidesCredentials(t *testing.T) {
	_, err := parseS3URL("s3://AKIAEXAMPLE:topsecret@bucket")
	if err == nil || strings.Contains(err.Error(), "topsecret") {
		t.Fatalf("error %v repeats the secret", err)
	}
}

func FuzzParseS3URL(f *testing.F) {
	for _, s := range []string{"s3://bucket?endpoint=127.0.0.1:9000&secure=false", "s3://b/p?region=x", "s3://%zz", "s3://a@b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		c, err := parseS3URL(in)
		if err != nil {
			return
		}
		if validBucket(c.Bucket) != nil || validEndpoint(c.Endpoint) != nil {
			t.Fatalf("accepted %q as %+v", in, c)
		}
		if c.Prefix != "" && (ValidateKey(strings.TrimSuffix(c.Prefix, "/")) != nil || !strings.HasSuffix(c.Prefix, "/")) {
			t.Fatalf("accepted prefix %q", c.Prefix)
		}
	})
}
