package postgres_test

import (
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/testenv"
)

// TestSessionsKilledDuringWrites terminates the store's database sessions
// over and over while writers create and update datasets. Every write
// must either succeed or fail with EUNAVAILABLE (never an internal error
// or a hang); the store must keep working without being reopened; and
// nothing may be half-written: each dataset has its distributions and
// exactly its own change entries, each entry its dataset, the log dense.
func TestSessionsKilledDuringWrites(t *testing.T) {
	dbURL := testenv.PostgresURL(t)
	u, _ := url.Parse(dbURL)
	appName := u.Query().Get("application_name")
	s := open(t, dbURL)
	admin := adminConn(t, dbURL)
	ctx := t.Context()

	stop := make(chan struct{})
	var kills atomic.Int64
	var kg sync.WaitGroup
	kg.Go(func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(15 * time.Millisecond):
			}
			var n int64
			err := admin.QueryRow(ctx, `SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
				WHERE application_name = $1 AND pid <> pg_backend_pid()) k`, appName).Scan(&n)
			if err != nil {
				t.Errorf("killing sessions: %v", err)
				return
			}
			kills.Add(n)
		}
	})

	const writers, perWriter = 6, 40
	var ok, unavailable atomic.Int64
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				d := dataset(1 + w*perWriter + i)
				_, err := s.CreateDataset(ctx, d)
				if err == nil {
					d.Title = "geändert"
					_, err = s.UpdateDataset(ctx, d, d.ModifiedAt)
				}
				switch code := catalog.ErrorCode(err); code {
				case "":
					ok.Add(1)
				case catalog.EUNAVAILABLE:
					unavailable.Add(1)
				default:
					t.Errorf("writer %d: want success or EUNAVAILABLE, got %s: %v", w, code, err)
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	kg.Wait()
	t.Logf("%d sessions killed; %d create+update pairs succeeded, %d failed with EUNAVAILABLE", kills.Load(), ok.Load(), unavailable.Load())
	if kills.Load() == 0 {
		t.Fatal("no session was killed: the test proved nothing")
	}

	// The same store, not reopened, works again.
	if _, err := s.CreateDataset(ctx, dataset(9999)); err != nil {
		t.Fatalf("store did not recover: %v", err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("store did not recover: %v", err)
	}
	checkWhole(t, admin)
}

// checkWhole verifies, behind the store's back, the invariants a
// half-written dataset would break. Each dataset here has one
// distribution; an updated one (title "geändert") has an update entry.
func checkWhole(t *testing.T, admin *pgx.Conn) {
	t.Helper()
	for _, c := range []struct{ what, sql string }{
		{"datasets without their one distribution", `SELECT count(*) FROM datasets d
			WHERE (SELECT count(*) FROM distributions r WHERE r.dataset_id = d.id) <> 1`},
		{"datasets without exactly one create entry", `SELECT count(*) FROM datasets d
			WHERE (SELECT count(*) FROM changes c WHERE c.dataset_id = d.id AND c.op = 'create') <> 1`},
		{"entries for datasets that were not written", `SELECT count(*) FROM changes c
			WHERE NOT EXISTS (SELECT 1 FROM datasets d WHERE d.id = c.dataset_id)`},
		{"updates without their entry, or entries without their update", `SELECT count(*) FROM datasets d
			WHERE (d.doc::json->>'title' = 'geändert') <> EXISTS (SELECT 1 FROM changes c WHERE c.dataset_id = d.id AND c.op = 'update')`},
		{"gaps in the log", `SELECT (SELECT coalesce(max(seq), 0) FROM changes) - (SELECT count(*) FROM changes)`},
		{"counter out of step with the log", `SELECT (SELECT seq FROM change_counter) - (SELECT coalesce(max(seq), 0) FROM changes)`},
	} {
		var n int64
		if err := admin.QueryRow(t.Context(), c.sql).Scan(&n); err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		if n != 0 {
			t.Errorf("%s: %d", c.what, n)
		}
	}
}
