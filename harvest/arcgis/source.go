package arcgis

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"

	"github.com/datenportal/datenportal/catalog/dcat/graph"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/harvest/dcat"
)

// Feed formats.
const (
	FeedDCATAP = "dcat-ap"
	FeedDCATUS = "dcat-us"
)

type options struct {
	Feed string `json:"feed"`
}

// Source reads one Hub site's feed.
type Source struct {
	url    string
	feed   string
	client *harvest.Client
	opt    harvest.Options
}

// New is the harvest.Factory of ArcGIS Hub sources.
func New(src *harvest.SourceConfig, env *harvest.Env) (harvest.Source, error) {
	var o options
	if len(src.Config) > 0 {
		if err := json.Unmarshal(src.Config, &o); err != nil {
			return nil, harvest.Errorf("ArcGIS-Konfiguration ungültig: %v", "invalid ArcGIS config: %v", err)
		}
	}
	if o.Feed != "" && o.Feed != FeedDCATAP && o.Feed != FeedDCATUS {
		return nil, harvest.Errorf("feed muss %q oder %q sein", "feed must be %q or %q", FeedDCATAP, FeedDCATUS)
	}
	u, err := harvest.CheckURL(src.URL)
	if err != nil {
		return nil, err
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/api/feed/dcat-ap/2.0.1.json"
		if o.Feed == FeedDCATUS {
			u.Path = "/api/feed/dcat-us/1.1.json"
		}
	}
	return &Source{url: u.String(), feed: o.Feed, client: env.Client, opt: env.Options}, nil
}

// Gather reads the feed; it is always complete.
func (s *Source) Gather(ctx context.Context, _ *harvest.GatherRequest, emit func(harvest.Item) error) (bool, error) {
	resp, err := s.client.Get(ctx, s.url, "application/json, application/ld+json", nil)
	if err != nil {
		return false, err
	}
	if resp.LooksLikeHTML() {
		return false, harvest.ErrHTML(resp, "JSON")
	}
	items, err := s.items(resp)
	if err != nil {
		return false, err
	}
	for _, it := range items {
		if err := emit(it); err != nil {
			return false, err
		}
	}
	return true, nil
}

// Fetch is not needed: the feed carries every record.
func (s *Source) Fetch(ctx context.Context, id string) (*harvest.Record, error) {
	return nil, harvest.Errorf("ArcGIS-Feeds liefern Einträge nur vollständig", "ArcGIS feeds deliver records only as a whole")
}

func (s *Source) items(resp *harvest.Response) ([]harvest.Item, error) {
	var probe map[string]json.RawMessage
	if err := harvest.DecodeJSON(resp, resp.Body, &probe); err != nil {
		return nil, err
	}
	feed := s.feed
	if feed == "" {
		switch {
		case probe["dataset"] != nil:
			feed = FeedDCATUS
		case probe["dcat:dataset"] != nil || probe["@graph"] != nil || probe["http://www.w3.org/ns/dcat#dataset"] != nil:
			feed = FeedDCATAP
		default:
			return nil, harvest.Errorf("weder DCAT-US- noch DCAT-AP-Feed (kein dataset)", "neither a DCAT-US nor a DCAT-AP feed (no dataset)")
		}
	}
	if feed == FeedDCATUS {
		var cat struct {
			Dataset []json.RawMessage `json:"dataset"`
		}
		if err := json.Unmarshal(resp.Body, &cat); err != nil {
			return nil, harvest.Errorf("DCAT-US-Feed nicht lesbar: %v", "DCAT-US feed not readable: %v", err)
		}
		out := make([]harvest.Item, 0, len(cat.Dataset))
		for _, raw := range cat.Dataset {
			out = append(out, usItem(raw))
		}
		return out, nil
	}
	g, err := graph.Read(bytes.NewReader(resp.Body), graph.JSONLD, resp.URL, graph.Limits{MaxBytes: s.opt.MaxResponseBytes + 1})
	if err != nil {
		return nil, err
	}
	items, err := dcat.Items(g)
	if err != nil {
		return nil, err
	}
	for i := range items {
		if key := HubKey(items[i].ID); key != "" {
			items[i].ID = key
			if items[i].Record != nil {
				items[i].Record.ID = key
			}
		}
	}
	return items, nil
}

var (
	itemLayerRE = regexp.MustCompile(`(?i)\b([0-9a-f]{32})(?:_(\d+))?\b`)
	queryLayer  = regexp.MustCompile(`(?i)[?&]sublayer=(\d+)`)
)

// HubKey extracts "<itemId>_<layer>" (or "<itemId>") from a Hub dataset
// URL or an arcgis.com item URL ("…/home/item.html?id=…&sublayer=0"); ""
// if there is no item id.
func HubKey(s string) string {
	m := itemLayerRE.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	key := strings.ToLower(m[1])
	if m[2] != "" {
		return key + "_" + m[2]
	}
	if q := queryLayer.FindStringSubmatch(s); q != nil {
		return key + "_" + q[1]
	}
	return key
}
