package llmsettings

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/export"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/llm/openai"
	"github.com/quarrydev/quarry/internal/llm/providers"
	"github.com/quarrydev/quarry/internal/store"
)

// ErrProvider wraps a provider's refusal of a fine-tuning call; the
// caller shows its message.
var ErrProvider = errors.New("the provider refused")

// trainingSystem is the instruction every training example starts with,
// so the tuned model learns one task: the document in, its fields out.
const trainingSystem = "Extract the fields of this business document as one JSON object."

// TrainingJSONL writes the dataset's records to w as chat-format
// examples (the shape OpenAI-compatible fine-tuning takes): the masked
// document text as the user turn, the extracted fields as the assistant's
// JSON. Records without text or fields teach nothing and are left out.
// It streams: a dataset of any size costs one record of memory.
func TrainingJSONL(ctx context.Context, src export.Source, w io.Writer) (int, error) {
	enc := json.NewEncoder(w)
	n := 0
	for rec, err := range src.Records(ctx) {
		if err != nil {
			return 0, err
		}
		text := strings.TrimSpace(strings.Join(rec.Pages, "\n\n"))
		if text == "" || len(rec.Fields) == 0 {
			continue
		}
		answer, err := json.Marshal(rec.Fields)
		if err != nil {
			return 0, err
		}
		if err := enc.Encode(map[string]any{"messages": []map[string]string{
			{"role": "system", "content": trainingSystem},
			{"role": "user", "content": text},
			{"role": "assistant", "content": string(answer)},
		}}); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// FineTuneRequest is one submission.
type FineTuneRequest struct {
	Dataset *store.Dataset
	Source  export.Source // the dataset's current version
	Model   string        // the base model, e.g. gpt-4o-mini-2024-07-18
	Suffix  string
}

// fineTuner is the workspace's OpenAI-compatible provider.
func (s *Service) fineTuner(ctx context.Context, workspace string) (*openai.Provider, error) {
	row, err := s.store.LLMSettingsGet(ctx, workspace)
	if errors.Is(err, store.ErrNotFound) {
		return nil, invalid("fine-tuning uses the workspace's own model settings: POST /v1/settings/llm-config with an OpenAI-compatible provider and key first")
	}
	if err != nil {
		return nil, err
	}
	family, base, _ := providers.Known(row.Provider)
	if family != "openai" {
		return nil, invalid("provider %s has no OpenAI-compatible fine-tuning API; set an OpenAI-compatible provider in /v1/settings/llm-config", row.Provider)
	}
	key, err := s.openKey(row)
	if err != nil {
		return nil, err
	}
	if row.BaseURL != "" {
		base = row.BaseURL
	}
	return openai.New(openai.Config{APIKey: key, BaseURL: base, HTTPClient: s.guardedHTTP()}), nil
}

// FineTune uploads the dataset's training examples with the workspace's
// settings, starts the job and records it.
func (s *Service) FineTune(ctx context.Context, workspace string, req FineTuneRequest) (*store.FineTune, error) {
	model := strings.TrimSpace(req.Model)
	if model == "" {
		return nil, invalid("model is required: the base model to tune, e.g. gpt-4o-mini-2024-07-18")
	}
	if len(req.Suffix) > 64 {
		return nil, invalid("suffix is at most 64 characters")
	}
	p, err := s.fineTuner(ctx, workspace)
	if err != nil {
		return nil, err
	}
	// The examples spill to a temporary file, then stream to the provider:
	// memory stays flat whatever the dataset's size.
	training, err := os.CreateTemp("", "quarry-finetune-*.jsonl")
	if err != nil {
		return nil, err
	}
	defer func() { training.Close(); os.Remove(training.Name()) }()
	n, err := TrainingJSONL(ctx, req.Source, training)
	if err != nil {
		return nil, err
	}
	if _, err := training.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, invalid("dataset %s has no record with both text and fields to train on", req.Dataset.ID)
	}
	job, err := p.FineTune(ctx, training, req.Dataset.Slug+".jsonl", model, req.Suffix)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrProvider, err)
	}
	now := time.Now().UTC()
	f := &store.FineTune{ID: ids.New("ft"), WorkspaceID: workspace, DatasetID: req.Dataset.ID, DatasetVersion: req.Dataset.Version,
		BaseModel: model, Suffix: req.Suffix, ProviderJobID: job.ID, FileID: job.TrainingFile, CreatedAt: now, UpdatedAt: now}
	f.Status, f.Error = jobState(job)
	if err := s.store.FineTuneInsert(ctx, f); err != nil {
		return nil, err
	}
	return f, nil
}

// FineTuneGet returns a job, asking the provider for news while it is
// not finished (store.ErrNotFound for another workspace's id). When the
// provider cannot be asked, the stored state is answered as it is.
func (s *Service) FineTuneGet(ctx context.Context, workspace, id string) (*store.FineTune, error) {
	f, err := s.store.FineTuneGet(ctx, workspace, id)
	if err != nil || f.Status == "succeeded" || f.Status == "failed" {
		return f, err
	}
	p, err := s.fineTuner(ctx, workspace)
	if err != nil {
		return f, nil
	}
	job, err := p.FineTuneGet(ctx, f.ProviderJobID)
	if err != nil {
		return f, nil
	}
	st, msg := jobState(job)
	if st == f.Status && job.FineTunedModel == f.FineTunedModel && msg == f.Error {
		return f, nil
	}
	f.Status, f.Error, f.FineTunedModel, f.UpdatedAt = st, msg, job.FineTunedModel, time.Now().UTC()
	if err := s.store.FineTuneUpdate(ctx, f); err != nil {
		return nil, err
	}
	return f, nil
}

// jobState maps the provider's states onto the contract's four.
func jobState(j openai.FineTuneJob) (string, string) {
	switch j.Status {
	case "validating_files", "queued":
		return "queued", ""
	case "running":
		return "running", ""
	case "succeeded":
		return "succeeded", ""
	case "cancelled":
		return "failed", "cancelled at the provider"
	}
	if j.Error != "" {
		return "failed", j.Error
	}
	return "failed", "the provider reported status " + j.Status
}
