package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// MemberAdd adds a person to a workspace.
func (o ops) MemberAdd(ctx context.Context, m *store.Member) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO memberships (workspace_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)`),
		m.WorkspaceID, m.UserID, m.Role, store.Micros(m.JoinedAt))
	if err != nil && o.db.D.IsUnique(err) {
		return store.ErrConflict
	}
	return err
}

const memberSelect = `SELECT m.workspace_id, m.user_id, u.email, m.role, m.joined_at FROM memberships m JOIN users u ON u.id = m.user_id`

// MemberGet returns one membership.
func (o ops) MemberGet(ctx context.Context, workspaceID, userID string) (*store.Member, error) {
	return scanMember(o.r.QueryRowContext(ctx, o.db.q(memberSelect+` WHERE m.workspace_id = ? AND m.user_id = ?`), workspaceID, userID))
}

// MemberList returns the workspace's members, oldest first.
func (o ops) MemberList(ctx context.Context, workspaceID string) ([]*store.Member, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(memberSelect+` WHERE m.workspace_id = ? ORDER BY m.joined_at, m.user_id`), workspaceID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanMember)
}

// MembershipsOf returns the person's workspaces, oldest first.
func (o ops) MembershipsOf(ctx context.Context, userID string) ([]*store.Member, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(memberSelect+` WHERE m.user_id = ? ORDER BY m.joined_at, m.workspace_id`), userID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanMember)
}

// MemberSetRole changes a role, keeping an owner.
func (o ops) MemberSetRole(ctx context.Context, workspaceID, userID, role string) error {
	return o.changeMember(ctx, workspaceID, userID, role != "owner", func(t ops) (sql.Result, error) {
		return t.w.ExecContext(ctx, t.db.q(`UPDATE memberships SET role = ? WHERE workspace_id = ? AND user_id = ?`), role, workspaceID, userID)
	})
}

// MemberRemove takes a person out of a workspace, keeping an owner.
func (o ops) MemberRemove(ctx context.Context, workspaceID, userID string) error {
	return o.changeMember(ctx, workspaceID, userID, true, func(t ops) (sql.Result, error) {
		return t.w.ExecContext(ctx, t.db.q(`DELETE FROM memberships WHERE workspace_id = ? AND user_id = ?`), workspaceID, userID)
	})
}

// changeMember runs change in a transaction that holds the workspace row
// (PostgreSQL; SQLite has one writer), after checking that an owner
// remains when the change takes one away (losesOwner and the member is an
// owner).
func (o ops) changeMember(ctx context.Context, workspaceID, userID string, losesOwner bool, change func(ops) (sql.Result, error)) error {
	if o.jobsDue == nil {
		return o.db.txOn(ctx, o.db.Write, func(t ops) error { return t.changeMember(ctx, workspaceID, userID, losesOwner, change) })
	}
	var id string
	if err := o.w.QueryRowContext(ctx, o.db.q(`SELECT id FROM workspaces WHERE id = ?`+o.db.D.LockRow), workspaceID).Scan(&id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		return err
	}
	var role string
	err := o.w.QueryRowContext(ctx, o.db.q(`SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?`), workspaceID, userID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	if err != nil {
		return err
	}
	if losesOwner && role == "owner" {
		var owners int
		if err := o.w.QueryRowContext(ctx, o.db.q(`SELECT count(*) FROM memberships WHERE workspace_id = ? AND role = 'owner'`), workspaceID).Scan(&owners); err != nil {
			return err
		}
		if owners <= 1 {
			return store.ErrLastOwner
		}
	}
	res, err := change(o)
	if err != nil {
		return err
	}
	return oneRow(res)
}

func scanMember(s scanner) (*store.Member, error) {
	var m store.Member
	var joined int64
	err := s.Scan(&m.WorkspaceID, &m.UserID, &m.Email, &m.Role, &joined)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	m.JoinedAt = store.FromMicros(joined)
	return &m, nil
}

const invitationCols = `id, workspace_id, email, role, token_hash, invited_by, created_at, expires_at, accepted_at`

// InvitationInsert stores an invitation.
func (o ops) InvitationInsert(ctx context.Context, inv *store.Invitation) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`INSERT INTO invitations (`+invitationCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
		inv.ID, inv.WorkspaceID, inv.Email, inv.Role, inv.TokenHash, inv.InvitedBy, store.Micros(inv.CreatedAt), store.Micros(inv.ExpiresAt))
	return err
}

// InvitationByHash finds an invitation by its token's hash.
func (o ops) InvitationByHash(ctx context.Context, tokenHash string) (*store.Invitation, error) {
	var inv store.Invitation
	var created, expires int64
	var accepted sql.NullInt64
	err := o.r.QueryRowContext(ctx, o.db.q(`SELECT `+invitationCols+` FROM invitations WHERE token_hash = ?`), tokenHash).
		Scan(&inv.ID, &inv.WorkspaceID, &inv.Email, &inv.Role, &inv.TokenHash, &inv.InvitedBy, &created, &expires, &accepted)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	inv.CreatedAt, inv.ExpiresAt, inv.AcceptedAt = store.FromMicros(created), store.FromMicros(expires), fromNull(accepted)
	return &inv, nil
}

// InvitationAccept spends an invitation.
func (o ops) InvitationAccept(ctx context.Context, id string, at time.Time) error {
	res, err := o.w.ExecContext(ctx, o.db.q(`UPDATE invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL`), store.Micros(at), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return store.ErrConflict
	}
	return nil
}
