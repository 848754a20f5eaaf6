package harvest_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/datenportal/datenportal/harvest"
)

func manyRecords(n int) []*harvest.Record {
	var out []*harvest.Record
	for i := range n {
		out = append(out, rec(fmt.Sprintf("r%02d", i), fmt.Sprintf("Datensatz %02d", i)))
	}
	return out
}

// waitJob polls until the job satisfies ok.
func waitJob(t *testing.T, w *world, id string, ok func(*harvest.Job) bool) *harvest.Job {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		j, err := w.store.Job(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if ok(j) {
			return j
		}
		time.Sleep(10 * time.Millisecond)
	}
	j, _ := w.store.Job(t.Context(), id)
	t.Fatalf("job never reached the expected state: %+v", j)
	return nil
}

func enqueue(t *testing.T, w *world, src *harvest.SourceConfig) *harvest.Job {
	t.Helper()
	j := &harvest.Job{ID: "job-" + src.Name, SourceID: src.ID, State: harvest.JobQueued, Trigger: harvest.TriggerManual, CreatedAt: w.clock()}
	if err := w.store.EnqueueJob(t.Context(), j); err != nil {
		t.Fatal(err)
	}
	return j
}

// An instance dies mid-job (its context is cancelled with ErrAbandoned:
// no more writes, lease not released); a second scheduler takes the job
// over once the lease has expired and finishes it, without duplicates.
func TestKilledInstanceTakeover(t *testing.T) {
	w := newWorld(t)
	src := w.addSource(t, "quelle", "")
	w.fake.set(manyRecords(12)...)
	w.fake.delay = 20 * time.Millisecond
	w.fake.started = make(chan struct{})
	job := enqueue(t, w, src)

	a := w.harvester("instance-a", 300*time.Millisecond)
	actx, kill := context.WithCancelCause(context.Background())
	done := make(chan struct{})
	go func() { a.NewScheduler(harvest.SchedulerOptions{Poll: 10 * time.Millisecond}).Run(actx); close(done) }()
	<-w.fake.started
	kill(harvest.ErrAbandoned)
	<-done
	j, _ := w.store.Job(t.Context(), job.ID)
	if j.State != harvest.JobRunning || j.LeaseOwner != "instance-a" {
		t.Fatalf("after the kill: %+v, want still running, leased by instance-a", j)
	}

	b := w.harvester("instance-b", 300*time.Millisecond)
	bctx, stop := context.WithCancel(context.Background())
	defer stop()
	go b.NewScheduler(harvest.SchedulerOptions{Poll: 10 * time.Millisecond}).Run(bctx)
	time.Sleep(50 * time.Millisecond)
	if j, _ := w.store.Job(t.Context(), job.ID); j.LeaseOwner != "instance-a" {
		t.Fatalf("instance-b took the job before the lease expired: %+v", j)
	}
	w.advance(time.Second) // the lease expires
	j = waitJob(t, w, job.ID, func(j *harvest.Job) bool { return !harvest.Active(j.State) })
	if j.State != harvest.JobDone || j.Attempts != 2 || j.Counts.Listed != 12 || j.Counts.Created+j.Counts.Unchanged != 12 {
		t.Errorf("taken-over job: state %s attempts %d counts %+v error %v", j.State, j.Attempts, j.Counts, j.Error)
	}
	if n := len(w.harvested(t, src.ID)); n != 12 {
		t.Errorf("%d datasets, want 12 (no duplicates)", n)
	}
}

// A shutdown leaves the job interrupted with its lease released; the next
// run takes it up and finishes it.
func TestShutdownInterrupts(t *testing.T) {
	w := newWorld(t)
	src := w.addSource(t, "quelle", "")
	w.fake.set(manyRecords(10)...)
	w.fake.delay = 20 * time.Millisecond
	w.fake.started = make(chan struct{})
	job := enqueue(t, w, src)
	ctx, shutdown := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.h.NewScheduler(harvest.SchedulerOptions{Poll: 10 * time.Millisecond}).Run(ctx); close(done) }()
	<-w.fake.started
	shutdown()
	<-done
	j, _ := w.store.Job(t.Context(), job.ID)
	if j.State != harvest.JobInterrupted || j.LeaseOwner != "" || j.Error == nil {
		t.Fatalf("after shutdown: %+v", j)
	}
	w.fake.delay = 0
	fin := w.run(t, src.Name)
	if fin.ID != job.ID || fin.State != harvest.JobDone || fin.Attempts != 2 || fin.Counts.Created != 10 {
		t.Errorf("rerun of the interrupted job: %+v", fin)
	}
}

func TestJobDeadline(t *testing.T) {
	w := newWorld(t)
	src := w.addSource(t, "quelle", `{"max_duration":0.15,"withdraw":"delete"}`)
	w.fake.set(manyRecords(3)...)
	w.run(t, src.Name)
	w.fake.set(manyRecords(20)[1:]...)
	w.fake.delay = 30 * time.Millisecond
	start := time.Now()
	j := w.run(t, src.Name)
	if j.State != harvest.JobFailed || j.Error == nil || j.Error.EN == "" || time.Since(start) > 5*time.Second {
		t.Fatalf("slow job: state %s error %v after %s", j.State, j.Error, time.Since(start))
	}
	if st := w.harvested(t, src.ID)["r00"].State; st != "active" {
		t.Errorf("a job that hit its deadline withdrew datasets (%s)", st)
	}
}

// Several schedulers see the same due source: exactly one job runs.
func TestScheduledSourceRunsOnce(t *testing.T) {
	w := newWorld(t)
	src, err := w.h.AddSource(t.Context(), &harvest.SourceConfig{Name: "taeglich", Kind: "fake", URL: "https://q.example.de/",
		OrganizationID: w.org.ID, Schedule: "@hourly"})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC); !src.NextRunAt.Equal(want) {
		t.Fatalf("NextRunAt = %s, want %s", src.NextRunAt, want)
	}
	w.fake.set(manyRecords(3)...)
	w.advance(90 * time.Minute)
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := range 4 {
		h := w.harvester(fmt.Sprintf("inst-%d", i), time.Minute)
		wg.Go(func() { h.NewScheduler(harvest.SchedulerOptions{Poll: 5 * time.Millisecond, Workers: 2}).Run(ctx) })
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		jobs, _ := w.store.Jobs(t.Context(), src.ID, 0)
		if len(jobs) > 0 && !harvest.Active(jobs[0].State) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	stop()
	wg.Wait()
	jobs, _ := w.store.Jobs(t.Context(), src.ID, 0)
	if len(jobs) != 1 || jobs[0].State != harvest.JobDone || jobs[0].Trigger != harvest.TriggerSchedule || jobs[0].Attempts != 1 {
		t.Fatalf("jobs = %+v, want exactly one scheduled job, done", jobs)
	}
	if got, _ := w.store.Source(t.Context(), src.ID); !got.NextRunAt.Equal(time.Date(2025, 5, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("NextRunAt = %s", got.NextRunAt)
	}
	if w.fake.gathers != 1 {
		t.Errorf("source gathered %d times", w.fake.gathers)
	}
}
