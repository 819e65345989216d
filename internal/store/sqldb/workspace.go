package sqldb

import (
	"context"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// WorkspaceEnsure creates the workspace if missing.
func (o ops) WorkspaceEnsure(ctx context.Context, p store.WorkspaceEnsureParams) error {
	name := p.Name
	if name == "" {
		name = p.ID
	}
	_, err := o.w.ExecContext(ctx,
		o.db.q(`INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`),
		p.ID, name, store.Micros(time.Now()))
	return err
}
