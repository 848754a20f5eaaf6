package ckan

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/harvest"
)

// options are the CKAN-specific config keys.
type options struct {
	FQ     string `json:"fq"`
	Rows   int    `json:"rows"`
	APIKey string `json:"api_key"`
}

// idRows is the page size of the id-only listing (ckan.search.rows_max
// defaults to 1000).
const idRows = 1000

// Source reads one CKAN portal.
type Source struct {
	base   string // site URL without trailing slash
	opt    options
	client *harvest.Client
	pages  int
}

// New is the harvest.Factory of CKAN sources.
func New(src *harvest.SourceConfig, env *harvest.Env) (harvest.Source, error) {
	var o options
	if len(src.Config) > 0 {
		if err := json.Unmarshal(src.Config, &o); err != nil {
			return nil, harvest.Errorf("CKAN-Konfiguration ungültig: %v", "invalid CKAN config: %v", err)
		}
	}
	if o.Rows == 0 {
		o.Rows = 100
	}
	if o.Rows < 1 || o.Rows > 1000 {
		return nil, harvest.Errorf("rows muss zwischen 1 und 1000 liegen", "rows must be between 1 and 1000")
	}
	u, err := harvest.CheckURL(src.URL)
	if err != nil {
		return nil, err
	}
	base := strings.TrimRight(u.String(), "/")
	for _, suffix := range []string{"/api/3/action/package_search", "/api/action/package_search", "/api/3/action", "/api/action", "/api/3", "/api"} {
		base = strings.TrimSuffix(base, suffix)
	}
	return &Source{base: base, opt: o, client: env.Client, pages: env.Options.MaxPages}, nil
}

func (s *Source) header() http.Header {
	if s.opt.APIKey == "" {
		return nil
	}
	return http.Header{"Authorization": {s.opt.APIKey}}
}

// action calls an action with GET and returns its result.
func (s *Source) action(ctx context.Context, name string, q url.Values) (*harvest.Response, json.RawMessage, error) {
	u := s.base + "/api/3/action/" + name + "?" + q.Encode()
	resp, err := s.client.Get(ctx, u, "application/json", s.header())
	if err != nil {
		return nil, nil, err
	}
	var env struct {
		Success *bool           `json:"success"`
		Result  json.RawMessage `json:"result"`
		Error   json.RawMessage `json:"error"`
	}
	if err := harvest.DecodeJSON(resp, resp.Body, &env); err != nil {
		return resp, nil, harvest.Wrap(err, name+" von "+s.base, name+" from "+s.base)
	}
	if env.Success == nil || !*env.Success || len(env.Result) == 0 {
		msg := strings.TrimSpace(string(env.Error))
		if len(msg) > 300 {
			msg = msg[:300]
		}
		return resp, nil, harvest.Errorf("%s von %s meldet keinen Erfolg: %s", "%s from %s did not succeed: %s", name, s.base, msg)
	}
	return resp, env.Result, nil
}

type searchResult struct {
	Count   *int              `json:"count"`
	Results []json.RawMessage `json:"results"`
}

// search walks package_search pages, calling fn with each page's results.
// start advances by what arrived (as ckanapi does), not by rows: a portal
// whose ckan.search.rows_max is below rows sends fewer, and stepping by
// rows would skip the rest. An empty page ends the listing; if fewer
// records arrived than the portal counts, the listing is incomplete.
func (s *Source) search(ctx context.Context, pager *harvest.Pager, q url.Values, rows int, fn func(raw json.RawMessage) (string, error)) error {
	for start := 0; ; {
		q.Set("start", strconv.Itoa(start))
		q.Set("rows", strconv.Itoa(rows))
		if err := pager.Next(s.base + "/package_search?" + q.Encode()); err != nil {
			return err
		}
		resp, result, err := s.action(ctx, "package_search", q)
		if err != nil {
			return err
		}
		if err := pager.Body(resp.Body); err != nil {
			return err
		}
		var page searchResult
		if err := harvest.DecodeJSON(nil, result, &page); err != nil || page.Count == nil {
			return harvest.Errorf("package_search von %s: Antwort ohne count/results", "package_search from %s: response without count/results", s.base)
		}
		if len(page.Results) == 0 {
			if start < *page.Count {
				return harvest.Errorf("package_search von %s meldet %d Pakete, lieferte aber %d", "package_search from %s reports %d packages but delivered %d", s.base, *page.Count, start)
			}
			return nil
		}
		for _, raw := range page.Results {
			id, err := fn(raw)
			if err != nil {
				return err
			}
			pager.Record(id)
		}
		if err := pager.EndPage(); err != nil {
			return err
		}
		start += len(page.Results)
		if start >= *page.Count {
			return nil
		}
	}
}

func (s *Source) query(fq string) url.Values {
	q := url.Values{"q": {"*:*"}, "sort": {"id asc"}}
	var parts []string
	for _, f := range []string{s.opt.FQ, fq} {
		if strings.TrimSpace(f) != "" {
			parts = append(parts, f)
		}
	}
	if len(parts) > 0 {
		q.Set("fq", strings.Join(parts, " "))
	}
	return q
}

// Gather lists packages: all of them, or (incremental) those modified
// since req.Since plus an id listing that covers the rest.
func (s *Source) Gather(ctx context.Context, req *harvest.GatherRequest, emit func(harvest.Item) error) (bool, error) {
	emitted := map[string]bool{}
	withContent := func(raw json.RawMessage) (string, error) {
		it := s.item(raw)
		if it.ID == "" || emitted[it.ID] {
			return it.ID, nil
		}
		emitted[it.ID] = true
		return it.ID, emit(it)
	}
	var fq string
	if !req.Since.IsZero() {
		fq = "metadata_modified:[" + req.Since.UTC().Format("2006-01-02T15:04:05Z") + " TO *]"
	}
	if err := s.search(ctx, harvest.NewPager(s.pages), s.query(fq), s.opt.Rows, withContent); err != nil {
		return false, err
	}
	if req.Since.IsZero() {
		return true, nil
	}
	// Incremental: every other package, by id only.
	q := s.query("")
	q.Set("fl", "id,metadata_modified")
	err := s.search(ctx, harvest.NewPager(s.pages), q, idRows, func(raw json.RawMessage) (string, error) {
		var p struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(raw, &p); err != nil || p.ID == "" || emitted[p.ID] {
			return p.ID, nil
		}
		emitted[p.ID] = true
		if req.Known != nil && req.Known(p.ID) {
			return p.ID, emit(harvest.Item{ID: p.ID, Unchanged: true})
		}
		return p.ID, emit(harvest.Item{ID: p.ID}) // unknown here: fetched with package_show
	})
	return err == nil, err
}

// item maps one package dict of a listing.
func (s *Source) item(raw json.RawMessage) harvest.Item {
	var p map[string]any
	if err := json.Unmarshal(raw, &p); err != nil {
		return harvest.Item{}
	}
	id := str(p["id"])
	rec, err := s.mapPackage(p)
	if err != nil {
		m := harvest.MessageOf(err)
		return harvest.Item{ID: id, Err: &m}
	}
	return harvest.Item{ID: id, Record: rec}
}

// Fetch reads one package with package_show.
func (s *Source) Fetch(ctx context.Context, id string) (*harvest.Record, error) {
	_, result, err := s.action(ctx, "package_show", url.Values{"id": {id}})
	if err != nil {
		return nil, err
	}
	var p map[string]any
	if err := harvest.DecodeJSON(nil, result, &p); err != nil {
		return nil, err
	}
	return s.mapPackage(p)
}
