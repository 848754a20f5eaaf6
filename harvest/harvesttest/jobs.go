package harvesttest

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

func testEnqueueOneActive(t *testing.T, s harvest.Store) {
	src := source("kiel")
	mustCreate(t, s, src)
	mustEnqueue(t, s, job("j1", src.ID, t0))
	wantCode(t, "second active job", s.EnqueueJob(ctx(t), job("j2", src.ID, t0.Add(time.Second))), catalog.ECONFLICT)
	wantCode(t, "job of unknown source", s.EnqueueJob(ctx(t), job("j3", "nope", t0)), catalog.ENOTFOUND)
	if _, err := s.Job(ctx(t), "j2"); catalog.ErrorCode(err) != catalog.ENOTFOUND {
		t.Errorf("refused job was stored: %v", err)
	}
	act, err := s.ActiveJob(ctx(t), src.ID)
	if err != nil || act.ID != "j1" || act.State != harvest.JobQueued {
		t.Fatalf("ActiveJob = %+v, %v", act, err)
	}
	// Once finished, the source may be queued again.
	j := claim(t, s, "j1", "a", t0, time.Minute)
	j.State, j.FinishedAt = harvest.JobDone, t0.Add(time.Second)
	j.Counts = harvest.Counts{Listed: 5, Created: 3, Updated: 1, Unchanged: 1, Failed: 1, Warnings: 2}
	j.Complete, j.Incremental, j.Stage = true, true, harvest.StageImport
	j.Error = &harvest.Message{DE: "Fehler ä", EN: "error"}
	if err := s.FinishJob(ctx(t), j); err != nil {
		t.Fatal(err)
	}
	got, err := s.Job(ctx(t), "j1")
	if err != nil {
		t.Fatal(err)
	}
	if got.State != harvest.JobDone || got.LeaseOwner != "" || !got.LeaseUntil.IsZero() || !got.FinishedAt.Equal(j.FinishedAt) ||
		!reflect.DeepEqual(got.Counts, j.Counts) || !got.Complete || !got.Incremental || *got.Error != *j.Error || got.Stage != j.Stage {
		t.Errorf("finished job read back as %+v (error %v)", got, got.Error)
	}
	_, err = s.ActiveJob(ctx(t), src.ID)
	wantCode(t, "ActiveJob after finish", err, catalog.ENOTFOUND)
	mustEnqueue(t, s, job("j4", src.ID, t0.Add(2*time.Second)))
}

func testClaimRace(t *testing.T, s harvest.Store) {
	src := source("jena")
	mustCreate(t, s, src)
	mustEnqueue(t, s, job("j1", src.ID, t0))
	if list, err := s.ClaimableJobs(ctx(t), t0, 10); err != nil || len(list) != 1 || list[0].ID != "j1" {
		t.Fatalf("ClaimableJobs = %v, %v", list, err)
	}
	const n = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	var winners []string
	for i := range n {
		wg.Go(func() {
			owner := fmt.Sprintf("instance-%d", i)
			if _, err := s.ClaimJob(ctx(t), "j1", owner, t0, t0.Add(time.Minute)); err == nil {
				mu.Lock()
				winners = append(winners, owner)
				mu.Unlock()
			} else if catalog.ErrorCode(err) != catalog.ECONFLICT {
				t.Errorf("ClaimJob by %s: %v", owner, err)
			}
		})
	}
	wg.Wait()
	if len(winners) != 1 {
		t.Fatalf("%d instances claimed the job (%v), want exactly 1", len(winners), winners)
	}
	j, _ := s.Job(ctx(t), "j1")
	if j.LeaseOwner != winners[0] || j.State != harvest.JobRunning || j.Attempts != 1 || !j.StartedAt.Equal(t0) {
		t.Errorf("claimed: %s", describe(j))
	}
	if list, _ := s.ClaimableJobs(ctx(t), t0.Add(30*time.Second), 10); len(list) != 0 {
		t.Errorf("a job with a valid lease is claimable: %v", list)
	}
	_, err := s.ClaimJob(ctx(t), "nope", "x", t0, t0.Add(time.Minute))
	wantCode(t, "ClaimJob(unknown)", err, catalog.ENOTFOUND)
}

func testLeaseTakeover(t *testing.T, s harvest.Store) {
	src := source("gera")
	mustCreate(t, s, src)
	mustEnqueue(t, s, job("j1", src.ID, t0))
	a := claim(t, s, "j1", "a", t0, time.Minute)
	a.Counts.Listed = 7
	if err := s.Heartbeat(ctx(t), a, t0.Add(2*time.Minute)); err != nil {
		t.Fatalf("Heartbeat by owner: %v", err)
	}
	if j, _ := s.Job(ctx(t), "j1"); j.Counts.Listed != 7 || !j.LeaseUntil.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("heartbeat not stored: %s listed=%d", describe(j), j.Counts.Listed)
	}
	_, err := s.ClaimJob(ctx(t), "j1", "b", t0.Add(time.Minute), t0.Add(3*time.Minute))
	wantCode(t, "claim before the lease expired", err, catalog.ECONFLICT)
	// Instance a stops renewing; after expiry b takes over.
	after := t0.Add(2*time.Minute + time.Microsecond)
	if list, _ := s.ClaimableJobs(ctx(t), after, 10); len(list) != 1 {
		t.Fatalf("expired job not claimable: %v", list)
	}
	b := claim(t, s, "j1", "b", after, time.Minute)
	if b.Attempts != 2 || b.LeaseOwner != "b" {
		t.Errorf("takeover: %s", describe(b))
	}
	wantCode(t, "Heartbeat by the old owner", s.Heartbeat(ctx(t), a, after.Add(time.Minute)), catalog.ECONFLICT)
	a.State = harvest.JobDone
	wantCode(t, "FinishJob by the old owner", s.FinishJob(ctx(t), a), catalog.ECONFLICT)
	b.State = harvest.JobFailed
	if err := s.FinishJob(ctx(t), b); err != nil {
		t.Fatalf("FinishJob by the new owner: %v", err)
	}
	wantCode(t, "FinishJob twice", s.FinishJob(ctx(t), b), catalog.ECONFLICT)
	_, err = s.ClaimJob(ctx(t), "j1", "c", after.Add(time.Hour), after.Add(2*time.Hour))
	wantCode(t, "claiming a finished job", err, catalog.ECONFLICT)
}

func testInterrupted(t *testing.T, s harvest.Store) {
	src := source("halle")
	mustCreate(t, s, src)
	mustEnqueue(t, s, job("j1", src.ID, t0))
	j := claim(t, s, "j1", "a", t0, time.Minute)
	j.State = harvest.JobInterrupted
	if err := s.FinishJob(ctx(t), j); err != nil {
		t.Fatal(err)
	}
	if act, err := s.ActiveJob(ctx(t), src.ID); err != nil || act.ID != "j1" {
		t.Fatalf("an interrupted job must stay active: %v, %v", act, err)
	}
	wantCode(t, "enqueue beside an interrupted job", s.EnqueueJob(ctx(t), job("j2", src.ID, t0)), catalog.ECONFLICT)
	if list, _ := s.ClaimableJobs(ctx(t), t0, 10); len(list) != 1 || list[0].State != harvest.JobInterrupted {
		t.Fatalf("interrupted job not claimable: %v", list)
	}
	j2 := claim(t, s, "j1", "b", t0.Add(time.Second), time.Minute)
	if j2.Attempts != 2 || j2.State != harvest.JobRunning {
		t.Errorf("reclaimed: %s", describe(j2))
	}
}

func testEnqueueScheduled(t *testing.T, s harvest.Store) {
	src := source("ulm")
	mustCreate(t, s, src)
	due, next := src.NextRunAt, src.NextRunAt.Add(24*time.Hour)
	won, err := s.EnqueueScheduled(ctx(t), src.ID, due, next, job("j1", src.ID, due))
	if err != nil || !won {
		t.Fatalf("first EnqueueScheduled = %v, %v", won, err)
	}
	won, err = s.EnqueueScheduled(ctx(t), src.ID, due, next, job("j2", src.ID, due))
	if err != nil || won {
		t.Fatalf("second EnqueueScheduled for the same slot = %v, %v; want false", won, err)
	}
	if got, _ := s.Source(ctx(t), src.ID); !got.NextRunAt.Equal(next) {
		t.Errorf("NextRunAt = %s, want %s", got.NextRunAt, next)
	}
	// The next slot comes while j1 is still active: the schedule moves
	// on, no second job is queued.
	won, err = s.EnqueueScheduled(ctx(t), src.ID, next, next.Add(24*time.Hour), job("j3", src.ID, next))
	if err != nil || !won {
		t.Fatalf("EnqueueScheduled with an active job = %v, %v", won, err)
	}
	if jobs, _ := s.Jobs(ctx(t), src.ID, 0); len(jobs) != 1 || jobs[0].ID != "j1" || jobs[0].Trigger != harvest.TriggerManual {
		t.Errorf("jobs = %v, want only j1", jobs)
	}
	// Racing schedulers: exactly one wins the slot.
	cur, _ := s.Source(ctx(t), src.ID)
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := range 6 {
		wg.Go(func() {
			w, err := s.EnqueueScheduled(ctx(t), src.ID, cur.NextRunAt, cur.NextRunAt.Add(time.Hour), nil)
			if err != nil {
				t.Errorf("racer %d: %v", i, err)
			}
			if w {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("%d schedulers won the same slot, want 1", wins)
	}
}

func testJobsAndPrune(t *testing.T, s harvest.Store) {
	src := source("bonn")
	mustCreate(t, s, src)
	for i := range 6 {
		id := fmt.Sprintf("j%d", i)
		mustEnqueue(t, s, job(id, src.ID, t0.Add(time.Duration(i)*time.Minute)))
		if i == 5 {
			break // j5 stays queued (active)
		}
		j := claim(t, s, id, "a", t0, time.Hour)
		if err := s.AddRecordErrors(ctx(t), j, []harvest.RecordError{{Seq: 1, Stage: harvest.StageImport,
			Severity: harvest.SeverityError, OriginalID: "r", Message: harvest.Message{DE: "d", EN: "e"}}}); err != nil {
			t.Fatal(err)
		}
		j.State = harvest.JobDone
		if err := s.FinishJob(ctx(t), j); err != nil {
			t.Fatal(err)
		}
	}
	jobs, err := s.Jobs(ctx(t), src.ID, 3)
	if err != nil || len(jobs) != 3 || jobs[0].ID != "j5" || jobs[2].ID != "j3" {
		t.Fatalf("Jobs(limit 3) = %v, %v; want j5, j4, j3", jobs, err)
	}
	n, err := s.PruneJobs(ctx(t), src.ID, 2)
	if err != nil || n != 3 {
		t.Fatalf("PruneJobs(keep 2) = %d, %v; want 3 deleted", n, err)
	}
	jobs, _ = s.Jobs(ctx(t), src.ID, 0)
	var ids []string
	for _, j := range jobs {
		ids = append(ids, j.ID)
	}
	if !reflect.DeepEqual(ids, []string{"j5", "j4", "j3"}) {
		t.Errorf("after prune: %v; want the active job and the 2 newest finished", ids)
	}
	if errs, _ := s.RecordErrors(ctx(t), "j0", 0, 10); len(errs) != 0 {
		t.Errorf("report of a pruned job survived: %v", errs)
	}
}
