package harvest

import (
	"context"

	"github.com/datenportal/datenportal/catalog"
)

// Service is the read API for the web UI: sources, their jobs and job
// reports, for sysadmins (everything) and organisation admins (sources of
// their organisations). Secrets in source configs are redacted.
type Service struct {
	Store Store
}

func forbidden() error {
	return &catalog.Error{Code: catalog.EFORBIDDEN, Message: "Only sysadmins and organization admins may see harvest sources",
		MessageDE: "Nur Systemadministratoren und Organisationsadministratoren sehen Ernte-Quellen"}
}

func canSee(a *catalog.Actor, src *SourceConfig) bool {
	return a.IsSysadmin() || a.HasRole(src.OrganizationID, catalog.RoleAdmin)
}

// Sources lists the sources the actor may see.
func (s *Service) Sources(ctx context.Context) ([]*SourceConfig, error) {
	a := catalog.ActorFrom(ctx)
	if !a.LoggedIn() {
		return nil, forbidden()
	}
	all, err := s.Store.Sources(ctx)
	if err != nil {
		return nil, err
	}
	out := []*SourceConfig{}
	for _, src := range all {
		if canSee(a, src) {
			out = append(out, Redacted(src))
		}
	}
	return out, nil
}

// Source returns one source by id or name.
func (s *Service) Source(ctx context.Context, idOrName string) (*SourceConfig, error) {
	src, err := s.Store.Source(ctx, idOrName)
	if err != nil {
		return nil, err
	}
	if !canSee(catalog.ActorFrom(ctx), src) {
		return nil, forbidden()
	}
	return Redacted(src), nil
}

// Jobs lists a source's jobs, newest first (limit 0: all kept).
func (s *Service) Jobs(ctx context.Context, source string, limit int) ([]*Job, error) {
	src, err := s.Source(ctx, source)
	if err != nil {
		return nil, err
	}
	jobs, err := s.Store.Jobs(ctx, src.ID, limit)
	if jobs == nil && err == nil {
		jobs = []*Job{}
	}
	return jobs, err
}

// Report returns a job's report.
func (s *Service) Report(ctx context.Context, jobID string) (*Report, error) {
	job, err := s.Store.Job(ctx, jobID)
	if err != nil {
		return nil, err
	}
	if _, err := s.Source(ctx, job.SourceID); err != nil {
		return nil, err
	}
	return LoadReport(ctx, s.Store, jobID)
}
