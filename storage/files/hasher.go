package files

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"sync"
)

// asyncHash computes SHA-256 on its own goroutine. The upload path is
// otherwise strictly sequential (read a part, then send it), so hashing
// inline adds its whole cost to every upload; on a second core it overlaps
// with the storage client's signing and sending. Bytes are copied into
// double buffers, because an io.Reader's caller may reuse p as soon as Read
// returns. Close must be called (Put defers it) or the goroutine leaks.
type asyncHash struct {
	h    hash.Hash
	jobs chan *[]byte
	free chan *[]byte
	done chan struct{}
	cur  *[]byte
	once sync.Once
	sum  string
}

func newAsyncHash() *asyncHash {
	a := &asyncHash{h: sha256.New(), jobs: make(chan *[]byte, 1), free: make(chan *[]byte, 2), done: make(chan struct{})}
	for range 2 {
		b := copyBufs.Get().(*[]byte)
		*b = (*b)[:0]
		a.free <- b
	}
	go a.run()
	return a
}

func (a *asyncHash) run() {
	defer close(a.done)
	for b := range a.jobs {
		a.h.Write(*b)
		*b = (*b)[:0]
		a.free <- b
	}
}

func (a *asyncHash) Write(p []byte) {
	for len(p) > 0 {
		if a.cur == nil {
			a.cur = <-a.free
		}
		b := *a.cur
		n := copy(b[len(b):cap(b)], p)
		*a.cur = b[:len(b)+n]
		p = p[n:]
		if len(*a.cur) == cap(*a.cur) {
			a.jobs <- a.cur
			a.cur = nil
		}
	}
}

// Sum finishes the hash and returns it as lower-case hex; it closes a.
func (a *asyncHash) Sum() string {
	a.Close()
	return a.sum
}

// Close stops the goroutine and returns the buffers; safe to call twice.
func (a *asyncHash) Close() {
	a.once.Do(func() {
		if a.cur != nil && len(*a.cur) > 0 {
			a.jobs <- a.cur
			a.cur = nil
		}
		close(a.jobs)
		<-a.done
		a.sum = hex.EncodeToString(a.h.Sum(nil))
		if a.cur != nil {
			a.free <- a.cur
		}
		for range 2 {
			b := <-a.free
			*b = (*b)[:cap(*b)]
			copyBufs.Put(b)
		}
	})
}
