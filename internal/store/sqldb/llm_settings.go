package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"github.com/quarrydev/quarry/internal/store"
)

// LLMSettingsPut upserts the workspace's one row.
func (o ops) LLMSettingsPut(ctx context.Context, s *store.LLMSetting) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO llm_settings (workspace_id, provider, model, base_url, sealed_key, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (workspace_id) DO UPDATE SET provider = excluded.provider, model = excluded.model, base_url = excluded.base_url,
			sealed_key = excluded.sealed_key, updated_at = excluded.updated_at, updated_by = excluded.updated_by`),
		s.WorkspaceID, s.Provider, s.Model, s.BaseURL, s.SealedKey, store.Micros(s.UpdatedAt), s.UpdatedBy)
	return err
}

// LLMSettingsGet returns the workspace's settings.
func (o ops) LLMSettingsGet(ctx context.Context, workspaceID string) (*store.LLMSetting, error) {
	var s store.LLMSetting
	var at int64
	err := o.r.QueryRowContext(ctx, o.db.q(`SELECT workspace_id, provider, model, base_url, sealed_key, updated_at, updated_by
		FROM llm_settings WHERE workspace_id = ?`), workspaceID).
		Scan(&s.WorkspaceID, &s.Provider, &s.Model, &s.BaseURL, &s.SealedKey, &at, &s.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	s.UpdatedAt = store.FromMicros(at)
	return &s, nil
}

// LLMSettingsDelete removes the workspace's settings.
func (o ops) LLMSettingsDelete(ctx context.Context, workspaceID string) error {
	res, err := o.w.ExecContext(ctx, o.db.q(`DELETE FROM llm_settings WHERE workspace_id = ?`), workspaceID)
	if err != nil {
		return err
	}
	return oneRow(res)
}

const fineTuneCols = `id, workspace_id, dataset_id, dataset_version, base_model, suffix, provider_job_id, file_id, status, fine_tuned_model, error, created_at, updated_at`

// FineTuneInsert records a submitted job.
func (o ops) FineTuneInsert(ctx context.Context, f *store.FineTune) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO fine_tunes (`+fineTuneCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		f.ID, f.WorkspaceID, f.DatasetID, f.DatasetVersion, f.BaseModel, f.Suffix, f.ProviderJobID, f.FileID, f.Status,
		f.FineTunedModel, f.Error, store.Micros(f.CreatedAt), store.Micros(f.UpdatedAt))
	return err
}

// FineTuneGet returns one job of the workspace.
func (o ops) FineTuneGet(ctx context.Context, workspaceID, id string) (*store.FineTune, error) {
	var f store.FineTune
	var created, updated int64
	err := o.r.QueryRowContext(ctx, o.db.q(`SELECT `+fineTuneCols+` FROM fine_tunes WHERE workspace_id = ? AND id = ?`), workspaceID, id).
		Scan(&f.ID, &f.WorkspaceID, &f.DatasetID, &f.DatasetVersion, &f.BaseModel, &f.Suffix, &f.ProviderJobID, &f.FileID,
			&f.Status, &f.FineTunedModel, &f.Error, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	f.CreatedAt, f.UpdatedAt = store.FromMicros(created), store.FromMicros(updated)
	return &f, nil
}

// FineTuneUpdate writes the provider's latest word on the job.
func (o ops) FineTuneUpdate(ctx context.Context, f *store.FineTune) error {
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE fine_tunes SET status = ?, fine_tuned_model = ?, error = ?, updated_at = ?
		WHERE workspace_id = ? AND id = ?`), f.Status, f.FineTunedModel, f.Error, store.Micros(f.UpdatedAt), f.WorkspaceID, f.ID)
	if err != nil {
		return err
	}
	return oneRow(res)
}
