package harvest

import (
	"bytes"
	"encoding/json"
	"io"
)

// MaxJSONDepth bounds the nesting of JSON from sources. Real catalogue
// records nest a handful of levels; 64 leaves room for GeoJSON geometries.
const MaxJSONDepth = 64

// DecodeJSON parses one JSON value into v after checking its nesting
// depth, and refuses trailing data (a truncated or concatenated payload
// must not half-parse). resp, if not nil, is used to recognise HTML
// pages and to name the source in messages.
func DecodeJSON(resp *Response, body []byte, v any) error {
	if resp != nil && resp.LooksLikeHTML() {
		return ErrHTML(resp, "JSON")
	}
	if err := checkJSONDepth(body, MaxJSONDepth); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return Errorf("JSON ist leer oder abgeschnitten", "JSON is empty or truncated")
		}
		return Errorf("ungültiges JSON: %v", "invalid JSON: %v", clip(err.Error(), 200))
	}
	if _, err := dec.Token(); err != io.EOF {
		return Errorf("ungültiges JSON: Daten nach dem Ende des Dokuments", "invalid JSON: data after the end of the document")
	}
	return nil
}

// checkJSONDepth scans b once, tracking brackets outside strings.
func checkJSONDepth(b []byte, max int) error {
	depth, inStr, esc := 0, false, false
	for _, c := range b {
		if inStr {
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
		case '{', '[':
			depth++
			if depth > max {
				return Errorf("JSON ist tiefer als %d Ebenen verschachtelt", "JSON is nested deeper than %d levels", max)
			}
		case '}', ']':
			depth--
		}
	}
	return nil
}
