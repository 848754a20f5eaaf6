package files

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/minio/minio-go/v7"
)

// s3Config is a parsed storage URL.
type s3Config struct {
	Bucket   string
	Prefix   string // "" or a key-shaped prefix ending in "/"
	Endpoint string // host:port
	Secure   bool
	Region   string
	Lookup   minio.BucketLookupType
}

const maxStorageURLLen = 2048

// parseS3URL validates a storage URL strictly: an unknown parameter is an
// error rather than silently ignored, because a typo like "secur=false"
// would otherwise surface later as a baffling TLS failure. Messages never
// repeat the URL, in case someone pasted credentials into it.
func parseS3URL(raw string) (s3Config, error) {
	var c s3Config
	bad := func(format string, args ...any) (s3Config, error) {
		return s3Config{}, fmt.Errorf("files: storage URL: "+format, args...)
	}
	if len(raw) > maxStorageURLLen {
		return bad("longer than %d bytes", maxStorageURLLen)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return bad("cannot parse; expected s3://BUCKET?endpoint=HOST:PORT")
	}
	if u.Scheme != "s3" {
		return bad("scheme %q not supported; use s3://BUCKET?endpoint=HOST:PORT or leave it empty for the local directory", u.Scheme)
	}
	if u.User != nil {
		return bad("credentials in the URL are not accepted; set DATENPORTAL_S3_ACCESS_KEY and DATENPORTAL_S3_SECRET_KEY")
	}
	if u.Fragment != "" || u.Opaque != "" {
		return bad("unexpected fragment or opaque part")
	}
	c.Bucket = u.Host
	if err := validBucket(c.Bucket); err != nil {
		return bad("bucket %q: %v", c.Bucket, err)
	}
	if p := strings.Trim(u.Path, "/"); p != "" {
		if ValidateKey(p) != nil {
			return bad("path prefix %q: only lower-case letters, digits, '_', '.', '-' and '/' between segments", p)
		}
		c.Prefix = p + "/"
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return bad("query: %v", err)
	}
	c.Secure, c.Endpoint = true, "s3.amazonaws.com"
	for k, vs := range q {
		if len(vs) != 1 {
			return bad("parameter %q given %d times", k, len(vs))
		}
		v := vs[0]
		switch k {
		case "endpoint":
			if err := validEndpoint(v); err != nil {
				return bad("endpoint: %v", err)
			}
			c.Endpoint = v
		case "secure":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return bad("secure: %q is not true or false", v)
			}
			c.Secure = b
		case "region":
			if v == "" || len(v) > 64 || strings.Trim(v, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
				return bad("region %q: expected something like eu-central-1", v)
			}
			c.Region = v
		case "lookup":
			switch v {
			case "auto":
				c.Lookup = minio.BucketLookupAuto
			case "path":
				c.Lookup = minio.BucketLookupPath
			case "dns":
				c.Lookup = minio.BucketLookupDNS
			default:
				return bad("lookup %q: expected auto, path or dns", v)
			}
		default:
			return bad("unknown parameter %q (known: endpoint, secure, region, lookup)", k)
		}
	}
	return c, nil
}

// validBucket applies the S3 bucket naming rules that matter for
// addressing: 3–63 characters of [a-z0-9.-], letters or digits at both
// ends, no "..", and not shaped like an IP address.
func validBucket(b string) error {
	if len(b) < 3 || len(b) > 63 {
		return fmt.Errorf("length %d not in 3..63", len(b))
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if !isAlnum(c) && c != '-' && c != '.' {
			return fmt.Errorf("character %q not allowed (lower-case letters, digits, '-', '.')", c)
		}
	}
	if !isAlnum(b[0]) || !isAlnum(b[len(b)-1]) {
		return fmt.Errorf("must start and end with a letter or digit")
	}
	if strings.Contains(b, "..") {
		return fmt.Errorf("must not contain \"..\"")
	}
	if net.ParseIP(b) != nil {
		return fmt.Errorf("must not look like an IP address")
	}
	return nil
}

func validEndpoint(e string) error {
	if strings.Contains(e, "://") {
		return fmt.Errorf("%q: give HOST:PORT without a scheme (secure=false selects http)", e)
	}
	host, port, err := net.SplitHostPort(e)
	if err != nil {
		// A bare host name uses the scheme's default port.
		host, port = e, ""
	}
	if host == "" || strings.Trim(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") != "" {
		return fmt.Errorf("%q: bad host", e)
	}
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%q: port must be 1..65535", e)
		}
	}
	return nil
}
