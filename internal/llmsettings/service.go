// Package llmsettings is a workspace's own model: its settings (provider,
// model, base URL and an API key sealed at rest), the client a run of
// that workspace uses, a one-call connection test, and fine-tuning jobs
// submitted with those settings.
package llmsettings

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/providers"
	"github.com/quarrydev/quarry/internal/obs"
	"github.com/quarrydev/quarry/internal/secret"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
	"github.com/quarrydev/quarry/internal/webhook"
)

// purposeKey binds a sealed API key to its use (internal/secret).
const purposeKey = "llm_api_key"

// ErrNoSecretKey refuses to store an API key when nothing can seal it.
var ErrNoSecretKey = errors.New("this server cannot store API keys: the operator has not set QUARRY_SECRET_KEY")

// InputError is a refusal of what the caller sent (VALIDATION_ERROR).
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func invalid(format string, a ...any) error { return &InputError{Msg: fmt.Sprintf(format, a...)} }

// Options configure the service.
type Options struct {
	// SecretKey is QUARRY_SECRET_KEY; "" means keys cannot be stored.
	SecretKey string
	// Guard checks base URLs and carries every call to them: a workspace
	// chooses the URL, so it must not reach inside the network.
	Guard webhook.Guard
	// Timeout bounds one HTTP request to a provider (default 120 s).
	Timeout       time.Duration
	Pricing       *llm.Pricing // nil = the shipped table
	MaxConcurrent int          // per workspace client (default 4)
}

// Service manages the settings. It is safe for concurrent use.
type Service struct {
	store store.Store
	box   *secret.Box // nil without QUARRY_SECRET_KEY
	opt   Options

	mu      sync.Mutex
	cache   map[string]cached // workspace -> its client at a version of its row
	observe func(llm.CallRecord)
}

// SetObserver makes every workspace client built from now on report its
// calls to fn (the /metrics counters). Connection tests are not counted.
func (s *Service) SetObserver(fn func(llm.CallRecord)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.observe = fn
	s.cache = map[string]cached{}
}

type cached struct {
	at     time.Time
	client *llm.Client
}

// New builds the service; a set but unusable secret key is an error.
func New(st store.Store, o Options) (*Service, error) {
	if o.Timeout <= 0 {
		o.Timeout = 120 * time.Second
	}
	s := &Service{store: st, opt: o, cache: map[string]cached{}}
	if o.SecretKey != "" {
		box, err := secret.New(o.SecretKey)
		if err != nil {
			return nil, err
		}
		s.box = box
	}
	return s, nil
}

// Input is what a caller sends.
type Input struct {
	Provider string
	Model    string // "model" or "provider:model"
	APIKey   string // "" keeps the saved key for the same provider and base URL
	BaseURL  string
	ClearKey bool // drop the saved key (a local model that needs none)
}

// Save validates in and stores it as the workspace's settings. by names
// who made the change.
func (s *Service) Save(ctx context.Context, workspace, by string, in Input) (*store.LLMSetting, error) {
	row, key, err := s.prepare(ctx, workspace, by, in)
	if err != nil {
		return nil, err
	}
	switch {
	case key != "":
		if s.box == nil {
			return nil, ErrNoSecretKey
		}
		if row.SealedKey, err = s.box.Seal(workspace, purposeKey, key); err != nil {
			return nil, err
		}
	case !in.ClearKey:
		// No key given: keep the saved one, but only for the same provider
		// and address. Otherwise an admin, who can never read the key,
		// could send it to a host of their choosing.
		if old, err := s.store.LLMSettingsGet(ctx, workspace); err == nil && old.Provider == row.Provider && old.BaseURL == row.BaseURL {
			row.SealedKey = old.SealedKey
		}
	}
	if err := s.store.LLMSettingsPut(ctx, row); err != nil {
		return nil, err
	}
	return row, nil
}

// prepare checks in and returns the row it would store, unsealed key
// aside.
func (s *Service) prepare(ctx context.Context, workspace, by string, in Input) (*store.LLMSetting, string, error) {
	provider, model, err := splitModel(strings.TrimSpace(in.Provider), strings.TrimSpace(in.Model))
	if err != nil {
		return nil, "", err
	}
	_, def, ok := providers.Known(provider)
	if !ok {
		return nil, "", invalid("provider %q is not one Quarry speaks; use one of %s", provider, strings.Join(providers.Names(), ", "))
	}
	base := strings.TrimSpace(in.BaseURL)
	if provider == providers.Custom && base == "" {
		return nil, "", invalid("provider custom needs base_url (an OpenAI-compatible endpoint, e.g. https://llm.example.com/v1)")
	}
	// The local providers' defaults (http://localhost:11434/v1...) are
	// the server's own machine: checked like any address a tenant gives.
	if target := cmp.Or(base, def); target != "" {
		if err := s.opt.Guard.CheckURL(ctx, target); err != nil {
			return nil, "", invalid("base_url %s is not allowed: %v", target, err)
		}
	}
	return &store.LLMSetting{WorkspaceID: workspace, Provider: provider, Model: model, BaseURL: base,
		UpdatedAt: time.Now().UTC(), UpdatedBy: by}, strings.TrimSpace(in.APIKey), nil
}

// splitModel accepts provider + model, or provider:model in model alone.
// With a provider given, a matching "provider:" prefix is dropped, and
// anything else is the model's own name (ollama's "qwen2.5:7b").
func splitModel(provider, model string) (string, string, error) {
	if model == "" {
		return "", "", invalid("model is required, e.g. gpt-4o or openai:gpt-4o")
	}
	if provider == "" {
		p, m, err := llm.ParseModel(model)
		if err != nil {
			return "", "", invalid("%v (or give provider separately)", err)
		}
		return p, m, nil
	}
	if m, ok := strings.CutPrefix(model, provider+":"); ok && m != "" {
		return provider, m, nil
	}
	return provider, model, nil
}

// Get returns the workspace's settings (store.ErrNotFound when none).
func (s *Service) Get(ctx context.Context, workspace string) (*store.LLMSetting, error) {
	return s.store.LLMSettingsGet(ctx, workspace)
}

// Delete removes them; the workspace's runs use the process's model again.
func (s *Service) Delete(ctx context.Context, workspace string) error {
	if err := s.store.LLMSettingsDelete(ctx, workspace); err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.cache, workspace)
	s.mu.Unlock()
	return nil
}

// Client is the workspace's own client, nil when it has no settings. It
// is cached per workspace until the row's updated_at changes.
func (s *Service) Client(ctx context.Context, workspace string) (*llm.Client, error) {
	row, err := s.store.LLMSettingsGet(ctx, workspace)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	c, ok := s.cache[workspace]
	s.mu.Unlock()
	if ok && c.at.Equal(row.UpdatedAt) {
		return c.client, nil
	}
	client, err := s.build(row, 0)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.observe != nil {
		client.SetObserver(s.observe)
	}
	s.cache[workspace] = cached{at: row.UpdatedAt, client: client}
	s.mu.Unlock()
	return client, nil
}

// build makes a client from a row: the key opened for this workspace,
// every request through the guarded HTTP client.
func (s *Service) build(row *store.LLMSetting, retries int) (*llm.Client, error) {
	key, err := s.openKey(row)
	if err != nil {
		return nil, err
	}
	return s.buildWith(row, key, retries)
}

func (s *Service) buildWith(row *store.LLMSetting, key string, retries int) (*llm.Client, error) {
	return providers.Single(providers.One{Provider: row.Provider, Model: row.Model, BaseURL: row.BaseURL, APIKey: key,
		HTTPClient: s.guardedHTTP(), MaxRetries: retries,
		Pricing: s.opt.Pricing, MaxConcurrent: s.opt.MaxConcurrent})
}

// guardedHTTP carries calls to URLs a workspace chose: no private
// addresses (unless the operator allows them), no redirects, no proxy.
func (s *Service) guardedHTTP() *http.Client {
	return webhook.NewClient("", s.opt.Guard, s.opt.Timeout).HTTP
}

func (s *Service) openKey(row *store.LLMSetting) (string, error) {
	if row.SealedKey == "" {
		return "", nil
	}
	if s.box == nil {
		return "", ErrNoSecretKey
	}
	return s.box.Open(row.WorkspaceID, purposeKey, row.SealedKey)
}

// unusable is the client a run gets when its workspace's settings cannot
// be used (the key does not open, the database failed): it has no model,
// so model stages skip. Falling back to the process's model instead would
// send the documents of a workspace that chose its own provider elsewhere.
var unusable = llm.NewClient(llm.Config{})

// ClientFor is the engine's hook (pipeline.Engine.ClientFor): the
// context's workspace's client, or nil for the engine's own.
func (s *Service) ClientFor(ctx context.Context) *llm.Client {
	ws := tenant.WorkspaceID(ctx)
	c, err := s.Client(ctx, ws)
	if err != nil {
		obs.Logger(ctx).Error("workspace model settings unusable; model stages skip", "workspace", ws, "err", err)
		return unusable
	}
	return c
}
