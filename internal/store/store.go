// Package store defines Quarry's storage seam: the records it keeps and the
// Store interface that each database driver (sqlite/, postgres/)
// implements. Methods are named noun-then-verb and take params structs, so
// a new filter never changes a signature. storetest.Exercise runs the same
// cases against every driver.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/quarrydev/quarry/internal/tenant"
)

// DefaultWorkspace owns every row while authentication is off.
const DefaultWorkspace = tenant.Default

// ErrNotFound is returned when a row does not exist (in this workspace).
var ErrNotFound = errors.New("store: not found")

// ErrConflict is returned when a unique key (an idempotency key) is taken.
var ErrConflict = errors.New("store: conflict")

// Store is everything Quarry persists.
type Store interface {
	Ping(ctx context.Context) error
	Close() error

	WorkspaceEnsure(ctx context.Context, p WorkspaceEnsureParams) error

	ExtractionInsert(ctx context.Context, e *Extraction) error
	ExtractionGet(ctx context.Context, workspaceID, id string) (*Extraction, error)
	ExtractionGetByIdempotencyKey(ctx context.Context, workspaceID, key string) (*Extraction, error)
	ExtractionList(ctx context.Context, p ExtractionListParams) ([]*Extraction, int, error)
	ExtractionUpdate(ctx context.Context, p ExtractionUpdateParams) (*Extraction, error)

	Queue
}

// WorkspaceEnsureParams creates a workspace if it does not exist.
type WorkspaceEnsureParams struct {
	ID   string
	Name string
}

// Extraction is one stored extraction, sync or async.
type Extraction struct {
	ID             string
	WorkspaceID    string
	Mode           string // "sync" | "async"
	Status         string // api.Extraction* values
	SubmittedAt    time.Time
	StartedAt      *time.Time
	FinishedAt     *time.Time
	Attempts       int
	Error          *string
	IdempotencyKey string
	CorrelationID  string
	TenantID       string
	CallbackURL    string
	Request        []byte // request JSON; file bytes replaced by blob keys
	Result         []byte // ExtractionResult JSON, nil until succeeded
	PostProcessing []byte // api.PostProcessing JSON, nil when not requested
	Metadata       []byte // submit-time metadata JSON
}

// ExtractionListParams filters a listing; empty fields do not filter.
type ExtractionListParams struct {
	WorkspaceID          string
	Statuses             []string
	PostProcessingStatus []string
	IdempotencyKey       string
	CreatedAfter         *time.Time
	CreatedBefore        *time.Time
	Limit, Offset        int
}

// ExtractionUpdateParams changes an extraction. Only set fields change.
// When FromStatuses is non-empty the update applies only if the row's
// current status is one of them (compare-and-set); otherwise ErrConflict.
type ExtractionUpdateParams struct {
	WorkspaceID    string
	ID             string
	FromStatuses   []string
	Status         *string
	StartedAt      *time.Time
	FinishedAt     *time.Time
	Attempts       *int
	Error          *string
	ClearError     bool
	Result         []byte
	PostProcessing []byte
}

// Micros converts a time to the integer microseconds both drivers store
// (sortable, dialect-free).
func Micros(t time.Time) int64 { return t.UTC().UnixMicro() }

// FromMicros is the inverse of Micros.
func FromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// PostProcessingStatus extracts post_processing.bbox_refinement.status from
// the stored JSON so drivers can index it for the listing filter.
func PostProcessingStatus(pp []byte) string {
	if len(pp) == 0 {
		return ""
	}
	var v struct {
		BboxRefinement *struct {
			Status string `json:"status"`
		} `json:"bbox_refinement"`
	}
	if json.Unmarshal(pp, &v) != nil || v.BboxRefinement == nil {
		return ""
	}
	return v.BboxRefinement.Status
}
