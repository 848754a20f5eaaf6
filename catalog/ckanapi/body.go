package ckanapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/datenportal/datenportal/catalog"
)

// readParams turns the request into action parameters as CKAN does
// (§A.1): GET query; POST JSON, form, legacy single-key form, or
// multipart (streamed; see multipart.go).
func (a *API) readParams(r *request, act action) (params, *uploadPart, error) {
	req := r.c.Request
	p := params{}
	if req.Method != http.MethodPost {
		fromValues(req.URL.Query(), p)
		return p, nil, nil
	}
	ct, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		return a.readMultipart(r, act)
	}
	data, err := io.ReadAll(http.MaxBytesReader(r.c.Writer, req.Body, a.opt.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, nil, &catalog.Error{Code: catalog.ETOOLARGE,
				Message:   fmt.Sprintf("Request body too large: the limit is %d bytes", a.opt.MaxBodyBytes),
				MessageDE: fmt.Sprintf("Anfrage zu groß: höchstens %d Bytes", a.opt.MaxBodyBytes)}
		}
		return nil, nil, badRequestf("Bad request - could not read the request body")
	}
	if ct == "application/x-www-form-urlencoded" {
		vals, err := url.ParseQuery(string(data))
		if err != nil {
			return nil, nil, badRequestf("Bad request - could not parse the form body")
		}
		if k, ok := legacyJSONKey(vals); ok {
			data = []byte(k)
		} else {
			fromValues(vals, p)
			a.mergeQuery(req, act, p)
			return p, nil, nil
		}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		a.mergeQuery(req, act, p)
		return p, nil, nil
	}
	if p, err = decodeObject(data); err != nil {
		return nil, nil, err
	}
	a.mergeQuery(req, act, p)
	return p, nil, nil
}

// legacyJSONKey recognises old clients that POST a form whose only key is
// the JSON body and whose value is "" or "1".
func legacyJSONKey(vals url.Values) (string, bool) {
	if len(vals) != 1 {
		return "", false
	}
	for k, v := range vals {
		if len(v) == 1 && (v[0] == "" || v[0] == "1") && strings.HasPrefix(strings.TrimSpace(k), "{") {
			return k, true
		}
	}
	return "", false
}

// decodeObject decodes a JSON object, keeping numbers exact.
func decodeObject(data []byte) (params, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, badRequestf("Bad request - JSON Error: Error decoding JSON data. Error: " + err.Error())
	}
	if dec.More() {
		return nil, badRequestf("Bad request - JSON Error: Error decoding JSON data. Error: trailing data after the JSON object")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, badRequestf("Bad request - JSON Error: Request data JSON decoded to a " + jsonKind(v) + " but it needs to be a dictionary.")
	}
	return params(m), nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "list"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return "value"
}

// mergeQuery adds URL parameters to a POST body for read actions, as CKAN
// tries URL parameters for side-effect-free actions.
func (a *API) mergeQuery(req *http.Request, act action, p params) {
	if act.write || req.URL.RawQuery == "" {
		return
	}
	q := params{}
	fromValues(req.URL.Query(), q)
	for k, v := range q {
		if !p.has(k) {
			p[k] = v
		}
	}
}
