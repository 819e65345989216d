package server

import (
	"net/http"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

type v1Member struct {
	UserID   string `json:"user_id"`
	Email    string `json:"email"`
	Role     string `json:"role"`
	JoinedAt string `json:"joined_at"`
}

func toV1Member(m *store.Member) v1Member {
	return v1Member{UserID: m.UserID, Email: m.Email, Role: m.Role, JoinedAt: stampUTC(m.JoinedAt)}
}

// caller is the request's principal; with authentication off, the local
// caller acting in the default workspace with no role (which the
// account rules, like v1Allow, read as "may do everything").
func (s *Server) caller(r *http.Request) tenant.Principal {
	p, ok := tenant.From(r.Context())
	if !ok {
		return tenant.Principal{WorkspaceID: s.workspace(r.Context())}
	}
	return p
}

// routeV1Team: invitations and the member list for everyone in the
// workspace to read, changes for admins and owners.
func (s *Server) routeV1Team() {
	s.mux.HandleFunc("POST /v1/team/invite", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		var in struct {
			Email string `json:"email"`
			Role  string `json:"role"`
		}
		if !decodeV1(w, r, &in) {
			return
		}
		if in.Role == "" {
			in.Role = string(tenant.RoleMember)
		}
		inv, err := s.accounts.Invite(r.Context(), s.caller(r), in.Email, tenant.Role(in.Role))
		if err != nil {
			s.accountFail(w, r, err)
			return
		}
		out := map[string]any{"email": inv.Email, "role": inv.Role, "status": "pending", "expires_at": stampUTC(inv.ExpiresAt)}
		if inv.Token != "" {
			// No mailer: the inviter passes the token on (see Invite).
			out["invite_token"] = inv.Token
		}
		s.record(r, audit.Event{Action: "team.invited", Details: map[string]any{"role": in.Role}})
		v1OK(w, http.StatusCreated, out)
	})
	s.mux.HandleFunc("GET /v1/team/members", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleViewer) {
			return
		}
		members, err := s.accounts.Members(r.Context(), s.workspace(r.Context()))
		if err != nil {
			v1Fail(w, r, v1Internal, "Listing the members failed.")
			return
		}
		items := make([]v1Member, 0, len(members))
		for _, m := range members {
			items = append(items, toV1Member(m))
		}
		v1OK(w, http.StatusOK, map[string]any{"items": items, "total": len(items)})
	})
	s.mux.HandleFunc("PATCH /v1/team/members/{user_id}/role", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		var in struct {
			Role string `json:"role"`
		}
		if !decodeV1(w, r, &in) {
			return
		}
		m, err := s.accounts.SetRole(r.Context(), s.caller(r), r.PathValue("user_id"), tenant.Role(in.Role))
		if err != nil {
			s.accountFail(w, r, err)
			return
		}
		s.record(r, audit.Event{Action: "team.role_changed", Subject: m.UserID, Details: map[string]any{"role": m.Role}})
		v1OK(w, http.StatusOK, toV1Member(m))
	})
	s.mux.HandleFunc("DELETE /v1/team/members/{user_id}", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		if err := s.accounts.Remove(r.Context(), s.caller(r), r.PathValue("user_id")); err != nil {
			s.accountFail(w, r, err)
			return
		}
		s.record(r, audit.Event{Action: "team.member_removed", Subject: r.PathValue("user_id")})
		w.WriteHeader(http.StatusNoContent)
	})
}
