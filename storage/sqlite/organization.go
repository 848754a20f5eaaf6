package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/datenportal/datenportal/catalog"
)

// CreateOrganization inserts o; a taken id or name is ECONFLICT.
func (s *Store) CreateOrganization(ctx context.Context, o *catalog.Organization) error {
	doc, err := encodeOrganization(o)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO organizations (id, name, doc) VALUES (?, ?, ?)", o.ID, o.Name, doc)
		if isConstraint(err) {
			return uniqueConflict(ctx, tx, "organizations", o.ID, o.Name, msgURLTaken)
		}
		return err
	})
}

// UpdateOrganization replaces the organisation with o.ID.
func (s *Store) UpdateOrganization(ctx context.Context, o *catalog.Organization) error {
	doc, err := encodeOrganization(o)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE organizations SET name = ?, doc = ? WHERE id = ?", o.Name, doc, o.ID)
		if isConstraint(err) {
			return uniqueConflict(ctx, tx, "organizations", o.ID, o.Name, msgURLTaken)
		}
		return affected(res, err, "Organization")
	})
}

func encodeOrganization(o *catalog.Organization) ([]byte, error) {
	if o == nil {
		return nil, errMissing
	}
	if err := checkIDName(o.ID, o.Name); err != nil {
		return nil, err
	}
	c := *o
	c.CreatedAt = normTime(c.CreatedAt)
	return encodeDoc(&c)
}

// Organization finds an organisation by id, or else by name.
func (s *Store) Organization(ctx context.Context, idOrName string) (*catalog.Organization, error) {
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	var doc []byte
	err := s.r.QueryRowContext(ctx,
		"SELECT doc FROM organizations WHERE id = ?1 OR name = ?1 ORDER BY id = ?1 DESC LIMIT 1", idOrName).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, catalog.NotFound("Organization")
	}
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return decodeOrganization(doc)
}

// Organizations lists every organisation by name.
func (s *Store) Organizations(ctx context.Context) ([]*catalog.Organization, error) {
	if s.closed.Load() {
		return nil, s.fail(ctx, errClosed)
	}
	rows, err := s.r.QueryContext(ctx, "SELECT doc FROM organizations ORDER BY name")
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	defer rows.Close()
	var out []*catalog.Organization
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, s.fail(ctx, err)
		}
		o, err := decodeOrganization(doc)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, s.fail(ctx, rows.Err())
}

func decodeOrganization(doc []byte) (*catalog.Organization, error) {
	var o catalog.Organization
	if err := json.Unmarshal(doc, &o); err != nil {
		return nil, catalog.Internal(errors.New("sqlite: corrupt organization document: " + err.Error()))
	}
	return &o, nil
}
