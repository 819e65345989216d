package server

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/llmsettings"
	"github.com/quarrydev/quarry/internal/obs"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
	"github.com/quarrydev/quarry/internal/webhook"
)

// NewLLMSettings builds the workspaces' model settings service from the
// config (app wires the same one into the engine's ClientFor hook). The
// config refuses a short QUARRY_SECRET_KEY, so New cannot fail on it here.
func NewLLMSettings(cfg config.Config, st store.Store, resolver webhook.Resolver) *llmsettings.Service {
	svc, err := llmsettings.New(st, llmsettings.Options{SecretKey: cfg.SecretKey, MaxConcurrent: cfg.LLM.MaxConcurrent,
		Guard: webhook.Guard{AllowPrivate: cfg.WebhookAllowPrivate, Resolver: resolver}})
	if err != nil {
		panic("llm settings: " + err.Error())
	}
	return svc
}

// v1LLMConfig is a workspace's settings as answered: never the key.
type v1LLMConfig struct {
	Configured bool   `json:"configured"`
	Provider   string `json:"provider,omitempty"`
	Model      string `json:"model,omitempty"`
	BaseURL    string `json:"base_url,omitempty"`
	HasAPIKey  bool   `json:"has_api_key"`
	UpdatedAt  string `json:"updated_at,omitempty"`
}

type v1LLMConfigIn struct {
	Provider string `json:"provider"`
	Model    string `json:"model"`
	APIKey   string `json:"api_key"`
	BaseURL  string `json:"base_url"`
	// ClearAPIKey drops a saved key; without api_key the saved key is
	// otherwise kept for the same provider and base_url.
	ClearAPIKey bool `json:"clear_api_key"`
}

func (in v1LLMConfigIn) input() llmsettings.Input {
	return llmsettings.Input{Provider: in.Provider, Model: in.Model, APIKey: in.APIKey, BaseURL: in.BaseURL, ClearKey: in.ClearAPIKey}
}

func toV1LLMConfig(row *store.LLMSetting) v1LLMConfig {
	return v1LLMConfig{Configured: true, Provider: row.Provider, Model: row.Model, BaseURL: row.BaseURL,
		HasAPIKey: row.SealedKey != "", UpdatedAt: stampUTC(row.UpdatedAt)}
}

// actor names who changed the settings: a key's or a user's id.
func actor(r *http.Request) string {
	p, _ := tenant.From(r.Context())
	if p.UserID != "" {
		return p.UserID
	}
	return p.KeyID
}

// settingsFail answers a service error: the caller's input, or ours.
func settingsFail(w http.ResponseWriter, r *http.Request, err error, what string) {
	var bad *llmsettings.InputError
	switch {
	case errors.As(err, &bad):
		v1Fail(w, r, v1Validation, bad.Msg)
	case errors.Is(err, llmsettings.ErrNoSecretKey):
		v1Fail(w, r, v1Validation, err.Error()+"; ask the operator to set it, or save settings without api_key (a local model).")
	case errors.Is(err, store.ErrNotFound):
		v1Fail(w, r, v1NotFound, "This workspace has no model settings; POST /v1/settings/llm-config first.")
	default:
		obs.Logger(r.Context()).Error("llm settings", "op", what, "err", err)
		v1Fail(w, r, v1Internal, what+" failed.")
	}
}

func (s *Server) routeV1Settings() {
	s.mux.HandleFunc("POST /v1/settings/llm-config", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		var in v1LLMConfigIn
		if !decodeV1(w, r, &in) {
			return
		}
		row, err := s.llmSettings.Save(r.Context(), s.workspace(r.Context()), actor(r), in.input())
		if err != nil {
			settingsFail(w, r, err, "Saving the model settings")
			return
		}
		s.record(r, audit.Event{Action: "llm_settings.updated", Subject: row.Provider + ":" + row.Model,
			Details: map[string]any{"has_api_key": row.SealedKey != "", "custom_base_url": row.BaseURL != ""}})
		v1OK(w, http.StatusOK, toV1LLMConfig(row))
	})
	s.mux.HandleFunc("GET /v1/settings/llm-config", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		row, err := s.llmSettings.Get(r.Context(), s.workspace(r.Context()))
		switch {
		case errors.Is(err, store.ErrNotFound):
			v1OK(w, http.StatusOK, v1LLMConfig{})
		case err != nil:
			settingsFail(w, r, err, "Reading the model settings")
		default:
			v1OK(w, http.StatusOK, toV1LLMConfig(row))
		}
	})
	s.mux.HandleFunc("DELETE /v1/settings/llm-config", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		if err := s.llmSettings.Delete(r.Context(), s.workspace(r.Context())); err != nil {
			settingsFail(w, r, err, "Deleting the model settings")
			return
		}
		s.record(r, audit.Event{Action: "llm_settings.deleted"})
		w.WriteHeader(http.StatusNoContent)
	})
	s.mux.HandleFunc("POST /v1/settings/llm-config/test", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		// An empty body tests the saved settings; a body tests those
		// settings without saving them.
		var in *llmsettings.Input
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			v1Fail(w, r, v1Validation, "The body could not be read.")
			return
		}
		if strings.TrimSpace(string(body)) != "" {
			var raw v1LLMConfigIn
			r.Body = io.NopCloser(strings.NewReader(string(body)))
			if !decodeV1(w, r, &raw) {
				return
			}
			i := raw.input()
			in = &i
		}
		res, err := s.llmSettings.Test(r.Context(), s.workspace(r.Context()), in)
		if err != nil {
			settingsFail(w, r, err, "Testing the model settings")
			return
		}
		outcome := audit.Success
		if !res.Success {
			outcome = audit.Failure
		}
		s.record(r, audit.Event{Action: "llm_settings.tested", Subject: res.Model, Outcome: outcome})
		v1OK(w, http.StatusOK, res)
	})
}
