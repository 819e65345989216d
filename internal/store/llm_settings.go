package store

import (
	"context"
	"time"
)

// LLMSettings are each workspace's own model settings (one row per
// workspace) and the fine-tuning jobs it submitted.
type LLMSettings interface {
	// LLMSettingsPut creates or replaces the workspace's settings.
	LLMSettingsPut(ctx context.Context, s *LLMSetting) error
	// LLMSettingsGet returns them; ErrNotFound when the workspace has none.
	LLMSettingsGet(ctx context.Context, workspaceID string) (*LLMSetting, error)
	// LLMSettingsDelete removes them; ErrNotFound when there were none.
	LLMSettingsDelete(ctx context.Context, workspaceID string) error

	FineTuneInsert(ctx context.Context, f *FineTune) error
	// FineTuneGet returns one job of the workspace (ErrNotFound otherwise).
	FineTuneGet(ctx context.Context, workspaceID, id string) (*FineTune, error)
	// FineTuneUpdate writes what the provider last said about the job.
	FineTuneUpdate(ctx context.Context, f *FineTune) error
}

// LLMSetting is one workspace's model. SealedKey is the API key sealed by
// internal/secret for the workspace; the plain key is never stored.
type LLMSetting struct {
	WorkspaceID string
	Provider    string // a provider name: openai, anthropic, azure, ollama...
	Model       string // the model name without the provider
	BaseURL     string // "" = the provider's
	SealedKey   string // "" = no key
	UpdatedAt   time.Time
	UpdatedBy   string // the principal's key or user id
}

// FineTune is one fine-tuning job submitted to a provider.
type FineTune struct {
	ID             string // ft_...
	WorkspaceID    string
	DatasetID      string
	DatasetVersion int
	BaseModel      string
	Suffix         string
	ProviderJobID  string // the provider's id (ftjob-...)
	FileID         string // the uploaded training file
	Status         string // queued, running, succeeded, failed, cancelled
	FineTunedModel string
	Error          string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}
