package csw

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/datenportal/datenportal/harvest"
)

type options struct {
	OpendataOnly *bool `json:"opendata_only"`
	ServerFilter *bool `json:"server_filter"`
	PageSize     int   `json:"page_size"`
	Sort         *bool `json:"sort"`
}

// Source reads one CSW endpoint.
type Source struct {
	url          string
	client       *harvest.Client
	maxPages     int
	pageSize     int
	opendataOnly bool
	serverFilter bool
	sort         bool
}

// New is the harvest.Factory of CSW sources.
func New(src *harvest.SourceConfig, env *harvest.Env) (harvest.Source, error) {
	var o options
	if len(src.Config) > 0 {
		if err := json.Unmarshal(src.Config, &o); err != nil {
			return nil, harvest.Errorf("CSW-Konfiguration ungültig: %v", "invalid CSW config: %v", err)
		}
	}
	u, err := harvest.CheckURL(src.URL)
	if err != nil {
		return nil, err
	}
	s := &Source{url: u.String(), client: env.Client, maxPages: env.Options.MaxPages, pageSize: 50,
		opendataOnly: true, serverFilter: true, sort: true}
	if o.PageSize != 0 {
		if o.PageSize < 1 || o.PageSize > 500 {
			return nil, harvest.Errorf("page_size muss zwischen 1 und 500 liegen", "page_size must be between 1 and 500")
		}
		s.pageSize = o.PageSize
	}
	for dst, v := range map[*bool]*bool{&s.opendataOnly: o.OpendataOnly, &s.serverFilter: o.ServerFilter, &s.sort: o.Sort} {
		if v != nil {
			*dst = *v
		}
	}
	return s, nil
}

// Gather lists records: all (matching the opendata filter), or those
// modified since req.Since plus the remaining identifiers.
func (s *Source) Gather(ctx context.Context, req *harvest.GatherRequest, emit func(harvest.Item) error) (bool, error) {
	q := query{elementSet: "full", opendata: s.opendataOnly && s.serverFilter, since: req.Since, sort: s.sort}
	emitted := map[string]bool{}
	err := s.list(ctx, q, func(md *harvest.Node) (string, error) {
		rec, err := s.mapRecord(md)
		if err != nil {
			m := harvest.MessageOf(err)
			id := fileIdentifier(md)
			if id == "" {
				return "", nil
			}
			emitted[id] = true
			return id, emit(harvest.Item{ID: id, Err: &m})
		}
		emitted[rec.ID] = true
		return rec.ID, emit(harvest.Item{ID: rec.ID, Record: rec})
	})
	if err != nil || req.Since.IsZero() {
		return err == nil, err
	}
	q.elementSet, q.since = "brief", zeroTime
	err = s.list(ctx, q, func(md *harvest.Node) (string, error) {
		id := fileIdentifier(md)
		if id == "" || emitted[id] {
			return id, nil
		}
		emitted[id] = true
		if req.Known != nil && req.Known(id) {
			return id, emit(harvest.Item{ID: id, Unchanged: true})
		}
		return id, emit(harvest.Item{ID: id})
	})
	return err == nil, err
}

// list pages through GetRecords. It stops by udata's rules — nextRecord
// 0, beyond the matches or not after the current start, or an empty page
// — and then insists that as many records arrived as the server matched,
// so that a server stopping early cannot pass for a complete listing.
func (s *Source) list(ctx context.Context, q query, fn func(md *harvest.Node) (string, error)) error {
	pager := harvest.NewPager(s.maxPages)
	start, got := 1, 0
	for {
		body := getRecords(q, start, s.pageSize)
		// The pager keys pages by URL; a POST listing has one URL, so the
		// page's parameters become a pseudo query.
		sep := "?"
		if strings.Contains(s.url, "?") {
			sep = "&"
		}
		if err := pager.Next(s.url + sep + "elementSetName=" + q.elementSet + "&startPosition=" + strconv.Itoa(start)); err != nil {
			return err
		}
		resp, err := s.client.Post(ctx, s.url, "application/xml, text/xml", "application/xml", body, nil)
		if err != nil {
			return err
		}
		if err := pager.Body(resp.Body); err != nil {
			return err
		}
		res, err := parseResults(resp)
		if err != nil {
			return harvest.Wrap(err, "GetRecords ab "+strconv.Itoa(start), "GetRecords from "+strconv.Itoa(start))
		}
		got += len(res.records)
		for _, md := range res.records {
			id, err := fn(md)
			if err != nil {
				return err
			}
			if id != "" {
				pager.Record(id)
			}
		}
		if err := pager.EndPage(); err != nil {
			return err
		}
		if len(res.records) == 0 || res.next == 0 || res.next > res.matched || res.next <= start {
			if got < res.matched {
				return harvest.Errorf("Katalog meldet %d Treffer, lieferte aber nur %d (Blättern abgebrochen bei %d)",
					"catalogue reports %d matches but delivered only %d (paging stopped at %d)", res.matched, got, start)
			}
			return nil
		}
		start = res.next
	}
}

// Fetch reads one record with GetRecordById.
func (s *Source) Fetch(ctx context.Context, id string) (*harvest.Record, error) {
	resp, err := s.client.Post(ctx, s.url, "application/xml, text/xml", "application/xml", getRecordByID(id), nil)
	if err != nil {
		return nil, err
	}
	md, err := parseRecordByID(resp)
	if err != nil {
		return nil, err
	}
	return s.mapRecord(md)
}
