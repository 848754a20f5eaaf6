package harvest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Kinds of sources, as the CLI and the store name them.
const (
	KindCKAN   = "ckan"
	KindDCAT   = "dcat"
	KindCSW    = "csw"
	KindODS    = "ods"
	KindArcGIS = "arcgis"
)

// SourceConfig is a configured harvest source as the Store keeps it.
type SourceConfig struct {
	ID             string `json:"id"`
	Name           string `json:"name"` // slug, unique
	Kind           string `json:"kind"`
	URL            string `json:"url"`
	OrganizationID string `json:"organization_id"` // owns the harvested datasets
	Schedule       string `json:"schedule,omitempty"`
	// Config holds the options as JSON (see Options and each kind's
	// package for its own keys).
	Config json.RawMessage `json:"config,omitempty"`
	// NextRunAt is when the scheduler enqueues the next job (zero: manual).
	NextRunAt time.Time `json:"next_run_at,omitempty"`
	// LastCompleteAt is the start of the last job whose listing was
	// complete and whose records all got through; incremental runs ask
	// for changes since then (minus a margin).
	LastCompleteAt time.Time `json:"last_complete_at,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	ModifiedAt     time.Time `json:"modified_at"`
}

// Withdrawal modes: what happens to datasets that vanished from a source.
const (
	WithdrawDelete = "delete" // withdraw at once
	WithdrawMark   = "mark"   // remember since when they are missing; withdraw after the grace period
)

// Failure modes of a listing that breaks off.
const (
	OnErrorFail    = "fail"    // import nothing; the job fails
	OnErrorPartial = "partial" // import what was listed; the job ends "partial"
)

// Options are the settings every kind shares, read from
// SourceConfig.Config. Zero values mean the defaults below.
type Options struct {
	// DefaultLicense is given to distributions without a usable licence,
	// like ckanext-dcatde's default_license (IRI or code).
	DefaultLicense string `json:"default_license,omitempty"`
	// ContributorID (dcatde:contributorID IRI) is appended to every
	// dataset that lacks it (GovData convention 13).
	ContributorID string `json:"contributor_id,omitempty"`
	// Withdraw is WithdrawMark (default) or WithdrawDelete.
	Withdraw string `json:"withdraw,omitempty"`
	// Grace is how long a dataset may be missing before it is withdrawn
	// in mark mode (default 7 days, as udata).
	Grace Duration `json:"grace,omitempty"`
	// OnError is OnErrorFail (default) or OnErrorPartial.
	OnError string `json:"on_error,omitempty"`
	// MaxDuration bounds a job (default 2 h).
	MaxDuration Duration `json:"max_duration,omitempty"`
	// RequestTimeout bounds one HTTP request including its body (default 60 s).
	RequestTimeout Duration `json:"request_timeout,omitempty"`
	// MaxResponseBytes bounds one response (default 64 MiB).
	MaxResponseBytes int64 `json:"max_response_bytes,omitempty"`
	// MaxPages and MaxRecords bound one listing.
	MaxPages   int `json:"max_pages,omitempty"`
	MaxRecords int `json:"max_records,omitempty"`
	// ForceAll disables incremental listing.
	ForceAll bool `json:"force_all,omitempty"`
	// Margin is subtracted from the last complete run when asking for
	// changes, for clock skew between the source and us (default 1 h).
	Margin Duration `json:"incremental_margin,omitempty"`
	// KeepJobs is how many finished jobs (with reports) are kept per
	// source (default 50).
	KeepJobs int `json:"keep_jobs,omitempty"`
}

// Defaults of Options.
const (
	DefaultLicense          = "http://dcat-ap.de/def/licenses/other-closed"
	DefaultGrace            = 7 * 24 * time.Hour
	DefaultMaxDuration      = 2 * time.Hour
	DefaultRequestTimeout   = 60 * time.Second
	DefaultMaxResponseBytes = 64 << 20
	DefaultMaxPages         = 10_000
	DefaultMaxRecords       = 200_000
	DefaultMargin           = time.Hour
	DefaultKeepJobs         = 50
)

// ParseOptions reads the shared options from a source's config JSON,
// ignoring keys of the kind's own, and fills defaults. ckanext-dcatde's
// spelling "contributorID" is accepted too.
func ParseOptions(raw json.RawMessage) (Options, error) {
	var o struct {
		Options
		CKANContributorID string `json:"contributorID,omitempty"`
	}
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &o); err != nil {
			return Options{}, Errorf("Konfiguration ist kein gültiges JSON-Objekt: %v", "config is not a valid JSON object: %v", err)
		}
	}
	opt := o.Options
	if opt.ContributorID == "" {
		opt.ContributorID = o.CKANContributorID
	}
	if opt.DefaultLicense == "" {
		opt.DefaultLicense = DefaultLicense
	}
	switch opt.Withdraw {
	case "":
		opt.Withdraw = WithdrawMark
	case WithdrawMark, WithdrawDelete:
	default:
		return Options{}, Errorf("withdraw muss %q oder %q sein, nicht %q", "withdraw must be %q or %q, not %q", WithdrawMark, WithdrawDelete, opt.Withdraw)
	}
	switch opt.OnError {
	case "":
		opt.OnError = OnErrorFail
	case OnErrorFail, OnErrorPartial:
	default:
		return Options{}, Errorf("on_error muss %q oder %q sein, nicht %q", "on_error must be %q or %q, not %q", OnErrorFail, OnErrorPartial, opt.OnError)
	}
	def := func(d *Duration, v time.Duration) {
		if *d <= 0 {
			*d = Duration(v)
		}
	}
	def(&opt.Grace, DefaultGrace)
	def(&opt.MaxDuration, DefaultMaxDuration)
	def(&opt.RequestTimeout, DefaultRequestTimeout)
	def(&opt.Margin, DefaultMargin)
	if opt.MaxResponseBytes <= 0 {
		opt.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if opt.MaxPages <= 0 {
		opt.MaxPages = DefaultMaxPages
	}
	if opt.MaxRecords <= 0 {
		opt.MaxRecords = DefaultMaxRecords
	}
	if opt.KeepJobs <= 0 {
		opt.KeepJobs = DefaultKeepJobs
	}
	return opt, nil
}

// Duration is a time.Duration written in JSON as "90s", "6h", "7d" or a
// number of seconds.
type Duration time.Duration

// D returns the duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// MarshalJSON writes the duration as a string like "1h30m0s".
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads a string (ParseDuration) or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var secs float64
		if err2 := json.Unmarshal(b, &secs); err2 != nil {
			return fmt.Errorf("duration must be a string like \"6h\" or a number of seconds")
		}
		*d = Duration(secs * float64(time.Second))
		return nil
	}
	v, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// ParseDuration is time.ParseDuration plus whole days ("7d").
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 || days > 3650 {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("invalid duration %q", s)
	}
	return v, nil
}

// CheckURL accepts absolute http and https URLs only: a harvest source
// must not read local files or speak other protocols.
func CheckURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, Errorf("ungültige URL %q", "invalid URL %q", clip(raw, 200))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, Errorf("nur http- und https-URLs sind erlaubt, nicht %q", "only http and https URLs are allowed, not %q", clip(raw, 200))
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, Errorf("URL ohne Host: %q", "URL without host: %q", clip(raw, 200))
	}
	return u, nil
}
