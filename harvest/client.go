package harvest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// ClientOptions configure the guarded HTTP client.
type ClientOptions struct {
	// AllowPrivate lets requests reach internal addresses
	// (DATENPORTAL_HARVEST_ALLOW_PRIVATE; tests against 127.0.0.1).
	AllowPrivate bool
	// AllowEndpoints lists single internal endpoints ("10.1.2.3:8080",
	// "[fd00::1]:443") that may be reached without allowing every private
	// address: an intranet geoportal, a test server.
	AllowEndpoints []string
	// Timeout bounds one request including reading the body (default 60 s).
	Timeout time.Duration
	// MaxBytes bounds one response body after decompression (default 64 MiB).
	MaxBytes int64
	// MaxRedirects bounds redirects per request (default 5).
	MaxRedirects int
	// UserAgent is sent with every request.
	UserAgent string
}

// DefaultUserAgent names us to source operators.
const DefaultUserAgent = "Datenportal-Harvester/1 (+https://github.com/datenportal/datenportal)"

// Client is an HTTP client for talking to sources: only http and https,
// limited redirects, a timeout per request, a size limit per response,
// and no connections to internal addresses unless allowed. It ignores
// proxy environment variables, because a proxy would hide the address
// that is checked.
type Client struct {
	opt ClientOptions
	hc  *http.Client
}

// NewClient returns a guarded client.
func NewClient(o ClientOptions) *Client {
	if o.Timeout <= 0 {
		o.Timeout = DefaultRequestTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxResponseBytes
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = 5
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: dialControl(o.AllowPrivate, o.AllowEndpoints)}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          16,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       60 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: o.Timeout,
		ExpectContinueTimeout: time.Second,
	}
	c := &Client{opt: o}
	c.hc = &http.Client{Transport: tr, Timeout: o.Timeout, CheckRedirect: c.checkRedirect}
	return c
}

// Options returns the client's effective options.
func (c *Client) Options() ClientOptions { return c.opt }

// WithLimits returns a client sharing the connection pool but with
// another timeout and size limit (per source options).
func (c *Client) WithLimits(timeout time.Duration, maxBytes int64) *Client {
	o := c.opt
	if timeout > 0 {
		o.Timeout = timeout
	}
	if maxBytes > 0 {
		o.MaxBytes = maxBytes
	}
	cc := &Client{opt: o}
	cc.hc = &http.Client{Transport: c.hc.Transport, Timeout: o.Timeout, CheckRedirect: cc.checkRedirect}
	return cc
}

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > c.opt.MaxRedirects {
		return Errorf("mehr als %d Weiterleitungen", "more than %d redirects", c.opt.MaxRedirects)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return Errorf("Weiterleitung auf %q verweigert: nur http und https", "redirect to %q refused: only http and https", clip(req.URL.String(), 200))
	}
	// The dialer checks the resolved address anyway; a literal address is
	// refused here already, with the redirect named in the message.
	if ip, err := netip.ParseAddr(strings.Trim(req.URL.Hostname(), "[]")); err == nil && !c.opt.AllowPrivate && internalAddr(ip) {
		port := req.URL.Port()
		if port == "" {
			port = map[string]string{"http": "80", "https": "443"}[req.URL.Scheme]
		}
		if !endpointAllowed(c.opt.AllowEndpoints, net.JoinHostPort(ip.String(), port)) {
			return errInternal(req.URL.Host)
		}
	}
	return nil
}

// Response is a fully read, size-checked response with a 2xx status.
type Response struct {
	URL         string // final URL after redirects
	Status      int
	ContentType string // media type without parameters, lower case
	Header      http.Header
	Body        []byte
}

// Get fetches url, sending accept as the Accept header.
func (c *Client) Get(ctx context.Context, rawURL, accept string, header http.Header) (*Response, error) {
	return c.Do(ctx, http.MethodGet, rawURL, accept, "", nil, header)
}

// Post sends body with the given content type.
func (c *Client) Post(ctx context.Context, rawURL, accept, contentType string, body []byte, header http.Header) (*Response, error) {
	return c.Do(ctx, http.MethodPost, rawURL, accept, contentType, body, header)
}

// Do performs one request and reads the whole body, bounded.
func (c *Client) Do(ctx context.Context, method, rawURL, accept, contentType string, body []byte, header http.Header) (*Response, error) {
	u, err := CheckURL(rawURL)
	if err != nil {
		return nil, err
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, Errorf("ungültige Anfrage: %v", "invalid request: %v", err)
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("User-Agent", c.opt.UserAgent)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, c.transportError(ctx, u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
		return nil, &Error{Msg: Message{
			DE: fmt.Sprintf("HTTP-Status %d von %s", resp.StatusCode, redact(u)),
			EN: fmt.Sprintf("HTTP status %d from %s", resp.StatusCode, redact(u)),
		}, Err: &StatusError{Code: resp.StatusCode}}
	}
	if resp.ContentLength > c.opt.MaxBytes {
		return nil, c.tooLarge(u)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, c.opt.MaxBytes+1))
	if err != nil {
		return nil, c.transportError(ctx, u, err)
	}
	if int64(len(b)) > c.opt.MaxBytes {
		return nil, c.tooLarge(u)
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	return &Response{URL: resp.Request.URL.String(), Status: resp.StatusCode, ContentType: strings.ToLower(mt),
		Header: resp.Header, Body: b}, nil
}

// StatusError is the cause of a non-2xx response.
type StatusError struct{ Code int }

func (e *StatusError) Error() string { return fmt.Sprintf("HTTP status %d", e.Code) }

func (c *Client) tooLarge(u *url.URL) *Error {
	return Errorf("Antwort von %s ist größer als %d Bytes (max_response_bytes)", "response from %s is larger than %d bytes (max_response_bytes)", redact(u), c.opt.MaxBytes)
}

func (c *Client) transportError(ctx context.Context, u *url.URL, err error) error {
	var he *Error
	if errors.As(err, &he) {
		return &Error{Msg: he.Msg, Err: err} // our own refusal (redirect, internal address)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return &Error{Msg: Message{
			DE: fmt.Sprintf("Zeitüberschreitung nach %s bei %s", c.opt.Timeout, redact(u)),
			EN: fmt.Sprintf("timeout after %s at %s", c.opt.Timeout, redact(u)),
		}, Err: err}
	}
	return &Error{Msg: Message{
		DE: fmt.Sprintf("Abruf von %s fehlgeschlagen: %v", redact(u), err),
		EN: fmt.Sprintf("fetching %s failed: %v", redact(u), err),
	}, Err: err}
}

// redact drops credentials from a URL for messages (api keys in query
// parameters of ODS sources, user:password in the authority).
func redact(u *url.URL) string {
	c := *u
	c.User = nil
	q := c.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.Contains(lk, "key") || strings.Contains(lk, "token") || strings.Contains(lk, "password") {
			q.Set(k, "***")
		}
	}
	if len(q) > 0 {
		c.RawQuery = q.Encode()
	}
	return clip(c.String(), 300)
}

// LooksLikeHTML reports whether a response is a web page rather than data:
// sources behind login walls, maintenance pages and wrong URLs answer with
// HTML and status 200.
func (r *Response) LooksLikeHTML() bool {
	if r.ContentType == "text/html" || r.ContentType == "application/xhtml+xml" {
		return true
	}
	head := bytes.TrimLeft(bytes.TrimPrefix(r.Body, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(head) > 512 {
		head = head[:512]
	}
	l := bytes.ToLower(head)
	return bytes.HasPrefix(l, []byte("<!doctype html")) || bytes.HasPrefix(l, []byte("<html"))
}

// ErrHTML is what a source returns for an HTML page where it expected
// data in the named format.
func ErrHTML(r *Response, want string) *Error {
	return Errorf("%s lieferte eine HTML-Seite statt %s (falsche URL, Anmeldeseite oder Fehlerseite?)",
		"%s returned an HTML page instead of %s (wrong URL, login page or error page?)", shortURL(r.URL), want)
}

func shortURL(s string) string {
	if u, err := url.Parse(s); err == nil {
		return redact(u)
	}
	return clip(s, 300)
}
