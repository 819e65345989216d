package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// WorkspaceEnsure creates the workspace if missing.
func (o ops) WorkspaceEnsure(ctx context.Context, p store.WorkspaceEnsureParams) error {
	name := p.Name
	if name == "" {
		name = p.ID
	}
	plan := p.Plan
	if plan == "" {
		plan = "trial"
	}
	now := store.Micros(time.Now())
	_, err := o.w.ExecContext(ctx,
		o.db.q(`INSERT INTO workspaces (id, name, plan, plan_since, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
		p.ID, name, plan, now, now)
	return err
}

const workspaceCols = `id, name, plan, plan_since, created_at`

// WorkspaceGet returns one workspace.
func (o ops) WorkspaceGet(ctx context.Context, id string) (*store.Workspace, error) {
	return scanWorkspace(o.r.QueryRowContext(ctx, o.db.q(`SELECT `+workspaceCols+` FROM workspaces WHERE id = ?`), id))
}

// WorkspaceList returns every workspace, oldest first.
func (o ops) WorkspaceList(ctx context.Context) ([]*store.Workspace, error) {
	rows, err := o.r.QueryContext(ctx, `SELECT `+workspaceCols+` FROM workspaces ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanWorkspace)
}

// WorkspaceSetPlan changes the plan; its periods count from at.
func (o ops) WorkspaceSetPlan(ctx context.Context, id, plan string, at time.Time) error {
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE workspaces SET plan = ?, plan_since = ? WHERE id = ?`), plan, store.Micros(at), id)
	if err != nil {
		return err
	}
	return oneRow(res)
}

func scanWorkspace(s scanner) (*store.Workspace, error) {
	var w store.Workspace
	var since, created int64
	err := s.Scan(&w.ID, &w.Name, &w.Plan, &since, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	w.PlanSince, w.CreatedAt = store.FromMicros(since), store.FromMicros(created)
	return &w, nil
}

// oneRow turns "no row changed" into ErrNotFound.
func oneRow(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return store.ErrNotFound
	}
	return nil
}
