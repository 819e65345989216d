package store

import (
	"context"
	"errors"
	"time"
)

// Team holds who belongs to which workspace with which role, and the
// invitations to join one.
type Team interface {
	// MemberAdd adds a person to a workspace; ErrConflict when they
	// already belong to it.
	MemberAdd(ctx context.Context, m *Member) error
	// MemberGet is one membership; ErrNotFound when the person does not
	// belong to the workspace.
	MemberGet(ctx context.Context, workspaceID, userID string) (*Member, error)
	// MemberList is the workspace's members with their e-mails, oldest first.
	MemberList(ctx context.Context, workspaceID string) ([]*Member, error)
	// MembershipsOf is every workspace a person belongs to, oldest first.
	MembershipsOf(ctx context.Context, userID string) ([]*Member, error)
	// MemberSetRole and MemberRemove change one membership. Both keep at
	// least one owner in the workspace: taking away the last owner is
	// ErrLastOwner. Outside a transaction they open one; on PostgreSQL the
	// workspace row is locked, so two owners demoting each other at once
	// cannot both succeed.
	MemberSetRole(ctx context.Context, workspaceID, userID, role string) error
	MemberRemove(ctx context.Context, workspaceID, userID string) error

	InvitationInsert(ctx context.Context, inv *Invitation) error
	// InvitationByHash finds an invitation by its token's hash, accepted
	// or expired ones included (the caller decides).
	InvitationByHash(ctx context.Context, tokenHash string) (*Invitation, error)
	// InvitationAccept marks a pending invitation accepted; ErrConflict
	// when it was accepted already (a token works once).
	InvitationAccept(ctx context.Context, id string, at time.Time) error
}

// ErrLastOwner refuses a change that would leave a workspace without an owner.
var ErrLastOwner = errors.New("store: a workspace keeps at least one owner")

// Member is one person in one workspace.
type Member struct {
	WorkspaceID string
	UserID      string
	Email       string // filled by MemberList and MembershipsOf
	Role        string
	JoinedAt    time.Time
}

// Invitation lets whoever holds its token join the workspace with the role.
type Invitation struct {
	ID          string
	WorkspaceID string
	Email       string
	Role        string
	TokenHash   string // SHA-256 of the token; the token itself is never stored
	InvitedBy   string // the inviting user or key
	CreatedAt   time.Time
	ExpiresAt   time.Time
	AcceptedAt  *time.Time
}
