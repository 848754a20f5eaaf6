package catalog

import (
	"context"
	"time"
)

// Change operations in the change log.
const (
	OpCreate = "create"
	OpUpdate = "update"
	OpDelete = "delete" // soft delete: state became "deleted"
	OpPurge  = "purge"  // the record is gone
)

// Change is one entry of the change log. Every dataset write appends one in
// the same transaction, so the search index, DCAT modified_since and the
// change feed can follow the store without missing a write.
type Change struct {
	Seq       int64  `json:"seq"`
	DatasetID string `json:"dataset_id"`
	Name      string `json:"name"`
	Op        string `json:"op"`
	// Public is whether the dataset was publicly visible (active and not
	// private) after this change; feeds for anonymous readers report a
	// change to non-public as a deletion.
	Public         bool      `json:"public"`
	OrganizationID string    `json:"organization_id,omitempty"`
	At             time.Time `json:"at"`
	// Hidden is set by the Service for readers who may not learn of this
	// change (a dataset that was never public to them): feeds skip it but
	// continue after its Seq.
	Hidden bool `json:"-"`
}

// Visibility says which private datasets a reader may see; public ones are
// always visible. The zero value means public only.
type Visibility struct {
	AllPrivate bool     // sysadmins
	OrgIDs     []string // organisations whose private datasets are visible
}

// Dataset list orders.
const (
	OrderName         = "name"          // name ascending (package_list)
	OrderModified     = "modified"      // metadata modified ascending, then id (datenportal copy)
	OrderModifiedDesc = "modified_desc" // newest first, then id
	// OrderCreated is created ascending, then id: the DCAT catalogue
	// pages. Edits keep CreatedAt, so a dataset never moves in this order
	// and a walk continued with After neither skips nor repeats one.
	OrderCreated = "created"
)

// DatasetCursor is a position in OrderCreated: the sort key of one
// dataset. It stays meaningful after that dataset is deleted or purged,
// because it compares keys rather than pointing at a row.
type DatasetCursor struct {
	CreatedAt time.Time // compared at microsecond precision, as stored
	ID        string
}

// DatasetFilter selects datasets for listing. The zero value lists active,
// public datasets by name.
type DatasetFilter struct {
	States          []string // default: active only
	Visibility      Visibility
	OrganizationID  string
	ModifiedSince   time.Time // metadata modified at or after
	HarvestSourceID string
	Order           string
	// After, if set, lists only datasets strictly after this key (keyset
	// paging); it requires OrderCreated, other orders fail with EINVALID.
	// Offset then counts from the cursor, not from the first dataset.
	After         *DatasetCursor
	Offset, Limit int // Limit 0 = no limit
}

// Store is the metadata store: the truth that everything else derives from.
// Implementations (storage/sqlite, storage/postgres) pass storage/storetest.
// Writes are atomic: a dataset with its distributions and its change-log
// entry is stored whole or not at all.
type Store interface {
	// CreateDataset inserts d. A taken id or name gives ECONFLICT with the
	// field named in Fields.
	CreateDataset(ctx context.Context, d *Dataset) (seq int64, err error)
	// UpdateDataset replaces the stored dataset with d.ID. If ifModifiedAt
	// is not zero and the stored ModifiedAt differs, it fails with
	// ECONFLICT and writes nothing (optimistic concurrency).
	UpdateDataset(ctx context.Context, d *Dataset, ifModifiedAt time.Time) (seq int64, err error)
	// PurgeDataset removes the record for good.
	PurgeDataset(ctx context.Context, id string) (seq int64, err error)
	// Dataset finds a dataset by id or name, in any state.
	Dataset(ctx context.Context, idOrName string) (*Dataset, error)
	// DatasetVersion returns the id and ModifiedAt of a dataset by id or
	// name without decoding it, so callers can validate a cached copy.
	DatasetVersion(ctx context.Context, idOrName string) (id string, modifiedAt time.Time, err error)
	// DatasetVersions returns the ModifiedAt of each of ids that exists
	// (absent ids are missing from the map), in one round trip, so a page
	// of search hits validates its cached copies at once.
	DatasetVersions(ctx context.Context, ids []string) (map[string]time.Time, error)
	// DatasetsByID returns the datasets of ids that exist, in any state,
	// keyed by id, in one round trip.
	DatasetsByID(ctx context.Context, ids []string) (map[string]*Dataset, error)
	// DatasetByDistribution finds the dataset holding a distribution id.
	DatasetByDistribution(ctx context.Context, distributionID string) (*Dataset, error)
	// EachDataset streams the datasets matching f to fn in order, holding
	// only a bounded number in memory; fn's error stops and is returned.
	EachDataset(ctx context.Context, f DatasetFilter, fn func(*Dataset) error) error
	// CountDatasets counts the datasets matching f (ignoring After,
	// Offset and Limit: the whole list, as Hydra's totalItems needs).
	CountDatasets(ctx context.Context, f DatasetFilter) (int, error)
	// DatasetNames lists names matching f in f.Order.
	DatasetNames(ctx context.Context, f DatasetFilter) ([]string, error)
	// CountByOrganization counts datasets matching f per organisation id.
	CountByOrganization(ctx context.Context, f DatasetFilter) (map[string]int, error)

	// Changes returns up to limit change-log entries with Seq > after, in
	// Seq order. No entry is ever skipped: a reader that has seen Seq n
	// never later finds a committed entry with Seq ≤ n it has not seen.
	Changes(ctx context.Context, after int64, limit int) ([]Change, error)
	// WasPublic reports whether any change-log entry of the dataset with a
	// sequence below beforeSeq left it public (so a reader of public data
	// may already know it).
	WasPublic(ctx context.Context, datasetID string, beforeSeq int64) (bool, error)
	// LastSeq is the highest committed sequence (0 if none).
	LastSeq(ctx context.Context) (int64, error)

	CreateOrganization(ctx context.Context, o *Organization) error
	UpdateOrganization(ctx context.Context, o *Organization) error
	Organization(ctx context.Context, idOrName string) (*Organization, error)
	Organizations(ctx context.Context) ([]*Organization, error)

	CreateUser(ctx context.Context, u *User) error
	UpdateUser(ctx context.Context, u *User) error
	User(ctx context.Context, idOrName string) (*User, error)
	Users(ctx context.Context) ([]*User, error)

	CreateToken(ctx context.Context, t *Token) error
	TokenByHash(ctx context.Context, hash string) (*Token, error)
	Tokens(ctx context.Context, userID string) ([]*Token, error)
	DeleteToken(ctx context.Context, id string) error
	TouchToken(ctx context.Context, id string, at time.Time) error

	SetMembership(ctx context.Context, m Membership) error
	DeleteMembership(ctx context.Context, orgID, userID string) error
	Memberships(ctx context.Context, userID string) ([]Membership, error)
	Members(ctx context.Context, orgID string) ([]Membership, error)

	// AddDownloads adds download counts per distribution id in one write.
	AddDownloads(ctx context.Context, counts map[string]int64) error
	// Downloads returns the download count per distribution id.
	Downloads(ctx context.Context, distributionIDs []string) (map[string]int64, error)

	Ping(ctx context.Context) error
	Close() error
}
