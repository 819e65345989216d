package store

import (
	"context"
	"encoding/json"
	"time"
)

// Extractions stores extraction records, sync and async.
type Extractions interface {
	// ExtractionInsert stores a new extraction. A taken idempotency key
	// gives ErrConflict.
	ExtractionInsert(ctx context.Context, e *Extraction) error
	ExtractionGet(ctx context.Context, workspaceID, id string) (*Extraction, error)
	ExtractionGetByIdempotencyKey(ctx context.Context, workspaceID, key string) (*Extraction, error)
	// ExtractionList returns a page newest first with the filtered total.
	ExtractionList(ctx context.Context, p ExtractionListParams) ([]*Extraction, int, error)
	// ExtractionUpdate applies p and returns the updated row.
	ExtractionUpdate(ctx context.Context, p ExtractionUpdateParams) (*Extraction, error)
	// ExtractionRequestScan calls fn with the stored request JSON of every
	// extraction of every workspace, in pages, so that the blob sweep can
	// learn which blob keys rows still reference without holding the
	// table in memory or one long read open. An error from fn stops it.
	ExtractionRequestScan(ctx context.Context, fn func(request []byte) error) error
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
