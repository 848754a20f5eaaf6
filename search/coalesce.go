package search

import "sync"

// flights coalesce concurrent identical cache misses. After every index
// write the cache is cold, and a busy front page then sends the same
// 90 ms match-all-with-facets request many times at once; on two cores
// running them side by side makes each as slow as all together. One
// request (the leader) runs the query; the others wait for it and take
// its answer from the cache.
type flights struct {
	mu sync.Mutex
	m  map[string]*flight
}

type flight struct {
	done    chan struct{}
	waiters int // for tests
}

// join makes the caller the leader for key (leader is true), or returns
// the channel that closes when the running leader is done.
func (f *flights) join(key string) (done <-chan struct{}, leader bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fl, ok := f.m[key]; ok {
		fl.waiters++
		return fl.done, false
	}
	if f.m == nil {
		f.m = map[string]*flight{}
	}
	f.m[key] = &flight{done: make(chan struct{})}
	return nil, true
}

// leave ends the leader's flight; waiters look in the cache again.
func (f *flights) leave(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	close(f.m[key].done)
	delete(f.m, key)
}

func (f *flights) waiting(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fl, ok := f.m[key]; ok {
		return fl.waiters
	}
	return 0
}
