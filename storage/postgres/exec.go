package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// querier is what reads and writes use of a connection or transaction.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// writeAttempts is how often a write whose connection broke before COMMIT
// is tried; a failover or a killed session costs one retry, not a 503.
const writeAttempts = 3

// rollbackTimeout bounds the rollback after a failed write.
const rollbackTimeout = 5 * time.Second

// read runs fn on a pooled connection. A read is idempotent, so if the
// connection turns out to be dead it is run once more on a fresh one; fn
// must therefore set its results afresh on every call.
func (s *Store) read(ctx context.Context, fn func(q querier) error) error {
	if s.closed.Load() {
		return s.fail(ctx, errClosed)
	}
	err := s.readOnce(ctx, fn)
	if err != nil && ctx.Err() == nil && connectionLost(err) && !s.closed.Load() {
		err = s.readOnce(ctx, fn)
	}
	return s.fail(ctx, err)
}

func (s *Store) readOnce(ctx context.Context, fn func(q querier) error) error {
	c, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer c.Release()
	return checkLost(c, fn(c))
}

// write runs fn in one transaction. If the connection broke before
// COMMIT was sent the server has rolled the transaction back, so it is
// safe to run it again; a break during COMMIT is reported, because the
// write may or may not have happened. fn must set its results afresh on
// every call.
func (s *Store) write(ctx context.Context, fn func(tx pgx.Tx) error) error {
	if s.closed.Load() {
		return s.fail(ctx, errClosed)
	}
	var err error
	for range writeAttempts {
		var committing bool
		committing, err = s.writeOnce(ctx, fn)
		if err == nil || committing || ctx.Err() != nil || !connectionLost(err) || s.closed.Load() {
			break
		}
	}
	return s.fail(ctx, err)
}

func (s *Store) writeOnce(ctx context.Context, fn func(tx pgx.Tx) error) (committing bool, err error) {
	c, err := s.pool.Acquire(ctx)
	if err != nil {
		return false, err
	}
	defer c.Release()
	tx, err := c.Begin(ctx)
	if err != nil {
		return false, checkLost(c, err)
	}
	if err := fn(tx); err != nil {
		// A cancelled ctx would make Rollback fail and close the
		// connection; roll back regardless (bounded, in case the network
		// is gone), the pool drops broken connections.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), rollbackTimeout)
		tx.Rollback(rctx)
		cancel()
		return false, checkLost(c, err)
	}
	return true, checkLost(c, tx.Commit(ctx))
}

// checkLost marks err as a lost connection when pgx has closed the
// connection because of it, whatever error the break surfaced as.
func checkLost(c *pgxpool.Conn, err error) error {
	if err != nil && c.Conn().IsClosed() {
		return &lostError{err: err}
	}
	return err
}

// collect is pgx.CollectRows, except that no rows give a nil slice, as
// storage/sqlite returns: callers that marshal a result to JSON then see
// the same "null" on both stores.
func collect[T any](rows pgx.Rows, fn pgx.RowToFunc[T]) ([]T, error) {
	out, err := pgx.CollectRows(rows, fn)
	if len(out) == 0 {
		out = nil
	}
	return out, err
}
