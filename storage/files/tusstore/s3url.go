package tusstore

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/minio/minio-go/v7"
)

// s3Target is where the file store keeps its objects. The storage URL was
// validated strictly by files.Open, which opened the file store the caller
// hands us; this only extracts the parts a second client needs. Open
// checks that both agree by confirming each published object through the
// file store.
type s3Target struct {
	bucket, prefix, endpoint, region string
	secure                           bool
	lookup                           minio.BucketLookupType
}

func parseTarget(raw string) (s3Target, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return s3Target{}, fmt.Errorf("tusstore: storage URL: expected s3://BUCKET?endpoint=HOST:PORT")
	}
	t := s3Target{bucket: u.Host, endpoint: "s3.amazonaws.com", secure: true}
	if p := strings.Trim(u.Path, "/"); p != "" {
		t.prefix = p + "/"
	}
	q := u.Query()
	if v := q.Get("endpoint"); v != "" {
		t.endpoint = v
	}
	if v := q.Get("secure"); v != "" {
		if t.secure, err = strconv.ParseBool(v); err != nil {
			return s3Target{}, fmt.Errorf("tusstore: storage URL: secure=%q", v)
		}
	}
	t.region = q.Get("region")
	switch q.Get("lookup") {
	case "path":
		t.lookup = minio.BucketLookupPath
	case "dns":
		t.lookup = minio.BucketLookupDNS
	default:
		t.lookup = minio.BucketLookupAuto
	}
	return t, nil
}
