package search

import (
	"container/list"
	"sync"
)

// lru is a least-recently-used map bounded by entry count and by an
// approximate byte size, safe for concurrent use. It backs the query
// result cache and the page cursors; both hold small values that are
// cheap to recompute, so one mutex is enough — a lookup is a map access
// and a list move, far below the cost of the search it saves.
type lru[V any] struct {
	maxEntries int
	maxBytes   int64
	size       func(key string, v V) int64

	mu    sync.Mutex
	bytes int64
	order list.List // front = most recently used; values *lruEntry[V]
	byKey map[string]*list.Element
}

type lruEntry[V any] struct {
	key  string
	val  V
	size int64
}

func newLRU[V any](maxEntries int, maxBytes int64, size func(string, V) int64) *lru[V] {
	return &lru[V]{maxEntries: maxEntries, maxBytes: maxBytes, size: size, byKey: map[string]*list.Element{}}
}

func (c *lru[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*lruEntry[V]).val, true
}

// put stores v, evicting the least recently used entries until both
// bounds hold. A value larger than the whole byte budget is not stored.
func (c *lru[V]) put(key string, v V) {
	n := c.size(key, v)
	if n > c.maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.removeLocked(el)
	}
	c.byKey[key] = c.order.PushFront(&lruEntry[V]{key: key, val: v, size: n})
	c.bytes += n
	for c.order.Len() > c.maxEntries || c.bytes > c.maxBytes {
		c.removeLocked(c.order.Back())
	}
}

func (c *lru[V]) removeLocked(el *list.Element) {
	e := c.order.Remove(el).(*lruEntry[V])
	delete(c.byKey, e.key)
	c.bytes -= e.size
}

// purge drops everything; entries of a replaced generation are
// unreachable anyway (their keys name it), this returns their memory.
func (c *lru[V]) purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	clear(c.byKey)
	c.bytes = 0
}

func (c *lru[V]) stats() (entries int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len(), c.bytes
}
