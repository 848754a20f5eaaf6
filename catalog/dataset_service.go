package catalog

import (
	"context"
	"strings"
	"time"
)

// Dataset returns the dataset with the given id or name if the actor may
// read it: ENOTFOUND if absent, EFORBIDDEN if private or deleted and the
// actor is not allowed (as CKAN answers).
func (s *Service) Dataset(ctx context.Context, idOrName string) (*Dataset, error) {
	idOrName = strings.TrimSpace(idOrName)
	if idOrName == "" {
		return nil, FieldInvalid("id", "Pflichtfeld fehlt.", "Missing value")
	}
	d, err := s.loadDataset(ctx, idOrName)
	if err != nil {
		return nil, err
	}
	a := ActorFrom(ctx)
	if !a.CanRead(d) {
		return nil, Forbidden("User %s not authorized to read package %s", a.Name(), d.ID)
	}
	return d, nil
}

// CreateDataset authorises, fills defaults from the organisation,
// validates and stores a new dataset. It returns the stored dataset and the
// non-blocking findings (warnings).
func (s *Service) CreateDataset(ctx context.Context, d *Dataset) (*Dataset, []Finding, error) {
	a := ActorFrom(ctx)
	if !a.LoggedIn() {
		return nil, nil, Forbidden("User not authorized to create packages")
	}
	d = d.Clone()
	if d.ID != "" {
		if !a.IsSysadmin() {
			return nil, nil, FieldInvalid("id", "Nur Systemadministratoren dürfen die ID setzen.", "Only sysadmins may set the id")
		}
		if !IsUUID(d.ID) {
			return nil, nil, FieldInvalid("id", "Die ID muss eine UUID sein.", "The id must be a UUID")
		}
	} else {
		d.ID = s.newID()
	}
	org, err := s.ownerOrg(ctx, d.OrganizationID)
	if err != nil {
		return nil, nil, err
	}
	d.OrganizationID = org.ID
	if !a.CanEdit(org.ID) {
		return nil, nil, Forbidden("User %s not authorized to add dataset to organization %s", a.Name(), org.Name)
	}
	if e := CheckName("name", d.Name); e != nil {
		return nil, nil, e
	}
	if d.State == "" {
		d.State = StateActive
	}
	if d.State != StateActive && d.State != StateDraft {
		return nil, nil, FieldInvalid("state", "Ungültiger Status.", "Invalid state")
	}
	now := s.now()
	d.CreatedAt, d.ModifiedAt = now, now
	if a.User != nil {
		d.CreatorUserID = a.User.ID
	}
	s.applyDefaults(d, org, nil, now)
	warnings, err := s.validate(d)
	if err != nil {
		return nil, nil, err
	}
	seq, err := s.Store.CreateDataset(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	s.notifyIndex(seq)
	return d, warnings, nil
}

// UpdateDataset replaces a dataset whole (CKAN package_update semantics):
// fields not set in d are cleared. d.ID or d.Name identifies it. If
// ifModifiedAt is not zero, the update fails with ECONFLICT when the stored
// dataset changed since (optimistic concurrency).
func (s *Service) UpdateDataset(ctx context.Context, d *Dataset, ifModifiedAt time.Time) (*Dataset, []Finding, error) {
	key := d.ID
	if key == "" {
		key = d.Name
	}
	old, err := s.Store.Dataset(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	return s.replaceDataset(ctx, old, d, ifModifiedAt)
}

// replaceDataset writes d over old after authorisation and validation, and
// removes the files of distributions that d drops.
func (s *Service) replaceDataset(ctx context.Context, old, d *Dataset, ifModifiedAt time.Time) (*Dataset, []Finding, error) {
	a := ActorFrom(ctx)
	if !a.CanEdit(old.OrganizationID) {
		return nil, nil, Forbidden("User %s not authorized to edit package %s", a.Name(), old.ID)
	}
	if old.Harvest != nil && a != System {
		return nil, nil, &Error{Code: EFORBIDDEN,
			Message:   "Harvested datasets are maintained at their source; local edits would be overwritten by the next harvest",
			MessageDE: "Geerntete Datensätze werden an ihrer Quelle gepflegt; lokale Änderungen würden bei der nächsten Ernte überschrieben"}
	}
	d = d.Clone()
	d.ID = old.ID
	if d.Name == "" {
		d.Name = old.Name
	}
	if e := CheckName("name", d.Name); e != nil {
		return nil, nil, e
	}
	if d.OrganizationID == "" {
		d.OrganizationID = old.OrganizationID
	}
	org, err := s.ownerOrg(ctx, d.OrganizationID)
	if err != nil {
		return nil, nil, err
	}
	d.OrganizationID = org.ID
	if org.ID != old.OrganizationID && !a.CanEdit(org.ID) {
		return nil, nil, Forbidden("User %s not authorized to move dataset to organization %s", a.Name(), org.Name)
	}
	if d.State == "" {
		d.State = old.State
		if d.State == StateDeleted {
			d.State = StateActive // CKAN: updating a deleted dataset undeletes it
		}
	}
	if d.State != StateActive && d.State != StateDraft && d.State != StateDeleted {
		return nil, nil, FieldInvalid("state", "Ungültiger Status.", "Invalid state")
	}
	if d.Harvest == nil {
		d.Harvest = old.Harvest
	}
	now := s.now()
	d.CreatedAt, d.CreatorUserID = old.CreatedAt, old.CreatorUserID
	d.ModifiedAt = now
	if !d.ModifiedAt.After(old.ModifiedAt) {
		d.ModifiedAt = old.ModifiedAt.Add(time.Microsecond) // keep modified strictly increasing
	}
	s.applyDefaults(d, org, old, now)
	warnings, err := s.validate(d)
	if err != nil {
		return nil, nil, err
	}
	seq, err := s.Store.UpdateDataset(ctx, d, ifModifiedAt)
	if err != nil {
		return nil, nil, err
	}
	s.removeDroppedFiles(ctx, old, d)
	s.notifyIndex(seq)
	return d, warnings, nil
}

// DeleteDataset soft-deletes: the record stays (state deleted) for its
// organisation and sysadmins, and disappears from lists, search and DCAT.
// Files are kept until the dataset is purged.
func (s *Service) DeleteDataset(ctx context.Context, idOrName string) error {
	old, err := s.Store.Dataset(ctx, idOrName)
	if err != nil {
		return err
	}
	a := ActorFrom(ctx)
	if !a.CanEdit(old.OrganizationID) {
		return Forbidden("User %s not authorized to delete package %s", a.Name(), old.ID)
	}
	if old.State == StateDeleted {
		return nil
	}
	d := old.Clone()
	d.State = StateDeleted
	d.ModifiedAt = s.now()
	if !d.ModifiedAt.After(old.ModifiedAt) {
		d.ModifiedAt = old.ModifiedAt.Add(time.Microsecond)
	}
	seq, err := s.Store.UpdateDataset(ctx, d, old.ModifiedAt)
	if err != nil {
		return err
	}
	s.notifyIndex(seq)
	return nil
}

// ReleaseHarvested makes a harvested dataset a local one: its source was
// removed and its organisation keeps the dataset, editing it from now on.
// Only the harvester (System) may; a local dataset is left as it is.
func (s *Service) ReleaseHarvested(ctx context.Context, id string) error {
	if ActorFrom(ctx) != System {
		return Forbidden("only the harvester releases harvested datasets")
	}
	old, err := s.Store.Dataset(ctx, id)
	if err != nil {
		return err
	}
	if old.Harvest == nil {
		return nil
	}
	d := old.Clone()
	d.Harvest = nil
	d.ModifiedAt = s.now()
	if !d.ModifiedAt.After(old.ModifiedAt) {
		d.ModifiedAt = old.ModifiedAt.Add(time.Microsecond)
	}
	seq, err := s.Store.UpdateDataset(ctx, d, old.ModifiedAt)
	if err != nil {
		return err
	}
	s.notifyIndex(seq)
	return nil
}

// PurgeDataset removes a dataset and its files for good (sysadmins).
func (s *Service) PurgeDataset(ctx context.Context, idOrName string) error {
	a := ActorFrom(ctx)
	if !a.IsSysadmin() {
		return Forbidden("User %s not authorized to purge datasets", a.Name())
	}
	old, err := s.Store.Dataset(ctx, idOrName)
	if err != nil {
		return err
	}
	seq, err := s.Store.PurgeDataset(ctx, old.ID)
	if err != nil {
		return err
	}
	s.removeDroppedFiles(ctx, old, &Dataset{})
	s.notifyIndex(seq)
	return nil
}

// ownerOrg resolves the owning organisation (id or name); every dataset
// needs one, as CKAN requires by default.
func (s *Service) ownerOrg(ctx context.Context, idOrName string) (*Organization, error) {
	if strings.TrimSpace(idOrName) == "" {
		return nil, &Error{Code: EINVALID, Message: "Validation error", Fields: map[string][]FieldError{
			"organization_id": {{DE: "Eine Organisation muss angegeben werden.", EN: "An organization must be provided"}}}}
	}
	org, err := s.Store.Organization(ctx, idOrName)
	if ErrorCode(err) == ENOTFOUND || (err == nil && org.State == StateDeleted) {
		return nil, &Error{Code: EINVALID, Message: "Validation error", Fields: map[string][]FieldError{
			"organization_id": {{DE: "Organisation existiert nicht.", EN: "Organization does not exist"}}}}
	}
	return org, err
}

// applyDefaults fills what data officers should not have to type: the
// publisher and contributor ID from the organisation, ids and timestamps of
// distributions, and keeps upload metadata of distributions that a client
// re-sent without it (CKAN clients send only the url).
func (s *Service) applyDefaults(d *Dataset, org *Organization, old *Dataset, now time.Time) {
	if d.Publisher == nil || strings.TrimSpace(d.Publisher.Name) == "" {
		d.Publisher = org.Agent()
	}
	if len(d.ContributorIDs) == 0 && org.ContributorID != "" {
		d.ContributorIDs = []string{org.ContributorID}
	}
	if len(d.PoliticalGeocodingURIs) == 0 && org.PoliticalGeocodingURI != "" {
		d.PoliticalGeocodingURIs = []string{org.PoliticalGeocodingURI}
	}
	if d.PoliticalGeocodingLevel == "" && org.PoliticalGeocodingLevel != "" {
		d.PoliticalGeocodingLevel = org.PoliticalGeocodingLevel
	}
	seen := map[string]bool{}
	for i := range d.Distributions {
		r := &d.Distributions[i]
		var prev *Distribution
		if old != nil && r.ID != "" {
			prev, _ = old.Distribution(r.ID)
		}
		if r.ID == "" || seen[r.ID] || (prev == nil && !IsUUID(r.ID)) {
			r.ID = s.newID()
		}
		seen[r.ID] = true
		if prev != nil {
			r.CreatedAt = prev.CreatedAt
			if r.StorageKey == "" && prev.StorageKey != "" && r.AccessURL == "" && r.DownloadURL == "" {
				r.StorageKey, r.FileName = prev.StorageKey, prev.FileName
				if r.ByteSize == nil {
					r.ByteSize = prev.ByteSize
				}
				if r.Checksum == "" {
					r.Checksum = prev.Checksum
				}
				if r.MediaType == "" {
					r.MediaType = prev.MediaType
				}
			}
		}
		if r.CreatedAt.IsZero() {
			r.CreatedAt = now
		}
		if r.ModifiedAt.IsZero() || prev == nil || !sameDistribution(prev, r) {
			r.ModifiedAt = now
		}
		if r.License == "" && org.DefaultLicense != "" {
			r.License = org.DefaultLicense
		}
	}
}

func sameDistribution(a, b *Distribution) bool {
	x, y := *a, *b
	x.ModifiedAt, y.ModifiedAt = time.Time{}, time.Time{}
	x.Extras, y.Extras = nil, nil
	return x.Title == y.Title && x.Description == y.Description && x.AccessURL == y.AccessURL &&
		x.DownloadURL == y.DownloadURL && x.Format == y.Format && x.License == y.License &&
		x.StorageKey == y.StorageKey && x.Checksum == y.Checksum
}

// validate runs the DCAT-AP.de rules: errors block, except that drafts may
// lack mandatory values.
func (s *Service) validate(d *Dataset) ([]Finding, error) {
	if s.Validator == nil {
		return nil, nil
	}
	if n, ok := s.Validator.(Normalizer); ok {
		n.NormalizeDataset(d)
	}
	all := s.Validator.ValidateDataset(d)
	fields := map[string][]FieldError{}
	var warnings []Finding
	for _, f := range all {
		if f.Severity != SeverityError || (f.Missing && d.State == StateDraft) {
			warnings = append(warnings, f)
			continue
		}
		fields[f.Field] = append(fields[f.Field], FieldError{DE: f.DE, EN: f.EN})
	}
	if len(fields) > 0 {
		return nil, ValidationError(fields)
	}
	return warnings, nil
}

// ValidateDataset returns all findings for a stored dataset the actor may
// read (for publishers' quality views).
func (s *Service) ValidateDataset(ctx context.Context, idOrName string) (*Dataset, []Finding, error) {
	d, err := s.Dataset(ctx, idOrName)
	if err != nil {
		return nil, nil, err
	}
	if s.Validator == nil {
		return d, nil, nil
	}
	return d, s.Validator.ValidateDataset(d), nil
}
