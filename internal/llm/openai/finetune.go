package openai

import (
	"context"
	"io"

	sdk "github.com/openai/openai-go/v3"
)

// FineTuneJob is what a provider says about a fine-tuning job.
type FineTuneJob struct {
	ID             string
	Status         string // the provider's: validating_files, queued, running, succeeded, failed, cancelled
	FineTunedModel string
	TrainingFile   string
	Error          string
}

func fromJob(j *sdk.FineTuningJob) FineTuneJob {
	return FineTuneJob{ID: j.ID, Status: string(j.Status), FineTunedModel: j.FineTunedModel,
		TrainingFile: j.TrainingFile, Error: j.Error.Message}
}

// FineTune uploads training (chat-format JSONL) as a fine-tune file and
// starts a job on model with it.
func (p *Provider) FineTune(ctx context.Context, training io.Reader, filename, model, suffix string) (FineTuneJob, error) {
	f, err := p.client.Files.New(ctx, sdk.FileNewParams{
		File:    sdk.File(training, filename, "application/jsonl"),
		Purpose: sdk.FilePurposeFineTune,
	})
	if err != nil {
		return FineTuneJob{}, describe(err)
	}
	params := sdk.FineTuningJobNewParams{Model: sdk.FineTuningJobNewParamsModel(model), TrainingFile: f.ID}
	if suffix != "" {
		params.Suffix = sdk.String(suffix)
	}
	j, err := p.client.FineTuning.Jobs.New(ctx, params)
	if err != nil {
		return FineTuneJob{TrainingFile: f.ID}, describe(err)
	}
	return fromJob(j), nil
}

// FineTuneGet reads a job's state.
func (p *Provider) FineTuneGet(ctx context.Context, id string) (FineTuneJob, error) {
	j, err := p.client.FineTuning.Jobs.Get(ctx, id)
	if err != nil {
		return FineTuneJob{}, describe(err)
	}
	return fromJob(j), nil
}
