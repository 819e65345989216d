package pipeline

import (
	"context"
)

// needsLLM is the body of stages whose capability is an LLM call. They
// are reported as skipped with the engine's reason, never faked.
func needsLLM(e *Engine, ctx context.Context, r *Run) (string, error) {
	return e.caps.llmSkip(), nil
}

// stageTransform runs options.transformations.
func (e *Engine) stageTransform(ctx context.Context, r *Run) (string, error) {
	if len(r.Options.Transformations) == 0 {
		return "no transformations requested", nil
	}
	return e.caps.llmSkip(), nil
}

// stageRules evaluates the caller's rules, whose predicates are natural
// language for an LLM to judge.
func (e *Engine) stageRules(ctx context.Context, r *Run) (string, error) {
	if len(r.Req.Rules) == 0 {
		return "no rules declared", nil
	}
	return e.caps.llmSkip(), nil
}
