// Package harvesttest is the conformance suite for harvest.Store
// implementations: storage/sqlite runs it, and so must storage/postgres.
// Each test opens a fresh, empty store.
package harvesttest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/datenportal/datenportal/harvest"
)

// Run runs every conformance test against stores made by open.
func Run(t *testing.T, open func(t *testing.T) harvest.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s harvest.Store)
	}{
		{"Sources", testSources},
		{"SourceConflicts", testSourceConflicts},
		{"EnqueueOneActive", testEnqueueOneActive},
		{"ClaimRace", testClaimRace},
		{"LeaseExpiryTakeover", testLeaseTakeover},
		{"Interrupted", testInterrupted},
		{"EnqueueScheduled", testEnqueueScheduled},
		{"JobsOrderAndPrune", testJobsAndPrune},
		{"RecordErrors", testRecordErrors},
		{"Missing", testMissing},
		{"DeleteSourceCascades", testDeleteCascade},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

// t0 is a fixed time with microseconds, the precision stores keep.
var t0 = time.Date(2025, 3, 1, 10, 30, 15, 123456000, time.UTC)

func source(name string) *harvest.SourceConfig {
	return &harvest.SourceConfig{
		ID: "src-" + name, Name: name, Kind: harvest.KindCKAN, URL: "https://daten.example.de/",
		OrganizationID: "org-1", Schedule: "@daily", Config: []byte(`{"withdraw":"delete"}`),
		NextRunAt: t0.Add(time.Hour), CreatedAt: t0, ModifiedAt: t0,
	}
}

func job(id, sourceID string, at time.Time) *harvest.Job {
	return &harvest.Job{ID: id, SourceID: sourceID, State: harvest.JobQueued, Trigger: harvest.TriggerManual, CreatedAt: at}
}

func mustCreate(t *testing.T, s harvest.Store, src *harvest.SourceConfig) {
	t.Helper()
	if err := s.CreateSource(t.Context(), src); err != nil {
		t.Fatalf("CreateSource(%s): %v", src.Name, err)
	}
}

func mustEnqueue(t *testing.T, s harvest.Store, j *harvest.Job) {
	t.Helper()
	if err := s.EnqueueJob(t.Context(), j); err != nil {
		t.Fatalf("EnqueueJob(%s): %v", j.ID, err)
	}
}

func claim(t *testing.T, s harvest.Store, id, owner string, now time.Time, lease time.Duration) *harvest.Job {
	t.Helper()
	j, err := s.ClaimJob(t.Context(), id, owner, now, now.Add(lease))
	if err != nil {
		t.Fatalf("ClaimJob(%s, %s): %v", id, owner, err)
	}
	return j
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := catalog.ErrorCode(err); got != code {
		t.Fatalf("%s: error %v (code %q), want code %q", what, err, got, code)
	}
}

func ctx(t *testing.T) context.Context { return t.Context() }

func describe(j *harvest.Job) string {
	return fmt.Sprintf("job %s state=%s owner=%q until=%s attempts=%d", j.ID, j.State, j.LeaseOwner, j.LeaseUntil, j.Attempts)
}
