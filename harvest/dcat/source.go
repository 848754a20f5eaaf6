package dcat

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"path"
	"strings"

	"github.com/datenportal/datenportal/catalog/dcat/graph"
	"github.com/datenportal/datenportal/harvest"
)

const accept = "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, application/n-triples;q=0.7, */*;q=0.1"

type options struct {
	RDFFormat string `json:"rdf_format"`
}

// Source reads one paged DCAT catalogue.
type Source struct {
	url    string
	format graph.Format // 0: detect
	client *harvest.Client
	opt    harvest.Options
}

// New is the harvest.Factory of DCAT sources.
func New(src *harvest.SourceConfig, env *harvest.Env) (harvest.Source, error) {
	var o options
	if len(src.Config) > 0 {
		if err := json.Unmarshal(src.Config, &o); err != nil {
			return nil, harvest.Errorf("DCAT-Konfiguration ungültig: %v", "invalid DCAT config: %v", err)
		}
	}
	u, err := harvest.CheckURL(src.URL)
	if err != nil {
		return nil, err
	}
	s := &Source{url: u.String(), client: env.Client, opt: env.Options}
	if o.RDFFormat != "" {
		f, ok := ParseFormat(o.RDFFormat)
		if !ok {
			return nil, harvest.Errorf("rdf_format %q unbekannt (turtle, rdfxml, jsonld, ntriples)", "unknown rdf_format %q (turtle, rdfxml, jsonld, ntriples)", o.RDFFormat)
		}
		s.format = f
	}
	return s, nil
}

// ParseFormat reads a format name, extension or media type.
func ParseFormat(s string) (graph.Format, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "turtle", "ttl", "n3":
		return graph.Turtle, true
	case "rdfxml", "rdf/xml", "xml", "rdf":
		return graph.RDFXML, true
	case "jsonld", "json-ld":
		return graph.JSONLD, true
	case "ntriples", "n-triples", "nt":
		return graph.NTriples, true
	}
	return graph.FormatByMediaType(s)
}

// Gather walks the pages by their Hydra next links.
func (s *Source) Gather(ctx context.Context, _ *harvest.GatherRequest, emit func(harvest.Item) error) (bool, error) {
	pager := harvest.NewPager(s.opt.MaxPages)
	next := s.url
	for next != "" {
		if err := pager.Next(next); err != nil {
			return false, err
		}
		resp, err := s.client.Get(ctx, next, accept, nil)
		if err != nil {
			return false, err
		}
		if err := pager.Body(resp.Body); err != nil {
			return false, err
		}
		g, err := s.read(resp)
		if err != nil {
			return false, harvest.Wrap(err, "Seite "+next, "page "+next)
		}
		items, err := Items(g)
		if err != nil {
			return false, err
		}
		for _, it := range items {
			if !pager.Record(it.ID) {
				continue
			}
			if err := emit(it); err != nil {
				return false, err
			}
		}
		if err := pager.EndPage(); err != nil {
			return false, err
		}
		next = NextPage(g, resp.URL)
	}
	return true, nil
}

// Fetch is not needed: pages carry every record.
func (s *Source) Fetch(ctx context.Context, id string) (*harvest.Record, error) {
	return nil, harvest.Errorf("DCAT-Quellen liefern Einträge nur seitenweise", "DCAT sources deliver records only by page")
}

// read parses a page in the configured or detected format.
func (s *Source) read(resp *harvest.Response) (*graph.Graph, error) {
	if resp.LooksLikeHTML() {
		return nil, harvest.ErrHTML(resp, "RDF")
	}
	f := s.format
	if f == 0 {
		f = Detect(resp)
	}
	return graph.Read(bytes.NewReader(resp.Body), f, resp.URL, graph.Limits{MaxBytes: s.opt.MaxResponseBytes + 1})
}

// Detect picks the format of a response: Content-Type, else the URL's
// extension, else a look at the first bytes. application/xml and
// text/xml count as RDF/XML (ckanext-dcat refuses them, which breaks
// whole jobs for nothing).
func Detect(resp *harvest.Response) graph.Format {
	if f, ok := graph.FormatByMediaType(resp.ContentType); ok && resp.ContentType != "text/plain" {
		return f
	}
	if u, err := url.Parse(resp.URL); err == nil {
		if f, ok := graph.FormatByExt(path.Ext(u.Path)); ok {
			return f
		}
	}
	head := bytes.TrimLeft(bytes.TrimPrefix(resp.Body, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("<")):
		return graph.RDFXML
	case bytes.HasPrefix(head, []byte("{")), bytes.HasPrefix(head, []byte("[")):
		return graph.JSONLD
	}
	return graph.Turtle
}
