package harvest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/datenportal/datenportal/catalog"
	"github.com/google/uuid"
)

// Config wires a Harvester.
type Config struct {
	Store Store
	// Catalog receives every write, as catalog.System; its Store is read
	// to find the datasets of a source, its Validator to repair records.
	Catalog *catalog.Service
	Kinds   Kinds
	// Client configures the guarded HTTP client (AllowPrivate, limits).
	Client ClientOptions
	// Instance names this process as lease owner (default host-pid-random).
	Instance string
	// Lease is how long a claimed job stays ours without renewal
	// (default 2 min; renewed every third of it).
	Lease time.Duration
	// MaxAttempts bounds how often a job is claimed (crashes, takeovers)
	// before it is given up (default 5).
	MaxAttempts int
	// SpoolDir holds the temporary spool files (default os.TempDir).
	SpoolDir string
	Now      func() time.Time
	NewID    func() string
}

// Harvester runs harvest jobs. It is safe for concurrent use.
type Harvester struct {
	cfg    Config
	client *Client
}

// New returns a Harvester with defaults filled in.
func New(cfg Config) *Harvester {
	if cfg.Instance == "" {
		host, _ := os.Hostname()
		b := make([]byte, 4)
		rand.Read(b)
		cfg.Instance = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 2 * time.Minute
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 5
	}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
	}
	if cfg.NewID == nil {
		cfg.NewID = uuid.NewString
	}
	return &Harvester{cfg: cfg, client: NewClient(cfg.Client)}
}

// Instance is the lease owner name of this process.
func (h *Harvester) Instance() string { return h.cfg.Instance }

// Store returns the harvest store.
func (h *Harvester) Store() Store { return h.cfg.Store }

func (h *Harvester) now() time.Time { return h.cfg.Now() }

// source builds the Source of a configuration with the options' limits.
func (h *Harvester) source(src *SourceConfig) (Source, Options, error) {
	opt, err := ParseOptions(src.Config)
	if err != nil {
		return nil, Options{}, err
	}
	f, ok := h.cfg.Kinds[src.Kind]
	if !ok {
		return nil, Options{}, Errorf("unbekannte Quellenart %q (bekannt: %s)", "unknown source kind %q (known: %s)", clip(src.Kind, 40), h.kindList())
	}
	if _, err := CheckURL(src.URL); err != nil {
		return nil, Options{}, err
	}
	env := &Env{Client: h.client.WithLimits(opt.RequestTimeout.D(), opt.MaxResponseBytes), Options: opt}
	s, err := f(src, env)
	if err != nil {
		return nil, Options{}, err
	}
	return s, opt, nil
}

func (h *Harvester) kindList() string {
	ks := make([]string, 0, len(h.cfg.Kinds))
	for k := range h.cfg.Kinds {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}

// AddSource validates and stores a new source: name, kind, URL, owning
// organisation (id or name), schedule and config (which the kind's
// factory checks). The first scheduled run is the schedule's next slot.
func (h *Harvester) AddSource(ctx context.Context, src *SourceConfig) (*SourceConfig, error) {
	s := *src
	s.Name = strings.TrimSpace(s.Name)
	if e := catalog.CheckName("name", s.Name); e != nil {
		return nil, e
	}
	s.Kind = strings.ToLower(strings.TrimSpace(s.Kind))
	s.URL = strings.TrimSpace(s.URL)
	org, err := h.cfg.Catalog.Store.Organization(ctx, strings.TrimSpace(s.OrganizationID))
	if err == nil && org.State == catalog.StateDeleted {
		err = catalog.NotFound("Organization")
	}
	if err != nil {
		if catalog.ErrorCode(err) == catalog.ENOTFOUND {
			return nil, catalog.FieldInvalid("organization", "Organisation existiert nicht.", "Organization does not exist")
		}
		return nil, err
	}
	s.OrganizationID = org.ID
	sched, err := ParseSchedule(s.Schedule)
	if err != nil {
		return nil, err
	}
	s.Schedule = sched.String()
	if _, _, err := h.source(&s); err != nil {
		return nil, err
	}
	now := h.now()
	s.ID = h.cfg.NewID()
	s.CreatedAt, s.ModifiedAt = now, now
	s.NextRunAt = sched.Next(now)
	s.LastCompleteAt = time.Time{}
	if err := h.cfg.Store.CreateSource(ctx, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// Sources lists the configured sources.
func (h *Harvester) Sources(ctx context.Context) ([]*SourceConfig, error) {
	return h.cfg.Store.Sources(ctx)
}

// Run harvests a source now and waits for the job to end. If the source
// already has an active job, Run takes that one over when it can be
// claimed, or else waits for the instance running it to finish.
func (h *Harvester) Run(ctx context.Context, idOrName string) (*Job, error) {
	src, err := h.cfg.Store.Source(ctx, idOrName)
	if err != nil {
		return nil, err
	}
	job := &Job{ID: h.cfg.NewID(), SourceID: src.ID, State: JobQueued, Trigger: TriggerManual, CreatedAt: h.now()}
	if err := h.cfg.Store.EnqueueJob(ctx, job); err != nil {
		if catalog.ErrorCode(err) != catalog.ECONFLICT {
			return nil, err
		}
		if job, err = h.cfg.Store.ActiveJob(ctx, src.ID); err != nil {
			return nil, err
		}
	}
	for {
		now := h.now()
		claimed, err := h.cfg.Store.ClaimJob(ctx, job.ID, h.cfg.Instance, now, now.Add(h.cfg.Lease))
		if err == nil {
			return h.execute(ctx, claimed), nil
		}
		if catalog.ErrorCode(err) != catalog.ECONFLICT {
			return nil, err
		}
		cur, err := h.cfg.Store.Job(ctx, job.ID)
		if err != nil {
			return nil, err
		}
		if !Active(cur.State) {
			return cur, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}
