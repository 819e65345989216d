package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/quarrydev/quarry/internal/store"
)

const extractionCols = `id, workspace_id, mode, status, submitted_at, started_at, finished_at, attempts, error,
	idempotency_key, correlation_id, tenant_id, callback_url, request, result, post_processing, metadata`

// ExtractionInsert stores a new extraction. A taken idempotency key gives
// store.ErrConflict.
func (o ops) ExtractionInsert(ctx context.Context, e *store.Extraction) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO extractions (`+extractionCols+`, pp_status)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		e.ID, e.WorkspaceID, e.Mode, e.Status, store.Micros(e.SubmittedAt), micros(e.StartedAt), micros(e.FinishedAt),
		e.Attempts, e.Error, e.IdempotencyKey, e.CorrelationID, e.TenantID, e.CallbackURL,
		e.Request, e.Result, e.PostProcessing, e.Metadata, store.PostProcessingStatus(e.PostProcessing))
	if err != nil && o.db.D.IsUnique(err) {
		return store.ErrConflict
	}
	return err
}

// ExtractionGet returns one extraction of the workspace.
func (o ops) ExtractionGet(ctx context.Context, workspaceID, id string) (*store.Extraction, error) {
	row := o.r.QueryRowContext(ctx, o.db.q(`SELECT `+extractionCols+` FROM extractions WHERE workspace_id = ? AND id = ?`), workspaceID, id)
	return scanExtraction(row)
}

// ExtractionGetByIdempotencyKey returns the extraction submitted with key.
func (o ops) ExtractionGetByIdempotencyKey(ctx context.Context, workspaceID, key string) (*store.Extraction, error) {
	row := o.r.QueryRowContext(ctx, o.db.q(`SELECT `+extractionCols+` FROM extractions WHERE workspace_id = ? AND idempotency_key = ? AND idempotency_key <> ''`), workspaceID, key)
	return scanExtraction(row)
}

// ExtractionList lists newest first with the filtered total.
func (o ops) ExtractionList(ctx context.Context, p store.ExtractionListParams) ([]*store.Extraction, int, error) {
	where := []string{"workspace_id = ?"}
	args := []any{p.WorkspaceID}
	in := func(col string, vals []string) {
		if len(vals) == 0 {
			return
		}
		where = append(where, col+" IN ("+marks(len(vals))+")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	in("status", p.Statuses)
	in("pp_status", p.PostProcessingStatus)
	if p.IdempotencyKey != "" {
		where = append(where, "idempotency_key = ?")
		args = append(args, p.IdempotencyKey)
	}
	if p.CreatedAfter != nil {
		where = append(where, "submitted_at >= ?")
		args = append(args, store.Micros(*p.CreatedAfter))
	}
	if p.CreatedBefore != nil {
		where = append(where, "submitted_at <= ?")
		args = append(args, store.Micros(*p.CreatedBefore))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := o.r.QueryRowContext(ctx, o.db.q(`SELECT COUNT(*) FROM extractions WHERE `+cond), args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT `+extractionCols+` FROM extractions WHERE `+cond+
		` ORDER BY submitted_at DESC, id DESC LIMIT ? OFFSET ?`), append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	out, err := collect(rows, scanExtraction)
	return out, total, err
}

// ExtractionUpdate applies the set fields, optionally as compare-and-set on
// the current status, and returns the updated row.
func (o ops) ExtractionUpdate(ctx context.Context, p store.ExtractionUpdateParams) (*store.Extraction, error) {
	var sets []string
	var args []any
	set := func(col string, v any) {
		sets = append(sets, col+" = ?")
		args = append(args, v)
	}
	if p.Status != nil {
		set("status", *p.Status)
	}
	if p.StartedAt != nil {
		set("started_at", store.Micros(*p.StartedAt))
	}
	if p.FinishedAt != nil {
		set("finished_at", store.Micros(*p.FinishedAt))
	}
	if p.Attempts != nil {
		set("attempts", *p.Attempts)
	}
	if p.Error != nil {
		set("error", *p.Error)
	} else if p.ClearError {
		set("error", nil)
	}
	if p.Result != nil {
		set("result", p.Result)
	}
	if p.PostProcessing != nil {
		set("post_processing", p.PostProcessing)
		set("pp_status", store.PostProcessingStatus(p.PostProcessing))
	}
	if len(sets) > 0 {
		q := `UPDATE extractions SET ` + strings.Join(sets, ", ") + ` WHERE workspace_id = ? AND id = ?`
		args = append(args, p.WorkspaceID, p.ID)
		if len(p.FromStatuses) > 0 {
			q += " AND status IN (" + marks(len(p.FromStatuses)) + ")"
			for _, s := range p.FromStatuses {
				args = append(args, s)
			}
		}
		res, err := o.w.ExecContext(ctx, o.db.q(q), args...)
		if err != nil {
			return nil, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := o.getFrom(ctx, o.w, p.WorkspaceID, p.ID); err != nil {
				return nil, err
			}
			return nil, store.ErrConflict
		}
	}
	// Read back on the write handle: inside a transaction that is the
	// transaction, and on the pools it sees the write at once.
	return o.getFrom(ctx, o.w, p.WorkspaceID, p.ID)
}

func (o ops) getFrom(ctx context.Context, x execer, workspaceID, id string) (*store.Extraction, error) {
	row := x.QueryRowContext(ctx, o.db.q(`SELECT `+extractionCols+` FROM extractions WHERE workspace_id = ? AND id = ?`), workspaceID, id)
	return scanExtraction(row)
}

func scanExtraction(s scanner) (*store.Extraction, error) {
	var (
		e                 store.Extraction
		submitted         int64
		started, finished sql.NullInt64
		errText           sql.NullString
	)
	err := s.Scan(&e.ID, &e.WorkspaceID, &e.Mode, &e.Status, &submitted, &started, &finished, &e.Attempts, &errText,
		&e.IdempotencyKey, &e.CorrelationID, &e.TenantID, &e.CallbackURL, &e.Request, &e.Result, &e.PostProcessing, &e.Metadata)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	e.SubmittedAt = store.FromMicros(submitted)
	e.StartedAt = fromNull(started)
	e.FinishedAt = fromNull(finished)
	if errText.Valid {
		e.Error = &errText.String
	}
	return &e, nil
}

// requestScanPage is how many requests one query of ExtractionRequestScan
// reads: big enough that a sweep over a large table is a few hundred
// queries, small enough that none holds the read pool for long.
const requestScanPage = 500

// ExtractionRequestScan pages through every row's request by id (the
// primary key), across workspaces.
func (o ops) ExtractionRequestScan(ctx context.Context, fn func(request []byte) error) error {
	after := ""
	for {
		rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT id, request FROM extractions WHERE id > ? ORDER BY id LIMIT ?`),
			after, requestScanPage)
		if err != nil {
			return err
		}
		type row struct {
			id      string
			request []byte
		}
		page, err := collect(rows, func(s scanner) (row, error) {
			var r row
			err := s.Scan(&r.id, &r.request)
			return r, err
		})
		if err != nil {
			return err
		}
		for _, r := range page {
			if err := fn(r.request); err != nil {
				return err
			}
		}
		if len(page) < requestScanPage {
			return nil
		}
		after = page[len(page)-1].id
	}
}
