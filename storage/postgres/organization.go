package postgres

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/datenportal/datenportal/catalog"
)

// CreateOrganization inserts o; a taken id or name is ECONFLICT.
func (s *Store) CreateOrganization(ctx context.Context, o *catalog.Organization) error {
	doc, err := encodeOrganization(o)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "INSERT INTO organizations (id, name, doc) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", o.ID, o.Name, doc)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return uniqueConflict(ctx, tx, "organizations", o.ID, o.Name, msgURLTaken)
		}
		return nil
	})
}

// UpdateOrganization replaces the organisation with o.ID.
func (s *Store) UpdateOrganization(ctx context.Context, o *catalog.Organization) error {
	doc, err := encodeOrganization(o)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE organizations SET name = $1, doc = $2 WHERE id = $3", o.Name, doc, o.ID)
		if constraintViolated(err, uniqueViolation) == "organizations_name_key" {
			return conflict("name", msgURLTaken)
		}
		return affected(tag.RowsAffected(), err, "Organization")
	})
}

func encodeOrganization(o *catalog.Organization) (string, error) {
	if o == nil {
		return "", errMissing
	}
	if err := checkIDName(o.ID, o.Name); err != nil {
		return "", err
	}
	c := *o
	c.CreatedAt = normTime(c.CreatedAt)
	doc, err := encodeDoc(&c)
	return string(doc), err
}

// Organization finds an organisation by id, or else by name.
func (s *Store) Organization(ctx context.Context, idOrName string) (*catalog.Organization, error) {
	if !storable(idOrName) {
		return nil, s.notFound(ctx, "Organization")
	}
	var doc []byte
	err := s.read(ctx, func(q querier) error {
		return q.QueryRow(ctx,
			"SELECT doc FROM organizations WHERE id = $1 OR name = $1 ORDER BY id = $1 DESC LIMIT 1", idOrName).Scan(&doc)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, catalog.NotFound("Organization")
	}
	if err != nil {
		return nil, err
	}
	return decodeOrganization(doc)
}

// Organizations lists every organisation by name.
func (s *Store) Organizations(ctx context.Context) ([]*catalog.Organization, error) {
	var out []*catalog.Organization
	err := s.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, "SELECT doc FROM organizations ORDER BY name")
		if err != nil {
			return err
		}
		out, err = collect(rows, func(r pgx.CollectableRow) (*catalog.Organization, error) {
			var doc []byte
			if err := r.Scan(&doc); err != nil {
				return nil, err
			}
			return decodeOrganization(doc)
		})
		return err
	})
	return out, err
}

func decodeOrganization(doc []byte) (*catalog.Organization, error) {
	var o catalog.Organization
	if err := json.Unmarshal(doc, &o); err != nil {
		return nil, catalog.Internal(errors.New("postgres: corrupt organization document: " + err.Error()))
	}
	return &o, nil
}
