package harvest

import (
	"crypto/sha256"
	"net/url"
)

// Pager guards a paged listing the way ckanext-harvest, ckanext-dcat and
// udata do, all at once: it refuses a page URL seen before, a page whose
// body equals the previous or the first page, a page whose records were
// all listed before (servers that ignore the page parameter but stamp
// each response), and more pages than allowed. Any of these means the
// listing is not trustworthy, so the caller stops with the error and the
// job withdraws nothing.
type Pager struct {
	max      int
	pages    int
	urls     map[string]bool
	first    [32]byte
	prev     [32]byte
	seenIDs  map[string]bool
	pageNew  int
	pageSeen int
}

// NewPager allows up to maxPages pages.
func NewPager(maxPages int) *Pager {
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	return &Pager{max: maxPages, urls: map[string]bool{}, seenIDs: map[string]bool{}}
}

// Pages is the number of pages accepted so far.
func (p *Pager) Pages() int { return p.pages }

// Next is called before fetching a page URL (a POST listing passes a key
// such as "startPosition=51").
func (p *Pager) Next(pageURL string) error {
	if p.pages >= p.max {
		return Errorf("mehr als %d Seiten (max_pages); Auflistung abgebrochen", "more than %d pages (max_pages); listing stopped", p.max)
	}
	key := pageURL
	if u, err := url.Parse(pageURL); err == nil {
		u.Fragment = ""
		key = u.String()
	}
	if p.urls[key] {
		return Errorf("Seite %s wurde schon gelesen (Blätter-Schleife)", "page %s was read before (paging loop)", shortURL(pageURL))
	}
	p.urls[key] = true
	return nil
}

// Body is called with each page's body after fetching it.
func (p *Pager) Body(body []byte) error {
	h := sha256.Sum256(body)
	if p.pages > 0 && (h == p.prev || h == p.first) {
		return Errorf("Seite %d ist identisch mit einer vorherigen Seite (Blättern funktioniert an der Quelle nicht)",
			"page %d is identical to an earlier page (paging does not work at the source)", p.pages+1)
	}
	if p.pages == 0 {
		p.first = h
	}
	p.prev = h
	p.pages++
	p.pageNew, p.pageSeen = 0, 0
	return nil
}

// Record notes a record id of the current page and reports whether it is
// new (false: listed on an earlier page, drop it).
func (p *Pager) Record(id string) bool {
	if p.seenIDs[id] {
		p.pageSeen++
		return false
	}
	p.seenIDs[id] = true
	p.pageNew++
	return true
}

// EndPage is called after the records of a page: a non-empty page that
// brought nothing new means the source repeats itself.
func (p *Pager) EndPage() error {
	if p.pageNew == 0 && p.pageSeen > 0 {
		return Errorf("Seite %d enthält nur bereits gelistete Einträge (Blätter-Schleife)",
			"page %d lists only records seen before (paging loop)", p.pages)
	}
	return nil
}
