package postgres_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/storage/testenv"
)

// TestHarvestDeadInstanceTakeover: an instance claims a job and dies (its
// pool is closed without finishing or renewing). Another instance cannot
// take the job while the lease runs, takes it over once it expired, and
// the dead instance, coming back with its old job, can neither renew,
// report into, nor finish the new attempt.
func TestHarvestDeadInstanceTakeover(t *testing.T) {
	inst := twoInstances(t)
	a, b := inst[0], inst[1]
	src := addSource(t, a, "quelle")
	if err := a.EnqueueJob(t.Context(), queued("job-1", src.ID, ht0)); err != nil {
		t.Fatal(err)
	}
	old, err := a.ClaimJob(t.Context(), "job-1", "instance-a", ht0, ht0.Add(2*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	a.Close()

	for _, now := range []time.Time{ht0.Add(time.Minute), ht0.Add(2 * time.Minute)} {
		if list, _ := b.ClaimableJobs(t.Context(), now, 10); len(list) != 0 {
			t.Fatalf("at +%s the held job is claimable: %v", now.Sub(ht0), list)
		}
		if _, err := b.ClaimJob(t.Context(), "job-1", "instance-b", now, now.Add(time.Minute)); catalog.ErrorCode(err) != catalog.ECONFLICT {
			t.Fatalf("at +%s instance-b claimed a held job: %v", now.Sub(ht0), err)
		}
	}
	expired := ht0.Add(2*time.Minute + time.Microsecond)
	list, err := b.ClaimableJobs(t.Context(), expired, 10)
	if err != nil || len(list) != 1 {
		t.Fatalf("expired job not claimable: %v, %v", list, err)
	}
	nj, err := b.ClaimJob(t.Context(), "job-1", "instance-b", expired, expired.Add(2*time.Minute))
	if err != nil || nj.Attempts != 2 || nj.LeaseOwner != "instance-b" {
		t.Fatalf("takeover: %+v, %v", nj, err)
	}

	back := open(t, testenv.PostgresURL(t)) // the same schema: twoInstances opened it
	entry := []harvest.RecordError{{Seq: 1, Stage: harvest.StageImport, Severity: harvest.SeverityError, Message: harvest.Message{DE: "x", EN: "x"}}}
	for what, err := range map[string]error{
		"Heartbeat":       back.Heartbeat(t.Context(), old, expired.Add(time.Hour)),
		"AddRecordErrors": back.AddRecordErrors(t.Context(), old, entry),
		"FinishJob":       back.FinishJob(t.Context(), &harvest.Job{ID: old.ID, SourceID: old.SourceID, LeaseOwner: old.LeaseOwner, State: harvest.JobDone}),
	} {
		if catalog.ErrorCode(err) != catalog.ECONFLICT {
			t.Errorf("%s by the dead instance after the takeover: %v; want ECONFLICT", what, err)
		}
	}
	if j, _ := b.Job(t.Context(), "job-1"); j.LeaseOwner != "instance-b" || j.State != harvest.JobRunning {
		t.Errorf("job after the old owner came back: %+v", j)
	}
}

// TestHarvestReportDuringTakeover: the old owner keeps writing report
// batches while another instance takes the job over. The claim clears the
// report, and no batch of the old owner may land after it: a check of the
// owner that is not locked against the claim would let one slip into the
// new attempt's report.
func TestHarvestReportDuringTakeover(t *testing.T) {
	const rounds = 25
	inst := twoInstances(t)
	src := addSource(t, inst[0], "quelle")
	for r := range rounds {
		id := fmt.Sprintf("job-%02d", r)
		at := ht0.Add(time.Duration(r) * time.Hour)
		if err := inst[0].EnqueueJob(t.Context(), queued(id, src.ID, at)); err != nil {
			t.Fatal(err)
		}
		old, err := inst[0].ClaimJob(t.Context(), id, "instance-a", at, at.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		wrote := make(chan struct{})
		done := make(chan int)
		go func() {
			n := 0
			for ; ; n++ {
				batch := make([]harvest.RecordError, 50)
				for i := range batch {
					batch[i] = harvest.RecordError{Seq: n*50 + i + 1, Stage: harvest.StageImport, Severity: harvest.SeverityWarning,
						Message: harvest.Message{DE: "alt", EN: "old"}}
				}
				if err := inst[0].AddRecordErrors(t.Context(), old, batch); err != nil {
					if catalog.ErrorCode(err) != catalog.ECONFLICT {
						t.Errorf("round %d: old owner's batch %d: %v", r, n, err)
					}
					break
				}
				if n == 0 {
					close(wrote)
				}
			}
			done <- n
		}()
		<-wrote
		now := at.Add(time.Minute + time.Microsecond)
		nj, err := inst[1].ClaimJob(t.Context(), id, "instance-b", now, now.Add(time.Minute))
		if err != nil {
			t.Fatalf("round %d: takeover: %v", r, err)
		}
		batches := <-done
		if got, err := inst[1].RecordErrors(t.Context(), id, 0, 10); err != nil || len(got) != 0 {
			t.Fatalf("round %d: the new attempt's report holds %d entries of the old owner (%v); it wrote %d batches", r, len(got), err, batches)
		}
		nj.State = harvest.JobDone
		if err := inst[1].FinishJob(t.Context(), nj); err != nil {
			t.Fatal(err)
		}
	}
}
