package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

const datasetCols = `id, workspace_id, name, slug, description, status, version, row_count, spec, created_at, updated_at`

// DatasetInsert stores a dataset; a taken name or slug is ErrConflict.
func (o ops) DatasetInsert(ctx context.Context, d *store.Dataset) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO datasets (`+datasetCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		d.ID, d.WorkspaceID, d.Name, d.Slug, d.Description, d.Status, d.Version, d.RowCount, d.Spec,
		store.Micros(d.CreatedAt), store.Micros(d.UpdatedAt))
	if err != nil && o.db.D.IsUnique(err) {
		return store.ErrConflict
	}
	return err
}

// DatasetGet returns one dataset of the workspace.
func (o ops) DatasetGet(ctx context.Context, workspaceID, id string) (*store.Dataset, error) {
	return scanDataset(o.r.QueryRowContext(ctx, o.db.q(`SELECT `+datasetCols+` FROM datasets WHERE workspace_id = ? AND id = ?`), workspaceID, id))
}

// DatasetByName returns the workspace's dataset of that name.
func (o ops) DatasetByName(ctx context.Context, workspaceID, name string) (*store.Dataset, error) {
	return scanDataset(o.r.QueryRowContext(ctx, o.db.q(`SELECT `+datasetCols+` FROM datasets WHERE workspace_id = ? AND name = ?`), workspaceID, name))
}

// DatasetUpdate writes the mutable columns of a dataset.
func (o ops) DatasetUpdate(ctx context.Context, d *store.Dataset) error {
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE datasets SET description = ?, status = ?, version = ?, row_count = ?, spec = ?, updated_at = ?
		WHERE workspace_id = ? AND id = ?`), d.Description, d.Status, d.Version, d.RowCount, d.Spec, store.Micros(d.UpdatedAt), d.WorkspaceID, d.ID)
	return changedOne(res, err)
}

// DatasetList pages the workspace's datasets, newest first.
func (o ops) DatasetList(ctx context.Context, p store.DatasetListParams) ([]*store.Dataset, int, error) {
	where := `workspace_id = ?`
	args := []any{p.WorkspaceID}
	if p.Status != "" {
		where += ` AND status = ?`
		args = append(args, p.Status)
	}
	if p.Query != "" {
		where += ` AND (LOWER(name) LIKE ? ESCAPE '\' OR LOWER(slug) LIKE ? ESCAPE '\' OR LOWER(description) LIKE ? ESCAPE '\')`
		like := likePattern(p.Query)
		args = append(args, like, like, like)
	}
	for col, v := range map[string]string{"execution_id": p.SourceExecutionID, "document_id": p.SourceDocumentID} {
		if v == "" {
			continue
		}
		where += ` AND EXISTS (SELECT 1 FROM dataset_rows r WHERE r.workspace_id = datasets.workspace_id
			AND r.dataset_id = datasets.id AND r.version = datasets.version AND r.` + col + ` = ?)`
		args = append(args, v)
	}
	var total int
	if err := o.r.QueryRowContext(ctx, o.db.q(`SELECT count(*) FROM datasets WHERE `+where), args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT `+datasetCols+` FROM datasets WHERE `+where+`
		ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`), append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	list, err := collect(rows, scanDataset)
	return list, total, err
}

// DatasetDelete removes a dataset, its versions and its rows.
func (o ops) DatasetDelete(ctx context.Context, workspaceID, id string) error {
	for _, q := range []string{
		`DELETE FROM dataset_rows WHERE workspace_id = ? AND dataset_id = ?`,
		`DELETE FROM dataset_versions WHERE workspace_id = ? AND dataset_id = ?`,
	} {
		if _, err := o.w.ExecContext(ctx, o.db.q(q), workspaceID, id); err != nil {
			return err
		}
	}
	res, err := o.w.ExecContext(ctx, o.db.q(`DELETE FROM datasets WHERE workspace_id = ? AND id = ?`), workspaceID, id)
	return changedOne(res, err)
}

func scanDataset(s scanner) (*store.Dataset, error) {
	var d store.Dataset
	var created, updated int64
	err := s.Scan(&d.ID, &d.WorkspaceID, &d.Name, &d.Slug, &d.Description, &d.Status, &d.Version, &d.RowCount, &d.Spec, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	d.CreatedAt, d.UpdatedAt = store.FromMicros(created), store.FromMicros(updated)
	return &d, nil
}

const versionCols = `workspace_id, dataset_id, version, job_id, status, row_count, profile, schema_json, error, created_at, finished_at`

// DatasetVersionInsert stores a new version (a build that started).
func (o ops) DatasetVersionInsert(ctx context.Context, v *store.DatasetVersion) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO dataset_versions (`+versionCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		v.WorkspaceID, v.DatasetID, v.Version, v.JobID, v.Status, v.RowCount, v.Profile, v.Schema, v.Error,
		store.Micros(v.CreatedAt), micros(v.FinishedAt))
	if err != nil && o.db.D.IsUnique(err) {
		return store.ErrConflict
	}
	return err
}

// DatasetVersionGet returns one version of a dataset of the workspace.
func (o ops) DatasetVersionGet(ctx context.Context, workspaceID, datasetID string, version int) (*store.DatasetVersion, error) {
	return scanVersion(o.r.QueryRowContext(ctx, o.db.q(`SELECT `+versionCols+` FROM dataset_versions
		WHERE workspace_id = ? AND dataset_id = ? AND version = ?`), workspaceID, datasetID, version))
}

// DatasetVersionByJob returns the version a build job builds.
func (o ops) DatasetVersionByJob(ctx context.Context, workspaceID, jobID string) (*store.DatasetVersion, error) {
	return scanVersion(o.r.QueryRowContext(ctx, o.db.q(`SELECT `+versionCols+` FROM dataset_versions
		WHERE workspace_id = ? AND job_id = ?`), workspaceID, jobID))
}

// DatasetVersionList lists a dataset's versions, oldest first.
func (o ops) DatasetVersionList(ctx context.Context, workspaceID, datasetID string) ([]*store.DatasetVersion, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT `+versionCols+` FROM dataset_versions
		WHERE workspace_id = ? AND dataset_id = ? ORDER BY version`), workspaceID, datasetID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanVersion)
}

// DatasetVersionPage lists the workspace's builds, newest first.
func (o ops) DatasetVersionPage(ctx context.Context, p store.DatasetVersionPageParams) ([]*store.DatasetVersion, int, error) {
	where, args := `workspace_id = ?`, []any{p.WorkspaceID}
	if p.Status != "" {
		where += ` AND status = ?`
		args = append(args, p.Status)
	}
	var total int
	if err := o.r.QueryRowContext(ctx, o.db.q(`SELECT count(*) FROM dataset_versions WHERE `+where), args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT `+versionCols+` FROM dataset_versions WHERE `+where+`
		ORDER BY created_at DESC, job_id DESC LIMIT ? OFFSET ?`), append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	list, err := collect(rows, scanVersion)
	return list, total, err
}

// DatasetVersionFinish writes a build's outcome.
func (o ops) DatasetVersionFinish(ctx context.Context, v *store.DatasetVersion) error {
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE dataset_versions SET status = ?, row_count = ?, profile = ?, schema_json = ?, error = ?, finished_at = ?
		WHERE workspace_id = ? AND dataset_id = ? AND version = ?`),
		v.Status, v.RowCount, v.Profile, v.Schema, v.Error, micros(v.FinishedAt), v.WorkspaceID, v.DatasetID, v.Version)
	return changedOne(res, err)
}

// DatasetVersionPurge deletes old versions other than each dataset's
// current one, rows first, in one transaction.
func (db *DB) DatasetVersionPurge(ctx context.Context, workspaceID string, before time.Time) (int64, error) {
	// A version is old when it was created before the cutoff and it is
	// not the version its dataset currently serves.
	const old = `workspace_id = ? AND created_at < ? AND version <> (SELECT d.version FROM datasets d
		WHERE d.workspace_id = dataset_versions.workspace_id AND d.id = dataset_versions.dataset_id)`
	var n int64
	cut := store.Micros(before)
	err := db.txOn(ctx, db.Write, func(o ops) error {
		if _, err := o.w.ExecContext(ctx, db.q(`DELETE FROM dataset_rows WHERE EXISTS (SELECT 1 FROM dataset_versions
			WHERE dataset_versions.workspace_id = dataset_rows.workspace_id AND dataset_versions.dataset_id = dataset_rows.dataset_id
			AND dataset_versions.version = dataset_rows.version AND dataset_versions.status <> 'building' AND dataset_versions.`+old+`)`),
			workspaceID, cut); err != nil {
			return err
		}
		res, err := o.w.ExecContext(ctx, db.q(`DELETE FROM dataset_versions WHERE status <> 'building' AND `+old), workspaceID, cut)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

func scanVersion(s scanner) (*store.DatasetVersion, error) {
	var v store.DatasetVersion
	var created int64
	var finished sql.NullInt64
	err := s.Scan(&v.WorkspaceID, &v.DatasetID, &v.Version, &v.JobID, &v.Status, &v.RowCount, &v.Profile, &v.Schema, &v.Error, &created, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	v.CreatedAt, v.FinishedAt = store.FromMicros(created), fromNull(finished)
	return &v, nil
}

// DatasetRowsInsert appends rows in one statement per row.
func (o ops) DatasetRowsInsert(ctx context.Context, rows []store.DatasetRow) error {
	for _, r := range rows {
		if _, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO dataset_rows (workspace_id, dataset_id, version, seq, execution_id, document_id, body)
			VALUES (?, ?, ?, ?, ?, ?, ?)`), r.WorkspaceID, r.DatasetID, r.Version, r.Seq, r.ExecutionID, r.DocumentID, r.Body); err != nil {
			return err
		}
	}
	return nil
}

// DatasetRowsClear drops a version's rows.
func (o ops) DatasetRowsClear(ctx context.Context, workspaceID, datasetID string, version int) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`DELETE FROM dataset_rows WHERE workspace_id = ? AND dataset_id = ? AND version = ?`),
		workspaceID, datasetID, version)
	return err
}

func rowWhere(p store.DatasetRowParams) (string, []any) {
	where := `workspace_id = ? AND dataset_id = ? AND version = ? AND seq > ?`
	args := []any{p.WorkspaceID, p.DatasetID, p.Version, p.AfterSeq}
	if p.Query != "" {
		where += ` AND LOWER(body) LIKE ? ESCAPE '\'`
		args = append(args, likePattern(p.Query))
	}
	return where, args
}

// DatasetRowPage reads rows in order.
func (o ops) DatasetRowPage(ctx context.Context, p store.DatasetRowParams) ([]store.DatasetRow, error) {
	where, args := rowWhere(p)
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT workspace_id, dataset_id, version, seq, execution_id, document_id, body
		FROM dataset_rows WHERE `+where+` ORDER BY seq LIMIT ? OFFSET ?`), append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (store.DatasetRow, error) {
		var r store.DatasetRow
		err := s.Scan(&r.WorkspaceID, &r.DatasetID, &r.Version, &r.Seq, &r.ExecutionID, &r.DocumentID, &r.Body)
		return r, err
	})
}

// DatasetRowCount counts the selected rows.
func (o ops) DatasetRowCount(ctx context.Context, p store.DatasetRowParams) (int, error) {
	where, args := rowWhere(p)
	var n int
	err := o.r.QueryRowContext(ctx, o.db.q(`SELECT count(*) FROM dataset_rows WHERE `+where), args...).Scan(&n)
	return n, err
}

// likePattern is a case-insensitive substring pattern with LIKE's
// wildcards escaped, so a query of "50%" matches that text only.
func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(q)) + "%"
}

// changedOne is oneRow for an Exec whose error is not checked yet.
func changedOne(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	return oneRow(res)
}
