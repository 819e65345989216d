package pipeline

import "context"

func (e *Engine) stagePII(ctx context.Context, r *Run) (string, error) {
	return "pii detection is not available yet", nil
}

func (e *Engine) stageQuality(ctx context.Context, r *Run) (string, error) {
	return "quality scoring is not available yet", nil
}
