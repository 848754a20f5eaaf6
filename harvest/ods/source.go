package ods

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/harvest"
)

// maxWindow is the Explore API's paging limit: offset + limit ≤ 10,000.
const (
	maxWindow = 10_000
	pageSize  = 100
)

type options struct {
	Where  string `json:"where"`
	Lang   string `json:"lang"`
	APIKey string `json:"api_key"`
}

// Source reads one ODS domain.
type Source struct {
	site   string // https://domain
	api    string // site + /api/explore/v2.1
	host   string
	opt    options
	client *harvest.Client
	pages  int
}

// New is the harvest.Factory of ODS sources.
func New(src *harvest.SourceConfig, env *harvest.Env) (harvest.Source, error) {
	var o options
	if len(src.Config) > 0 {
		if err := json.Unmarshal(src.Config, &o); err != nil {
			return nil, harvest.Errorf("ODS-Konfiguration ungültig: %v", "invalid ODS config: %v", err)
		}
	}
	u, err := harvest.CheckURL(src.URL)
	if err != nil {
		return nil, err
	}
	site := u.Scheme + "://" + u.Host
	return &Source{site: site, api: site + "/api/explore/v2.1", host: u.Hostname(), opt: o, client: env.Client, pages: env.Options.MaxPages}, nil
}

func (s *Source) header() http.Header {
	if s.opt.APIKey == "" {
		return nil
	}
	return http.Header{"Authorization": {"Apikey " + s.opt.APIKey}}
}

func (s *Source) where(extra string) string {
	var parts []string
	for _, w := range []string{s.opt.Where, extra} {
		if strings.TrimSpace(w) != "" {
			parts = append(parts, "("+w+")")
		}
	}
	return strings.Join(parts, " AND ")
}

func (s *Source) params(where string) url.Values {
	q := url.Values{"order_by": {"dataset_id"}}
	if where != "" {
		q.Set("where", where)
	}
	if s.opt.Lang != "" {
		q.Set("lang", s.opt.Lang)
	}
	return q
}

func (s *Source) get(ctx context.Context, path string, q url.Values, v any) (*harvest.Response, error) {
	resp, err := s.client.Get(ctx, s.api+path+"?"+q.Encode(), "application/json", s.header())
	if err != nil {
		return nil, err
	}
	if err := harvest.DecodeJSON(resp, resp.Body, v); err != nil {
		return nil, harvest.Wrap(err, path, path)
	}
	return resp, nil
}

// Gather lists the catalogue (or the changes since req.Since and every id).
func (s *Source) Gather(ctx context.Context, req *harvest.GatherRequest, emit func(harvest.Item) error) (bool, error) {
	var since string
	if !req.Since.IsZero() {
		since = "metadata_processed >= date'" + req.Since.UTC().Format("2006-01-02") + "'"
	}
	emitted := map[string]bool{}
	err := s.list(ctx, s.where(since), func(raw json.RawMessage) (string, error) {
		it := s.item(raw)
		if it.ID == "" || emitted[it.ID] {
			return it.ID, nil
		}
		emitted[it.ID] = true
		return it.ID, emit(it)
	})
	if err != nil || since == "" {
		return err == nil, err
	}
	q := s.params(s.where(""))
	q.Set("select", "dataset_uid,dataset_id")
	var ids []struct {
		UID string `json:"dataset_uid"`
		ID  string `json:"dataset_id"`
	}
	if _, err := s.get(ctx, "/catalog/exports/json", q, &ids); err != nil {
		return false, err
	}
	for _, x := range ids {
		id := firstOf(x.UID, x.ID)
		if id == "" || emitted[id] {
			continue
		}
		emitted[id] = true
		it := harvest.Item{ID: id, Unchanged: req.Known != nil && req.Known(id)}
		if err := emit(it); err != nil {
			return false, err
		}
	}
	return true, nil
}

// list walks /catalog/datasets, or the export when the catalogue is
// larger than the offset window.
func (s *Source) list(ctx context.Context, where string, fn func(json.RawMessage) (string, error)) error {
	pager := harvest.NewPager(s.pages)
	got := 0
	for offset := 0; ; offset += pageSize {
		q := s.params(where)
		q.Set("limit", strconv.Itoa(pageSize))
		q.Set("offset", strconv.Itoa(offset))
		u := s.api + "/catalog/datasets?" + q.Encode()
		if err := pager.Next(u); err != nil {
			return err
		}
		var page struct {
			Total   *int              `json:"total_count"`
			Results []json.RawMessage `json:"results"`
		}
		resp, err := s.get(ctx, "/catalog/datasets", q, &page)
		if err != nil {
			return err
		}
		if page.Total == nil {
			return harvest.Errorf("/catalog/datasets ohne total_count", "/catalog/datasets without total_count")
		}
		if offset == 0 && *page.Total > maxWindow {
			return s.export(ctx, where, fn)
		}
		if err := pager.Body(resp.Body); err != nil {
			return err
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
		got += len(page.Results)
		if len(page.Results) == 0 || offset+pageSize >= *page.Total {
			if got < *page.Total {
				return harvest.Errorf("Portal meldet %d Datensätze, lieferte aber %d", "portal reports %d datasets but delivered %d", *page.Total, got)
			}
			return nil
		}
		if offset+2*pageSize > maxWindow {
			return harvest.Errorf("Katalog wuchs während des Blätterns über %d Einträge", "catalogue grew beyond %d records while paging", maxWindow)
		}
	}
}

// export reads the whole catalogue in one response (no paging limit).
func (s *Source) export(ctx context.Context, where string, fn func(json.RawMessage) (string, error)) error {
	var all []json.RawMessage
	if _, err := s.get(ctx, "/catalog/exports/json", s.params(where), &all); err != nil {
		return err
	}
	for _, raw := range all {
		if _, err := fn(raw); err != nil {
			return err
		}
	}
	return nil
}

func (s *Source) item(raw json.RawMessage) harvest.Item {
	var d dataset
	if err := json.Unmarshal(raw, &d); err != nil {
		return harvest.Item{}
	}
	rec, err := s.mapDataset(&d)
	id := firstOf(d.UID, d.ID)
	if err != nil {
		m := harvest.MessageOf(err)
		return harvest.Item{ID: id, Err: &m}
	}
	return harvest.Item{ID: id, Record: rec}
}

// Fetch reads one dataset by its uid.
func (s *Source) Fetch(ctx context.Context, id string) (*harvest.Record, error) {
	q := s.params("dataset_uid='" + strings.ReplaceAll(id, "'", "''") + "'")
	q.Set("limit", "1")
	var page struct {
		Results []dataset `json:"results"`
	}
	if _, err := s.get(ctx, "/catalog/datasets", q, &page); err != nil {
		return nil, err
	}
	if len(page.Results) == 0 {
		return nil, harvest.Errorf("Datensatz %s nicht (mehr) im Portal", "dataset %s not (any longer) in the portal", id)
	}
	return s.mapDataset(&page.Results[0])
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
