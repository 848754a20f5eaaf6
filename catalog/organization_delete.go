package catalog

import (
	"context"
	"fmt"
)

// DeleteOrganization marks an organisation deleted, as CKAN's
// organization_delete does: it leaves lists, pickers and the portal, and
// no dataset can be published in it any more; the record stays for
// sysadmins. Only sysadmins may, and only while no active or draft dataset
// and no harvest source belongs to it: every dataset needs a publisher.
func (s *Service) DeleteOrganization(ctx context.Context, idOrName string) error {
	a := ActorFrom(ctx)
	if !a.IsSysadmin() {
		return Forbidden("User %s not authorized to delete organizations", a.Name())
	}
	org, err := s.Store.Organization(ctx, idOrName)
	if err != nil {
		return err
	}
	if org.State == StateDeleted {
		return nil
	}
	n, err := s.Store.CountDatasets(ctx, DatasetFilter{OrganizationID: org.ID,
		States: []string{StateActive, StateDraft}, Visibility: Visibility{AllPrivate: true}})
	if err != nil {
		return err
	}
	if n > 0 {
		return &Error{Code: ECONFLICT,
			Message:   fmt.Sprintf("Organization cannot be deleted while it still has datasets (%d)", n),
			MessageDE: fmt.Sprintf("Die Organisation hat noch Datensätze (%d) und kann nicht gelöscht werden", n)}
	}
	if s.HarvestSources != nil {
		n, err := s.HarvestSources(ctx, org.ID)
		if err != nil {
			return err
		}
		if n > 0 {
			return &Error{Code: ECONFLICT,
				Message:   fmt.Sprintf("Organization cannot be deleted while harvest sources fill it (%d)", n),
				MessageDE: fmt.Sprintf("Die Organisation wird noch von Ernte-Quellen befüllt (%d) und kann nicht gelöscht werden", n)}
		}
	}
	c := *org
	c.State = StateDeleted
	if err := s.Store.UpdateOrganization(ctx, &c); err != nil {
		return err
	}
	s.orgs.clear()
	return nil
}
