package csw_test

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/datenportal/datenportal/harvest/internal/testenv"
)

const responseRoot = `<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:gco="http://www.isotc211.org/2005/gco" ` +
	`xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gmx="http://www.isotc211.org/2005/gmx" xmlns:srv="http://www.isotc211.org/2005/srv" ` +
	`xmlns:gml="http://www.opengis.net/gml" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`

var (
	mdRE        = regexp.MustCompile(`(?s)<gmd:MD_Metadata.*?</gmd:MD_Metadata>`)
	fileIDRE    = regexp.MustCompile(`(?s)fileIdentifier>\s*<gco:CharacterString[^>]*>([^<]+)<`)
	dateStampRE = regexp.MustCompile(`(?s)dateStamp>\s*<gco:(?:Date|DateTime)[^>]*>([^<]+)<`)
	attrRE      = func(name string) *regexp.Regexp { return regexp.MustCompile(name + `="(\d+)"`) }
)

// fakeCSW answers GetRecords (POST, Filter on apiso:Modified and
// apiso:Subject, startPosition paging) and GetRecordById.
type fakeCSW struct {
	mu      sync.Mutex
	records map[string]string // fileIdentifier → MD_Metadata XML
	posts   []string
}

func newFakeCSW(t *testing.T) *fakeCSW {
	f := &fakeCSW{records: map[string]string{}}
	service := mdRE.FindString(string(testenv.Fixture(t, "fisbroker-berlin-getrecordbyid-service-json-license.xml")))
	dataset := mdRE.FindString(string(testenv.Fixture(t, "fisbroker-berlin-md_metadata-dataset.xml")))
	f.put(service)
	f.put(dataset)
	for i := 1; i <= 4; i++ {
		f.put(clone(dataset, fmt.Sprintf("klon-%d", i), fmt.Sprintf("Klon %d", i), "2019-08-21T13:30:00"))
	}
	closed := clone(dataset, "geschlossen", "Geschlossene Daten", "2019-08-21T13:30:00")
	closed = strings.NewReplacer(">opendata<", ">geodaten<", ">open data<", ">geodaten<").Replace(closed)
	f.put(closed)
	return f
}

// clone copies a record under another id, title and dateStamp.
func clone(md, id, title, stamp string) string {
	old := fileIDRE.FindStringSubmatch(md)[1]
	md = strings.ReplaceAll(md, old, id)
	md = dateStampRE.ReplaceAllStringFunc(md, func(s string) string {
		return strings.Replace(s, dateStampRE.FindStringSubmatch(s)[1], stamp, 1)
	})
	return strings.Replace(md, "Kriterien zur Bewertung der Bodenfunktionen 2015 (Umweltatlas)", title, 1)
}

func (f *fakeCSW) put(md string) {
	f.mu.Lock()
	f.records[fileIDRE.FindStringSubmatch(md)[1]] = md
	f.mu.Unlock()
}

func (f *fakeCSW) remove(id string) {
	f.mu.Lock()
	delete(f.records, id)
	f.mu.Unlock()
}

func (f *fakeCSW) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	body := string(b)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.posts = append(f.posts, body)
	w.Header().Set("Content-Type", "application/xml")
	if strings.Contains(body, "GetRecordById") {
		id := regexp.MustCompile(`<csw:Id>([^<]*)</csw:Id>`).FindStringSubmatch(body)[1]
		fmt.Fprintf(w, `%s`, strings.Replace(responseRoot, "GetRecordsResponse", "GetRecordByIdResponse", 1)+f.records[id]+`</csw:GetRecordByIdResponse>`)
		return
	}
	var since string
	if m := regexp.MustCompile(`apiso:Modified</ogc:PropertyName><ogc:Literal>([^<]+)<`).FindStringSubmatch(body); m != nil {
		since = m[1]
	}
	opendata := strings.Contains(body, "apiso:Subject")
	var ids []string
	for id, md := range f.records {
		if since != "" && dateStampRE.FindStringSubmatch(md)[1][:10] < since {
			continue
		}
		if opendata && !strings.Contains(md, ">opendata<") {
			continue
		}
		ids = append(ids, id)
	}
	sort.Strings(ids)
	start, _ := strconv.Atoi(attrRE("startPosition").FindStringSubmatch(body)[1])
	max, _ := strconv.Atoi(attrRE("maxRecords").FindStringSubmatch(body)[1])
	var page []string
	for i := start - 1; i >= 0 && i < len(ids) && i < start-1+max; i++ {
		page = append(page, f.records[ids[i]])
	}
	next := start + len(page)
	if next > len(ids) {
		next = 0
	}
	fmt.Fprintf(w, `%s<csw:SearchStatus timestamp="%s"/><csw:SearchResults numberOfRecordsMatched="%d" numberOfRecordsReturned="%d" nextRecord="%d" elementSet="full">%s</csw:SearchResults></csw:GetRecordsResponse>`,
		responseRoot, time.Now().Format(time.RFC3339), len(ids), len(page), next, strings.Join(page, ""))
}
