package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/storage/postgres"
	"github.com/datenportal/datenportal/storage/testenv"
)

// adminConn is a plain connection on the test's schema, for what the
// tests do behind the store's back (triggers, locks, killing sessions).
// Its application_name is the store's with "-admin" appended: killing the
// store's sessions (an exact match) spares it, and a prefix match finds
// every session of this test and no other.
func adminConn(t testing.TB, url string) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["application_name"] += "-admin"
	c, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func exec(t testing.TB, c *pgx.Conn, sql string, args ...any) {
	t.Helper()
	if _, err := c.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func dataset(i int) *catalog.Dataset {
	at := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	return &catalog.Dataset{
		ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Name: fmt.Sprintf("ds-%05d", i),
		State: catalog.StateActive, Title: fmt.Sprintf("Datensatz %d", i), CreatedAt: at, ModifiedAt: at,
		Distributions: []catalog.Distribution{{ID: fmt.Sprintf("10000000-0000-4000-8000-%012d", i), Title: "CSV"}},
	}
}

// TestCommitOrder pins down why the change log takes its sequence from a
// counter row: writer 1 takes a number and stalls before COMMIT, writer 2
// takes the next one. With a plain SEQUENCE, writer 2 commits first and a
// reader that sees its entry moves past writer 1's, which then commits
// behind the reader's back. With the store, writer 2 waits for writer 1,
// and the reader sees 1 before (or with) 2. The stall is an advisory lock
// that a trigger waits on, so the interleaving is forced, not hoped for.
func TestCommitOrder(t *testing.T) {
	url := testenv.PostgresURL(t)
	s := open(t, url)
	admin := adminConn(t, url)
	holder := adminConn(t, url)
	ctx := t.Context()
	exec(t, admin, `CREATE TABLE naive_changes (seq BIGSERIAL PRIMARY KEY, name TEXT NOT NULL)`)
	exec(t, admin, `CREATE FUNCTION stall() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN IF NEW.name = 'stall' THEN PERFORM pg_advisory_xact_lock(4711); END IF; RETURN NULL; END $$`)
	for _, table := range []string{"naive_changes", "changes"} {
		exec(t, admin, "CREATE TRIGGER stall AFTER INSERT ON "+table+" FOR EACH ROW EXECUTE FUNCTION stall()")
	}

	cases := []struct {
		name     string
		write    func(ctx context.Context, name string, i int) error
		read     func(after int64) ([]int64, error)
		wantSkip bool
	}{
		{"plain SEQUENCE skips", func(ctx context.Context, name string, _ int) error {
			_, err := s2conn(t, url).Exec(ctx, "INSERT INTO naive_changes (name) VALUES ($1)", name)
			return err
		}, func(after int64) ([]int64, error) {
			rows, err := admin.Query(ctx, "SELECT seq FROM naive_changes WHERE seq > $1 ORDER BY seq", after)
			if err != nil {
				return nil, err
			}
			return pgx.CollectRows(rows, pgx.RowTo[int64])
		}, true},
		{"store never skips", func(ctx context.Context, name string, i int) error {
			d := dataset(i)
			d.Name = name
			_, err := s.CreateDataset(ctx, d)
			return err
		}, func(after int64) ([]int64, error) {
			cs, err := s.Changes(ctx, after, 100)
			var seqs []int64
			for _, c := range cs {
				seqs = append(seqs, c.Seq)
			}
			return seqs, err
		}, false},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tx, err := holder.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(4711)"); err != nil {
				t.Fatal(err)
			}
			errs := make(chan error, 2)
			go func() { errs <- c.write(ctx, "stall", 10*i+1) }()
			waitForLockWait(t, admin)
			go func() { errs <- c.write(ctx, "fast", 10*i+2) }()
			// The fast writer either commits (plain SEQUENCE) or queues
			// behind the stalled one (the store); wait for whichever.
			settled(t, func() bool {
				seqs, err := c.read(0)
				return err == nil && len(seqs) > 0 || lockWaiters(t, admin) >= 2
			})
			seen, err := c.read(0)
			if err != nil {
				t.Fatal(err)
			}
			after := int64(0)
			if len(seen) > 0 {
				after = seen[len(seen)-1]
			}
			tx.Rollback(ctx) // releases the stalled writer
			for range 2 {
				if err := <-errs; err != nil {
					t.Fatal(err)
				}
			}
			later, err := c.read(after)
			if err != nil {
				t.Fatal(err)
			}
			all, err := c.read(0)
			if err != nil {
				t.Fatal(err)
			}
			skipped := len(seen)+len(later) < len(all)
			t.Logf("first read %v, then after %d: %v; log holds %v", seen, after, later, all)
			if skipped != c.wantSkip {
				t.Fatalf("reader skipped an entry: %v, want %v", skipped, c.wantSkip)
			}
		})
	}
}

// s2conn is a second plain connection for the naive writer, which must
// not share the admin connection the reader uses.
func s2conn(t *testing.T, url string) *pgx.Conn { return adminConn(t, url) }

// waitForLockWait returns once the stalled writer waits for its lock.
func waitForLockWait(t *testing.T, admin *pgx.Conn) {
	t.Helper()
	settled(t, func() bool { return lockWaiters(t, admin) >= 1 })
}

// lockWaiters counts this test's sessions (see adminConn) that wait for a
// lock.
func lockWaiters(t *testing.T, admin *pgx.Conn) int {
	t.Helper()
	var n int
	if err := admin.QueryRow(t.Context(), `SELECT count(DISTINCT l.pid) FROM pg_locks l
		JOIN pg_stat_activity a ON a.pid = l.pid
		WHERE NOT l.granted AND a.application_name LIKE regexp_replace(current_setting('application_name'), '-admin$', '') || '%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// settled polls cond until it holds; shared CI machines can be slow, so
// the limit is generous and only a broken test reaches it.
func settled(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("timed out waiting for the writers to reach the expected state")
}

// TestTailUnderContention has 16 writers on two store instances create,
// update, delete and purge datasets while triggers sleep at random both
// before the counter is taken and between taking it and COMMIT, and four
// readers (two per instance) tail Changes with random page sizes. Each
// reader must see every sequence exactly once, always ascending, and the
// log must be dense and match what the writers were told.
func TestTailUnderContention(t *testing.T) {
	const writers, opsPerWriter, readers = 16, 30, 4
	url := testenv.PostgresURL(t)
	stores := []*postgres.Store{open(t, url), open(t, url)}
	admin := adminConn(t, url)
	exec(t, admin, `CREATE FUNCTION jitter() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN PERFORM pg_sleep(random() * 0.004); RETURN NULL; END $$`)
	exec(t, admin, "CREATE TRIGGER jitter_dataset AFTER INSERT OR UPDATE ON datasets FOR EACH ROW EXECUTE FUNCTION jitter()")
	exec(t, admin, "CREATE TRIGGER jitter_change AFTER INSERT ON changes FOR EACH ROW EXECUTE FUNCTION jitter()")
	ctx := t.Context()

	var mu sync.Mutex
	wrote := map[int64]string{} // seq → dataset id, as returned to the writers
	writersDone := make(chan struct{})
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			s := stores[w%2]
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			d := dataset(w + 1)
			for i := range opsPerWriter {
				var seq int64
				var err error
				switch {
				case i == 0:
					seq, err = s.CreateDataset(ctx, d)
				case i == opsPerWriter-1:
					seq, err = s.PurgeDataset(ctx, d.ID)
				default:
					d.Title = fmt.Sprintf("v%d", i)
					if rng.IntN(5) == 0 {
						d.State = catalog.StateDeleted
					} else {
						d.State = catalog.StateActive
					}
					seq, err = s.UpdateDataset(ctx, d, time.Time{})
				}
				if err != nil {
					t.Errorf("writer %d op %d: %v", w, i, err)
					return
				}
				mu.Lock()
				if _, dup := wrote[seq]; dup {
					t.Errorf("seq %d handed out twice", seq)
				}
				wrote[seq] = d.ID
				mu.Unlock()
				time.Sleep(time.Duration(rng.IntN(300)) * time.Microsecond)
			}
		})
	}
	tails := make([][]catalog.Change, readers)
	var rg sync.WaitGroup
	for r := range readers {
		rg.Go(func() {
			s := stores[r%2]
			rng := rand.New(rand.NewPCG(uint64(r), 11))
			var after int64
			finishing := false
			for {
				cs, err := s.Changes(ctx, after, 1+rng.IntN(50))
				if err != nil {
					t.Errorf("reader %d: %v", r, err)
					return
				}
				for _, c := range cs {
					if c.Seq <= after {
						t.Errorf("reader %d: seq %d after having passed %d", r, c.Seq, after)
						return
					}
					after = c.Seq
				}
				tails[r] = append(tails[r], cs...)
				if len(cs) == 0 {
					if finishing {
						return
					}
					select {
					case <-writersDone:
						finishing = true // one more empty read after the last commit
					case <-time.After(time.Duration(rng.IntN(500)) * time.Microsecond):
					}
				}
			}
		})
	}
	wg.Wait()
	close(writersDone)
	rg.Wait()
	if t.Failed() {
		return
	}
	total := int64(writers * opsPerWriter)
	if int64(len(wrote)) != total {
		t.Fatalf("%d sequences handed out, want %d", len(wrote), total)
	}
	for r, tail := range tails {
		if int64(len(tail)) != total {
			t.Fatalf("reader %d saw %d entries, want %d", r, len(tail), total)
		}
		for i, c := range tail {
			if c.Seq != int64(i+1) {
				t.Fatalf("reader %d: entry %d has seq %d; the log must be dense and ascending", r, i, c.Seq)
			}
			if wrote[c.Seq] != c.DatasetID {
				t.Fatalf("reader %d: seq %d is for %s, the writer was told it was for %s", r, c.Seq, c.DatasetID, wrote[c.Seq])
			}
			if i > 0 && c.At.Before(tail[i-1].At) {
				t.Fatalf("reader %d: change time went backwards at seq %d", r, c.Seq)
			}
		}
	}
	t.Logf("%d writers on 2 instances, %d entries, %d readers each saw all of them in order", writers, total, readers)
}
