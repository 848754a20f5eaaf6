package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// notifyChannel is the LISTEN/NOTIFY channel every change is announced
// on. The payload is the writer's schema, so stores on other schemas of
// the same database (tests, or several portals) ignore each other.
const notifyChannel = "datenportal_changes"

// Subscribe returns a channel that receives a value soon after any
// instance commits a dataset change in this store's schema. Wake-ups are
// coalesced (the channel holds one) and carry no data: the receiver reads
// Changes from where it is. It is meant for the search indexer:
//
//	go func() {
//		for range store.Subscribe(ctx) {
//			indexer.Notify()
//		}
//	}()
//
// The listener holds one connection of its own, outside the pool. If that
// connection breaks it reconnects with backoff and sends one wake-up after
// reconnecting, because notifications sent meanwhile are lost; the
// indexer's own polling covers the gap. The channel is closed when ctx
// ends or the store is closed.
func (s *Store) Subscribe(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		select {
		case <-s.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	go func() {
		defer close(ch)
		defer cancel()
		backoff := 100 * time.Millisecond
		for ctx.Err() == nil {
			listened, err := s.listen(ctx, ch)
			if err == nil || ctx.Err() != nil {
				return
			}
			if listened {
				backoff = 100 * time.Millisecond
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			backoff = min(2*backoff, 5*time.Second)
		}
	}()
	return ch
}

// listen holds one LISTEN connection until it fails or ctx ends; listened
// reports whether it got as far as listening.
func (s *Store) listen(ctx context.Context, ch chan<- struct{}) (listened bool, err error) {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig)
	if err != nil {
		return false, err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		conn.Close(cctx)
		cancel()
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+notifyChannel); err != nil {
		return false, err
	}
	wake(ch) // anything committed while we were not listening
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true, err
		}
		if n.Payload == s.schema {
			wake(ch)
		}
	}
}

func wake(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
