package server

import (
	"errors"
	"net/http"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// v1APIKey is a key as listed: never the secret, which only the create
// answer carries, once.
type v1APIKey struct {
	ID         string  `json:"id"`
	Label      string  `json:"label"`
	Role       string  `json:"role"`
	Hint       string  `json:"hint"`
	CreatedAt  string  `json:"created_at"`
	LastUsedAt *string `json:"last_used_at" nullable:"true"`
	RevokedAt  *string `json:"revoked_at" nullable:"true"`
	Active     bool    `json:"active"`
	Key        string  `json:"key,omitempty"`
}

func toV1Key(k *store.APIKey) v1APIKey {
	out := v1APIKey{ID: k.ID, Label: k.Label, Role: k.Role, Hint: k.Hint, CreatedAt: stampUTC(k.CreatedAt), Active: k.RevokedAt == nil}
	if k.LastUsedAt != nil {
		v := stampUTC(*k.LastUsedAt)
		out.LastUsedAt = &v
	}
	if k.RevokedAt != nil {
		v := stampUTC(*k.RevokedAt)
		out.RevokedAt = &v
	}
	return out
}

// routeV1Keys: the reference platform manages keys in its dashboard
// only; Quarry also offers them on /v1 to admins and owners.
func (s *Server) routeV1Keys() {
	s.mux.HandleFunc("GET /v1/api-keys", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		keys, err := s.keys.List(r.Context(), s.workspace(r.Context()))
		if err != nil {
			v1Fail(w, r, v1Internal, "Listing the keys failed.")
			return
		}
		items := make([]v1APIKey, 0, len(keys))
		for _, k := range keys {
			items = append(items, toV1Key(k))
		}
		v1OK(w, http.StatusOK, map[string]any{"items": items, "total": len(items)})
	})
	s.mux.HandleFunc("POST /v1/api-keys", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		var in struct {
			Label string `json:"label"`
			Name  string `json:"name"`
			Role  string `json:"role"`
		}
		if !decodeV1(w, r, &in) {
			return
		}
		role := tenant.RoleMember
		if in.Role != "" {
			var err error
			if role, err = tenant.ParseRole(in.Role); err != nil {
				v1Fail(w, r, v1Validation, "role must be one of owner, admin, member, viewer.")
				return
			}
		}
		if p, ok := tenant.From(r.Context()); ok && !p.Role.AtLeast(role) {
			v1Fail(w, r, v1Forbidden, "A key cannot create a key with more rights than its own.")
			return
		}
		label := in.Label
		if label == "" {
			label = in.Name
		}
		secret, k, err := s.keys.Create(r.Context(), s.workspace(r.Context()), label, role)
		if err != nil {
			v1Fail(w, r, v1Internal, "Creating the key failed.")
			return
		}
		s.keysChanged()
		s.record(r, audit.Event{Action: "api_key.created", Subject: k.ID, Details: map[string]any{"role": k.Role}})
		out := toV1Key(k)
		out.Key = secret
		v1OK(w, http.StatusCreated, out)
	})
	s.mux.HandleFunc("DELETE /v1/api-keys/{id}", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		err := s.keys.Revoke(r.Context(), s.workspace(r.Context()), r.PathValue("id"))
		switch {
		case errors.Is(err, store.ErrNotFound):
			v1Fail(w, r, v1NotFound, "No active key with that id in this workspace.")
		case err != nil:
			v1Fail(w, r, v1Internal, "Revoking the key failed.")
		default:
			s.keysChanged()
			s.record(r, audit.Event{Action: "api_key.revoked", Subject: r.PathValue("id")})
			w.WriteHeader(http.StatusNoContent)
		}
	})
}

// v1Allow answers FORBIDDEN unless the caller holds at least role. With
// authentication off there is no principal and the local caller may do
// everything.
func (s *Server) v1Allow(w http.ResponseWriter, r *http.Request, role tenant.Role) bool {
	p, ok := tenant.From(r.Context())
	if !ok || p.Role.AtLeast(role) {
		return true
	}
	v1Fail(w, r, v1Forbidden, "This key's role ("+string(p.Role)+") may not do that.")
	return false
}
