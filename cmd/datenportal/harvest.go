package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/datenportal/datenportal/harvest"
	"github.com/datenportal/datenportal/harvest/arcgis"
	"github.com/datenportal/datenportal/harvest/ckan"
	"github.com/datenportal/datenportal/harvest/csw"
	"github.com/datenportal/datenportal/harvest/dcat"
	"github.com/datenportal/datenportal/harvest/ods"
)

// harvestKinds wires the source kinds into the harvester.
func harvestKinds() harvest.Kinds {
	return harvest.Kinds{
		harvest.KindCKAN:   ckan.New,
		harvest.KindDCAT:   dcat.New,
		harvest.KindCSW:    csw.New,
		harvest.KindODS:    ods.New,
		harvest.KindArcGIS: arcgis.New,
	}
}

// newHarvester builds the harvester on the app's store. The spool files of
// running jobs live in the data directory, not in a possibly small /tmp.
func newHarvester(a *app) (*harvest.Harvester, error) {
	hs, ok := a.store.(harvest.Store)
	if !ok {
		return nil, errors.New("this metadata store does not support harvesting")
	}
	spool := filepath.Join(a.cfg.DataDir, "harvest-spool")
	if err := os.MkdirAll(spool, 0o750); err != nil {
		return nil, fmt.Errorf("harvest spool directory: %w", err)
	}
	return harvest.New(harvest.Config{
		Store: hs, Catalog: a.svc, Kinds: harvestKinds(), SpoolDir: spool,
		Client: harvest.ClientOptions{AllowPrivate: a.cfg.HarvestAllowPrivate},
	}), nil
}

// startHarvestScheduler runs the harvest scheduler until ctx ends (serve
// cancels its workers context on shutdown; running jobs are then left
// interrupted and run again on the next start).
func startHarvestScheduler(ctx context.Context, a *app, wg *sync.WaitGroup) error {
	h, err := newHarvester(a)
	if err != nil {
		return err
	}
	log := a.log
	s := h.NewScheduler(harvest.SchedulerOptions{
		OnError: func(err error) { log.Warn("harvest scheduler", "err", err) },
		OnJob: func(j *harvest.Job) {
			level := slog.LevelInfo
			if j.State == harvest.JobFailed {
				level = slog.LevelWarn
			}
			log.Log(context.Background(), level, "harvest job finished", "job", j.ID, "source", j.SourceID, "state", j.State,
				"created", j.Counts.Created, "updated", j.Counts.Updated, "unchanged", j.Counts.Unchanged,
				"withdrawn", j.Counts.Withdrawn, "failed", j.Counts.Failed, "duration", j.Duration().Round(time.Millisecond))
		},
	})
	wg.Go(func() { s.Run(ctx) })
	return nil
}

// harvestAPI is the JSON read API for the web UI (sources, jobs,
// reports; sysadmins and organisation admins), to mount at prefix.
func harvestAPI(a *app, prefix string) (http.Handler, error) {
	hs, ok := a.store.(harvest.Store)
	if !ok {
		return nil, errors.New("this metadata store does not support harvesting")
	}
	return (&harvest.Service{Store: hs}).Handler(prefix), nil
}

// harvest runs the harvest commands against the same store as serve (also
// while serve runs: a job started here is leased like a scheduled one).
func (m *Main) harvest(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New("harvest: missing subcommand (add, list, run, jobs, report, remove)")
	}
	cfg, fs, err := m.commandConfig("harvest "+args[0], nil)
	if err != nil {
		return err
	}
	var name, kind, url, org, schedule, config, lang string
	var asJSON, keep bool
	var limit int
	fs.StringVar(&lang, "lang", "de", "language of messages: de or en")
	switch args[0] {
	case "add":
		fs.StringVar(&name, "name", "", "source name (lower-case slug)")
		fs.StringVar(&kind, "type", "", "ckan, dcat, csw, ods or arcgis")
		fs.StringVar(&url, "url", "", "source URL (CKAN site, DCAT catalogue, CSW endpoint, ODS site, Hub feed)")
		fs.StringVar(&org, "org", "", "organisation that owns the harvested datasets")
		fs.StringVar(&schedule, "schedule", "", "@hourly, @daily, @weekly, an interval like 6h, or empty for manual runs")
		fs.StringVar(&config, "config", "", `options as JSON, e.g. {"withdraw":"delete","default_license":"dl-by-de/2.0"}`)
	case "jobs":
		fs.IntVar(&limit, "limit", 20, "how many jobs to list (newest first)")
	case "report":
		fs.BoolVar(&asJSON, "json", false, "print the report as JSON")
	case "remove":
		fs.BoolVar(&keep, "keep-datasets", false, "keep the harvested datasets as local datasets of the organisation instead of withdrawing them")
	case "list", "run":
	default:
		return fmt.Errorf("harvest: unknown subcommand %q", args[0])
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, m.logger(cfg), appOptions{})
	if err != nil {
		return err
	}
	defer a.Close()
	h, err := newHarvester(a)
	if err != nil {
		return err
	}
	switch args[0] {
	case "add":
		return m.harvestAdd(ctx, h, name, kind, url, org, schedule, config)
	case "list":
		return m.harvestList(ctx, h)
	case "run":
		if fs.NArg() != 1 {
			return errors.New("usage: datenportal harvest run NAME")
		}
		return m.harvestRun(ctx, h, fs.Arg(0), lang)
	case "jobs":
		if fs.NArg() != 1 {
			return errors.New("usage: datenportal harvest jobs NAME")
		}
		return m.harvestJobs(ctx, h, fs.Arg(0), limit)
	case "remove":
		if fs.NArg() != 1 {
			return errors.New("usage: datenportal harvest remove [--keep-datasets] NAME")
		}
		r, err := h.RemoveSource(ctx, fs.Arg(0), keep)
		if err != nil {
			return describeHarvest(err)
		}
		fmt.Fprintf(m.Stdout, "removed harvest source %s: %d datasets withdrawn, %d kept as local datasets\n", fs.Arg(0), r.Withdrawn, r.Released)
		return nil
	default:
		if fs.NArg() != 1 {
			return errors.New("usage: datenportal harvest report JOB")
		}
		rep, err := harvest.LoadReport(ctx, h.Store(), fs.Arg(0))
		if err != nil {
			return describe(err)
		}
		if asJSON {
			enc := json.NewEncoder(m.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(rep)
		}
		return rep.WriteText(m.Stdout, lang)
	}
}

func (m *Main) harvestAdd(ctx context.Context, h *harvest.Harvester, name, kind, url, org, schedule, config string) error {
	if name == "" || kind == "" || url == "" || org == "" {
		return errors.New("harvest add: --name, --type, --url and --org are required")
	}
	src, err := h.AddSource(ctx, &harvest.SourceConfig{Name: name, Kind: kind, URL: url, OrganizationID: org,
		Schedule: schedule, Config: json.RawMessage(config)})
	if err != nil {
		return describeHarvest(err)
	}
	next := "manual"
	if !src.NextRunAt.IsZero() {
		next = "next run " + src.NextRunAt.Format(time.RFC3339)
	}
	fmt.Fprintf(m.Stdout, "added harvest source %s (%s, %s)\n", src.Name, src.ID, next)
	return nil
}

func (m *Main) harvestList(ctx context.Context, h *harvest.Harvester) error {
	srcs, err := h.Sources(ctx)
	if err != nil {
		return describe(err)
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tTYPE\tSCHEDULE\tNEXT RUN\tLAST JOB\tURL")
	for _, s := range srcs {
		sched, next, last := s.Schedule, "-", "-"
		if sched == "" {
			sched = "manual"
		}
		if !s.NextRunAt.IsZero() {
			next = s.NextRunAt.Format(time.RFC3339)
		}
		if jobs, err := h.Store().Jobs(ctx, s.ID, 1); err == nil && len(jobs) > 0 {
			last = jobs[0].State + " " + jobs[0].CreatedAt.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.Name, s.Kind, sched, next, last, s.URL)
	}
	return tw.Flush()
}

// harvestRun runs a source now and prints the report; a failed job makes
// the command fail, so scripts and cron notice.
func (m *Main) harvestRun(ctx context.Context, h *harvest.Harvester, source, lang string) error {
	job, err := h.Run(ctx, source)
	if err != nil {
		return describeHarvest(err)
	}
	rep, err := harvest.LoadReport(ctx, h.Store(), job.ID)
	if err != nil {
		return describe(err)
	}
	if err := rep.WriteText(m.Stdout, lang); err != nil {
		return err
	}
	if job.State == harvest.JobFailed {
		return fmt.Errorf("harvest job %s failed", job.ID)
	}
	return nil
}

func (m *Main) harvestJobs(ctx context.Context, h *harvest.Harvester, source string, limit int) error {
	src, err := h.Store().Source(ctx, source)
	if err != nil {
		return describe(err)
	}
	jobs, err := h.Store().Jobs(ctx, src.ID, limit)
	if err != nil {
		return describe(err)
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "JOB\tSTATE\tTRIGGER\tSTARTED\tDURATION\tLISTED\tCREATED\tUPDATED\tUNCHANGED\tWITHDRAWN\tFAILED")
	for _, j := range jobs {
		started := "-"
		if !j.StartedAt.IsZero() {
			started = j.StartedAt.Format(time.RFC3339)
		}
		c := j.Counts
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\n", j.ID, j.State, j.Trigger, started,
			j.Duration().Round(time.Millisecond), c.Listed, c.Created, c.Updated, c.Unchanged, c.Withdrawn, c.Failed)
	}
	return tw.Flush()
}

// describeHarvest prints harvest errors (bilingual) and catalog errors.
func describeHarvest(err error) error {
	var he *harvest.Error
	if errors.As(err, &he) {
		return errors.New(he.Msg.EN + " (" + he.Msg.DE + ")")
	}
	return describe(err)
}
