package search

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/searcher"

	"github.com/datenportal/datenportal/catalog"
)

// Options tune an Index. The zero value is what the server uses.
type Options struct {
	// Synonyms replaces the synonym list (one group per line). Empty means
	// <dir>/synonyms_de.txt if present, else the built-in list.
	Synonyms string
	// Now is the clock for NOW in date queries; tests pin it.
	Now func() time.Time
	// NoResultCache turns the query result cache off (resultcache.go), so
	// that every Search runs the query, as the benchmark's cold runs need.
	NoResultCache bool
	// ResultCacheEntries and ResultCacheBytes bound it; zero means
	// DefaultResultCacheEntries and DefaultResultCacheBytes.
	ResultCacheEntries int
	ResultCacheBytes   int64
	// NoPageCursors turns off continuing sequential pages with
	// SearchAfter (pagecursor.go).
	NoPageCursors bool
	// BleveCollector makes every search use Bleve's own collector instead
	// of the lazy one (collect_lazy.go), for comparisons.
	BleveCollector bool
}

// Index is the search index: one live Bleve index (a "generation") that
// can be replaced by a rebuilt one while searches continue.
//
// On disk, dir holds CURRENT (the name of the live generation) and one
// directory per generation (gen-000001, …). A rebuild writes a new
// generation beside the live one and then flips CURRENT, so a crash at any
// point leaves one complete index.
type Index struct {
	dir string // "" = in memory
	m   *mapping.IndexMappingImpl
	tr  translator
	now func() time.Time

	mu     sync.RWMutex
	cur    *handle
	closed bool

	lazy       bool                        // score-first orders read later keys only for contenders
	cache      *lru[*catalog.SearchResult] // nil = off
	cursors    *lru[[]string]              // nil = off
	flights    flights
	cacheHits  atomic.Int64 // for tests
	cursorHits atomic.Int64 // for tests
	// beforeExecute, if set, runs before every query execution (tests).
	beforeExecute func()
}

// handle is one open generation; refs counts searches in flight so that a
// replaced generation is closed only after its last search.
type handle struct {
	idx  bleve.Index
	gen  string // generation directory name; "" in memory
	refs sync.WaitGroup
	// serial tells generations apart (in memory they have no name);
	// writes counts batches applied. Cache keys carry both, so that a
	// swap or any write — including the re-indexing of a renamed
	// organisation, which applies no new change sequence — makes older
	// cached answers unreachable.
	serial uint64
	writes atomic.Uint64
}

var handleSerial atomic.Uint64

func newHandle(idx bleve.Index, gen string) *handle {
	return &handle{idx: idx, gen: gen, serial: handleSerial.Add(1)}
}

// batch applies b. The write count moves only after Bleve has made the
// batch visible to searches, so a search keyed with the new count never
// runs on the old documents.
func (h *handle) batch(b *bleve.Batch) error {
	err := h.idx.Batch(b)
	h.writes.Add(1)
	return err
}

// Internal keys stored inside each generation, written with the batches
// they describe so that they can never disagree with the documents.
var (
	keySeq     = []byte("dp:seq")
	keyMapping = []byte("dp:mapping")
)

const currentFile = "CURRENT"

// maxTermExpansion bounds how many index terms one wildcard, fuzzy or
// range clause may expand to; beyond it the query fails instead of
// building a searcher per term.
const maxTermExpansion = 10000

var limitOnce sync.Once

func newIndex(dir string, opts Options) (*Index, error) {
	limitOnce.Do(func() {
		// Bleve's default is unlimited. This is process-wide, which is
		// fine: Datenportal is the only Bleve user in the process.
		if searcher.DisjunctionMaxClauseCount == 0 {
			searcher.DisjunctionMaxClauseCount = maxTermExpansion
		}
	})
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	ix := &Index{dir: dir, m: m, now: opts.Now}
	if ix.now == nil {
		ix.now = time.Now
	}
	ix.tr.de, ix.tr.fold = m.AnalyzerNamed(anDE), m.AnalyzerNamed(anFold)
	if ix.tr.de == nil || ix.tr.fold == nil {
		return nil, errors.New("search: analyzers missing")
	}
	if opts.Synonyms != "" {
		ix.tr.syn, err = parseSynonyms(strings.NewReader(opts.Synonyms), ix.tr.de)
	} else {
		ix.tr.syn, err = loadSynonyms(dir, ix.tr.de)
	}
	if err != nil {
		return nil, fmt.Errorf("search: synonyms: %w", err)
	}
	if !opts.NoResultCache {
		entries, bytes := opts.ResultCacheEntries, opts.ResultCacheBytes
		if entries <= 0 {
			entries = DefaultResultCacheEntries
		}
		if bytes <= 0 {
			bytes = DefaultResultCacheBytes
		}
		ix.cache = newLRU(entries, bytes, resultSize)
	}
	if !opts.NoPageCursors {
		ix.cursors = newLRU(cursorEntries, cursorBytes, cursorSize)
	}
	ix.lazy = !opts.BleveCollector
	return ix, nil
}

// NewMemOnly returns an empty index held in memory, for tests.
func NewMemOnly(opts ...Options) (*Index, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	ix, err := newIndex("", o)
	if err != nil {
		return nil, err
	}
	h, err := ix.newGeneration()
	if err != nil {
		return nil, err
	}
	ix.cur = h
	return ix, nil
}

// Open opens or creates the index in dir (e.g. <data-dir>/index).
func Open(dir string, opts Options) (*Index, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	ix, err := newIndex(dir, opts)
	if err != nil {
		return nil, err
	}
	gen, err := readCurrent(dir)
	if err != nil {
		return nil, err
	}
	var h *handle
	if gen != "" {
		h, err = ix.openGeneration(gen)
	} else {
		h, err = ix.newGeneration()
		if err == nil {
			err = writeCurrent(dir, h.gen)
		}
	}
	if err != nil {
		return nil, err
	}
	ix.cur = h
	ix.removeOldGenerations(h.gen)
	return ix, nil
}

// Close closes the live generation; later searches fail.
func (ix *Index) Close() error {
	ix.mu.Lock()
	h := ix.cur
	ix.closed, ix.cur = true, nil
	ix.mu.Unlock()
	if h == nil {
		return nil
	}
	h.refs.Wait()
	var err error
	if h.gen != "" {
		// Batches are not fsynced one by one (see scorchConfig); persist
		// what is applied so that a clean restart need not replay it.
		var seq int64
		if seq, err = h.seq(); err == nil {
			err = persist(h, seq)
		}
	}
	if cerr := h.idx.Close(); err == nil {
		err = cerr
	}
	return err
}

// acquire pins the live generation for one search.
func (ix *Index) acquire() (*handle, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed || ix.cur == nil {
		return nil, catalog.Unavailable("Search index", errors.New("index closed"))
	}
	ix.cur.refs.Add(1)
	return ix.cur, nil
}

func (h *handle) release() { h.refs.Done() }

func (ix *Index) purgeCaches() {
	if ix.cache != nil {
		ix.cache.purge()
	}
	if ix.cursors != nil {
		ix.cursors.purge()
	}
}

// install makes h the live generation; the old one is closed once its
// searches are done and, on disk, removed.
func (ix *Index) install(h *handle) error {
	if ix.dir != "" {
		if err := writeCurrent(ix.dir, h.gen); err != nil {
			return err
		}
	}
	ix.mu.Lock()
	if ix.closed {
		ix.mu.Unlock()
		return h.idx.Close()
	}
	old := ix.cur
	ix.cur = h
	ix.mu.Unlock()
	// Old entries are unreachable already (keys name the generation);
	// dropping them frees their memory now.
	ix.purgeCaches()
	old.refs.Wait()
	err := old.idx.Close()
	if ix.dir != "" && old.gen != "" && old.gen != h.gen {
		if rerr := os.RemoveAll(filepath.Join(ix.dir, old.gen)); err == nil {
			err = rerr
		}
	}
	return err
}

// newGeneration creates an empty index: in memory, or in the next
// gen-NNNNNN directory.
func (ix *Index) newGeneration() (*handle, error) {
	if ix.dir == "" {
		// scorch without a path keeps its segments in memory; it is several
		// times faster than bleve.NewMemOnly's upsidedown/gtreap store.
		idx, err := bleve.NewUsing("", ix.m, scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		return newHandle(idx, ""), idx.SetInternal(keyMapping, []byte(mappingVersion))
	}
	gens, err := generations(ix.dir)
	if err != nil {
		return nil, err
	}
	n := 1
	if len(gens) > 0 {
		n = gens[len(gens)-1] + 1
	}
	name := fmt.Sprintf("gen-%06d", n)
	idx, err := bleve.NewUsing(filepath.Join(ix.dir, name), ix.m, scorch.Name, scorch.Name, scorchConfig())
	if err != nil {
		return nil, fmt.Errorf("search: create %s: %w", name, err)
	}
	if err := idx.SetInternal(keyMapping, []byte(mappingVersion)); err != nil {
		idx.Close()
		return nil, err
	}
	return newHandle(idx, name), nil
}

func (ix *Index) openGeneration(gen string) (*handle, error) {
	idx, err := bleve.OpenUsing(filepath.Join(ix.dir, gen), scorchConfig())
	if err != nil {
		return nil, fmt.Errorf("search: open %s: %w", gen, err)
	}
	return newHandle(idx, gen), nil
}

// discard closes and deletes a generation that never went live.
func (ix *Index) discard(h *handle) {
	h.idx.Close()
	if ix.dir != "" && h.gen != "" {
		os.RemoveAll(filepath.Join(ix.dir, h.gen))
	}
}

// removeOldGenerations deletes generations older than the live one: left
// behind by a crash or by `datenportal reindex` while no server ran. Newer
// ones may be a rebuild in progress in another process and are kept.
func (ix *Index) removeOldGenerations(live string) {
	gens, err := generations(ix.dir)
	if err != nil {
		return
	}
	liveN, _ := genNumber(live)
	for _, n := range gens {
		if n < liveN {
			os.RemoveAll(filepath.Join(ix.dir, fmt.Sprintf("gen-%06d", n)))
		}
	}
}

func generations(dir string) ([]int, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	var out []int
	for _, e := range ents {
		if n, ok := genNumber(e.Name()); ok && e.IsDir() {
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out, nil
}

func genNumber(name string) (int, bool) {
	s, ok := strings.CutPrefix(name, "gen-")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0
}

func readCurrent(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("search: %w", err)
	}
	gen := strings.TrimSpace(string(b))
	if _, ok := genNumber(gen); !ok {
		return "", fmt.Errorf("search: %s names no generation: %q", currentFile, trimForError(gen))
	}
	return gen, nil
}

// writeCurrent replaces CURRENT atomically (write aside, fsync, rename).
func writeCurrent(dir, gen string) error {
	tmp := filepath.Join(dir, currentFile+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	_, err = f.WriteString(gen + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, currentFile))
	}
	if err != nil {
		return fmt.Errorf("search: write %s: %w", currentFile, err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Seq is the last change-log sequence applied to the live index.
func (ix *Index) Seq() (int64, error) {
	h, err := ix.acquire()
	if err != nil {
		return 0, err
	}
	defer h.release()
	return h.seq()
}

func (h *handle) seq() (int64, error) {
	b, err := h.idx.GetInternal(keySeq)
	if err != nil || len(b) == 0 {
		return 0, err
	}
	return strconv.ParseInt(string(b), 10, 64)
}

// stale reports whether the generation was built with another mapping.
func (h *handle) stale() bool {
	b, err := h.idx.GetInternal(keyMapping)
	return err != nil || string(b) != mappingVersion
}

// DocCount is the number of indexed datasets (any state).
func (ix *Index) DocCount() (uint64, error) {
	h, err := ix.acquire()
	if err != nil {
		return 0, err
	}
	defer h.release()
	return h.idx.DocCount()
}

// scorchConfig lets batches return before they are fsynced. That is safe
// here: the last applied sequence is written in the same batch as the
// documents, so whatever prefix of batches survives a crash is consistent,
// and the change log replays the rest.
func scorchConfig() map[string]interface{} {
	return map[string]interface{}{"unsafe_batch": true}
}
