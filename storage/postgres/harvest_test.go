package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/harvest/harvesttest"
	"github.com/datenportal/datenportal/storage/postgres"
	"github.com/datenportal/datenportal/storage/testenv"
)

func TestHarvestStore(t *testing.T) {
	harvesttest.Run(t, func(t *testing.T) harvest.Store { return openFresh(t) })
}

// The tests below run two stores on one schema: two server instances,
// each with its own connection pool, sharing one database.

var ht0 = time.Date(2025, 6, 2, 8, 0, 0, 0, time.UTC)

func twoInstances(t *testing.T) [2]*postgres.Store {
	url := testenv.PostgresURL(t)
	return [2]*postgres.Store{open(t, url), open(t, url)}
}

func addSource(t *testing.T, s harvest.Store, name string) *harvest.SourceConfig {
	t.Helper()
	src := &harvest.SourceConfig{ID: "src-" + name, Name: name, Kind: harvest.KindDCAT, URL: "https://daten.example.de/catalog.ttl",
		OrganizationID: "org-1", Schedule: "@hourly", NextRunAt: ht0, CreatedAt: ht0, ModifiedAt: ht0}
	if err := s.CreateSource(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	return src
}

func queued(id, sourceID string, at time.Time) *harvest.Job {
	return &harvest.Job{ID: id, SourceID: sourceID, State: harvest.JobQueued, Trigger: harvest.TriggerManual, CreatedAt: at}
}

// race runs fn(i) for i < n at once (all released together) and returns
// the indexes that succeeded; any error but ECONFLICT fails the test.
func race(t *testing.T, n int, fn func(i int) error) []int {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var won []int
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			err := fn(i)
			if err != nil && catalog.ErrorCode(err) != catalog.ECONFLICT {
				t.Errorf("racer %d: %v", i, err)
				return
			}
			if err == nil {
				mu.Lock()
				won = append(won, i)
				mu.Unlock()
			}
		})
	}
	close(start)
	wg.Wait()
	return won
}

// TestHarvestClaimAcrossInstances: eight claimers on two instances race
// for one due job, round after round, for each way a job becomes due.
// Exactly one wins each round, the job records that winner, and only the
// winner can finish it.
func TestHarvestClaimAcrossInstances(t *testing.T) {
	const rounds, racers = 40, 8
	cases := []struct {
		name string
		// prepare makes job id claimable at the returned time.
		prepare func(t *testing.T, s harvest.Store, id string, at time.Time) time.Time
		// attempts is what a won claim counts.
		attempts int
	}{
		{"queued", func(t *testing.T, s harvest.Store, id string, at time.Time) time.Time { return at }, 1},
		{"interrupted", func(t *testing.T, s harvest.Store, id string, at time.Time) time.Time {
			j, err := s.ClaimJob(t.Context(), id, "stopped-instance", at, at.Add(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			j.State = harvest.JobInterrupted
			if err := s.FinishJob(t.Context(), j); err != nil {
				t.Fatal(err)
			}
			return at.Add(time.Second)
		}, 2},
		{"lease expired", func(t *testing.T, s harvest.Store, id string, at time.Time) time.Time {
			if _, err := s.ClaimJob(t.Context(), id, "dead-instance", at, at.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			return at.Add(time.Minute + time.Microsecond)
		}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inst := twoInstances(t)
			src := addSource(t, inst[0], "quelle")
			for r := range rounds {
				id := fmt.Sprintf("job-%03d", r)
				at := ht0.Add(time.Duration(r) * time.Hour)
				if err := inst[r%2].EnqueueJob(t.Context(), queued(id, src.ID, at)); err != nil {
					t.Fatalf("round %d: %v", r, err)
				}
				now := c.prepare(t, inst[(r+1)%2], id, at)
				claimed := make([]*harvest.Job, racers)
				won := race(t, racers, func(i int) error {
					j, err := inst[i%2].ClaimJob(t.Context(), id, fmt.Sprintf("instance-%d", i), now, now.Add(time.Minute))
					claimed[i] = j
					return err
				})
				if len(won) != 1 {
					t.Fatalf("round %d: %d claimers won (%v), want exactly 1", r, len(won), won)
				}
				w := won[0]
				got, err := inst[0].Job(t.Context(), id)
				if err != nil {
					t.Fatal(err)
				}
				if got.LeaseOwner != claimed[w].LeaseOwner || got.State != harvest.JobRunning || got.Attempts != c.attempts {
					t.Fatalf("round %d: job after the race: owner %q state %s attempts %d; winner %s, want %d attempts",
						r, got.LeaseOwner, got.State, got.Attempts, claimed[w].LeaseOwner, c.attempts)
				}
				loser := *claimed[w]
				loser.LeaseOwner = fmt.Sprintf("instance-%d", (w+1)%racers)
				loser.State = harvest.JobDone
				if err := inst[(w+1)%2].FinishJob(t.Context(), &loser); catalog.ErrorCode(err) != catalog.ECONFLICT {
					t.Fatalf("round %d: a loser finished the job: %v", r, err)
				}
				claimed[w].State, claimed[w].FinishedAt = harvest.JobDone, now.Add(time.Second)
				if err := inst[w%2].FinishJob(t.Context(), claimed[w]); err != nil {
					t.Fatalf("round %d: the winner cannot finish: %v", r, err)
				}
			}
			if jobs, _ := inst[1].Jobs(t.Context(), src.ID, 0); len(jobs) != rounds {
				t.Errorf("%d jobs stored, want %d", len(jobs), rounds)
			}
		})
	}
}

// TestHarvestEnqueueAcrossInstances: schedulers and manual runs on two
// instances queue a source at once; each round yields exactly one job.
func TestHarvestEnqueueAcrossInstances(t *testing.T) {
	const rounds, racers = 30, 6
	cases := []struct {
		name    string
		enqueue func(ctx context.Context, s harvest.Store, src *harvest.SourceConfig, due time.Time, j *harvest.Job) error
	}{
		{"scheduled slot", func(ctx context.Context, s harvest.Store, src *harvest.SourceConfig, due time.Time, j *harvest.Job) error {
			won, err := s.EnqueueScheduled(ctx, src.ID, due, due.Add(time.Hour), j)
			if err == nil && !won {
				return &catalog.Error{Code: catalog.ECONFLICT, Message: "lost the slot"}
			}
			return err
		}},
		{"manual run", func(ctx context.Context, s harvest.Store, src *harvest.SourceConfig, due time.Time, j *harvest.Job) error {
			return s.EnqueueJob(ctx, j)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inst := twoInstances(t)
			src := addSource(t, inst[0], "quelle")
			for r := range rounds {
				due := ht0.Add(time.Duration(r) * time.Hour)
				won := race(t, racers, func(i int) error {
					return c.enqueue(t.Context(), inst[i%2], src, due, queued(fmt.Sprintf("job-%03d-%d", r, i), src.ID, due))
				})
				if len(won) != 1 {
					t.Fatalf("round %d: %d enqueuers won (%v), want exactly 1", r, len(won), won)
				}
				act, err := inst[1].ActiveJob(t.Context(), src.ID)
				if err != nil || act.ID != fmt.Sprintf("job-%03d-%d", r, won[0]) {
					t.Fatalf("round %d: active job %+v, %v; want the winner's", r, act, err)
				}
				j, err := inst[0].ClaimJob(t.Context(), act.ID, "runner", due, due.Add(time.Minute))
				if err != nil {
					t.Fatal(err)
				}
				j.State = harvest.JobDone
				if err := inst[0].FinishJob(t.Context(), j); err != nil {
					t.Fatal(err)
				}
			}
			if jobs, _ := inst[0].Jobs(t.Context(), src.ID, 0); len(jobs) != rounds {
				t.Errorf("%d jobs stored, want %d (one per round)", len(jobs), rounds)
			}
		})
	}
}
