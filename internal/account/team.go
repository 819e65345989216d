package account

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// InviteTTL is how long an invitation can be accepted (the 7 days of the
// contract's DOCSRC team pages).
const InviteTTL = 7 * 24 * time.Hour

// Team errors.
var (
	// ErrForbidden is a change the caller's role may not make.
	ErrForbidden = errors.New("account: your role may not do that")
	// ErrLastOwner refuses leaving a workspace without an owner.
	ErrLastOwner = errors.New("account: a workspace keeps at least one owner")
	// ErrAlreadyMember is an invitation for someone already in the workspace.
	ErrAlreadyMember = errors.New("account: already a member of this workspace")
	// ErrNotFound is a member the workspace does not have.
	ErrNotFound = errors.New("account: no such member in this workspace")
)

// Invited is an invitation as the inviter sees it. Token is set only when
// no mailer is configured: it is then the only way the invitation can
// reach the colleague, and the inviter passes it on.
type Invited struct {
	Email     string
	Role      tenant.Role
	ExpiresAt time.Time
	Token     string
}

// Invite lets the caller (an admin or owner; the route checks) invite an
// e-mail address into their workspace with a role no higher than their
// own. The token is bound to the e-mail: only an account with that
// address, verified by its own link or by the operator, can accept it,
// so a returned token gives the inviter nothing they could not grant.
func (s *Service) Invite(ctx context.Context, caller tenant.Principal, email string, role tenant.Role) (*Invited, error) {
	email, err := normalEmail(email)
	if err != nil {
		return nil, err
	}
	if !role.Valid() {
		return nil, invalid("role must be one of owner, admin, member, viewer")
	}
	if caller.Role != "" && !caller.Role.AtLeast(role) {
		return nil, fmt.Errorf("%w: an %s cannot invite an %s", ErrForbidden, caller.Role, role)
	}
	if u, err := s.st.UserByEmail(ctx, email); err == nil {
		if _, err := s.st.MemberGet(ctx, caller.WorkspaceID, u.ID); err == nil {
			return nil, ErrAlreadyMember
		}
	}
	token, err := newToken("inv_")
	if err != nil {
		return nil, err
	}
	by := caller.UserID
	if by == "" {
		by = caller.KeyID
	}
	now := s.now()
	inv := &store.Invitation{ID: ids.New("inv"), WorkspaceID: caller.WorkspaceID, Email: email, Role: string(role),
		TokenHash: hashToken(token), InvitedBy: by, CreatedAt: now, ExpiresAt: now.Add(InviteTTL)}
	if err := s.st.InvitationInsert(ctx, inv); err != nil {
		return nil, err
	}
	out := &Invited{Email: email, Role: role, ExpiresAt: inv.ExpiresAt}
	if s.opts.Mailer == nil {
		out.Token = token
		return out, nil
	}
	s.mail(ctx, email, "You are invited to a Quarry workspace",
		"You are invited to join a Quarry workspace as "+string(role)+".\n\n"+
			"Accept by signing up (POST "+s.opts.PublicURL+"/v1/auth/signup) or signing in (POST /v1/auth/login) "+
			"with this e-mail address and \"invite_token\": \""+token+"\".\n\n"+
			"The invitation expires on "+inv.ExpiresAt.Format(time.RFC1123)+".")
	return out, nil
}

// pendingInvitation finds the invitation a token stands for, if it is
// still open and meant for email.
func (s *Service) pendingInvitation(ctx context.Context, token, email string) (*store.Invitation, error) {
	inv, err := s.st.InvitationByHash(ctx, hashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrToken
	}
	if err != nil {
		return nil, err
	}
	if inv.AcceptedAt != nil || !s.now().Before(inv.ExpiresAt) || inv.Email != email {
		return nil, ErrToken
	}
	return inv, nil
}

// join spends the invitation and adds the person with its role, in tx.
// Someone who already belongs keeps their role.
func join(ctx context.Context, tx store.Tx, inv *store.Invitation, userID string, now time.Time) error {
	if err := tx.InvitationAccept(ctx, inv.ID, now); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return ErrToken
		}
		return err
	}
	err := tx.MemberAdd(ctx, &store.Member{WorkspaceID: inv.WorkspaceID, UserID: userID, Role: inv.Role, JoinedAt: now})
	if errors.Is(err, store.ErrConflict) {
		return nil
	}
	return err
}

// Members lists the workspace's people.
func (s *Service) Members(ctx context.Context, workspaceID string) ([]*store.Member, error) {
	return s.st.MemberList(ctx, workspaceID)
}

// SetRole changes a member's role. Only an owner makes an owner or
// changes an owner's role; the last owner keeps theirs.
func (s *Service) SetRole(ctx context.Context, caller tenant.Principal, userID string, role tenant.Role) (*store.Member, error) {
	if !role.Valid() {
		return nil, invalid("role must be one of owner, admin, member, viewer")
	}
	m, err := s.target(ctx, caller, userID)
	if err != nil {
		return nil, err
	}
	if caller.Role != "" && !caller.Role.AtLeast(role) {
		return nil, fmt.Errorf("%w: an %s cannot make an %s", ErrForbidden, caller.Role, role)
	}
	if err := s.st.MemberSetRole(ctx, caller.WorkspaceID, m.UserID, string(role)); err != nil {
		return nil, storeErr(err)
	}
	return s.st.MemberGet(ctx, caller.WorkspaceID, m.UserID)
}

// Remove takes a member out of the workspace (their tokens stop working
// at once, as every request checks the membership).
func (s *Service) Remove(ctx context.Context, caller tenant.Principal, userID string) error {
	m, err := s.target(ctx, caller, userID)
	if err != nil {
		return err
	}
	return storeErr(s.st.MemberRemove(ctx, caller.WorkspaceID, m.UserID))
}

// target is the member a change applies to, when the caller may change
// them: an admin leaves owners alone.
func (s *Service) target(ctx context.Context, caller tenant.Principal, userID string) (*store.Member, error) {
	m, err := s.st.MemberGet(ctx, caller.WorkspaceID, userID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if caller.Role != "" && m.Role == string(tenant.RoleOwner) && !caller.Role.AtLeast(tenant.RoleOwner) {
		return nil, fmt.Errorf("%w: only an owner changes an owner", ErrForbidden)
	}
	return m, nil
}

func storeErr(err error) error {
	switch {
	case errors.Is(err, store.ErrLastOwner):
		return ErrLastOwner
	case errors.Is(err, store.ErrNotFound):
		return ErrNotFound
	}
	return err
}
