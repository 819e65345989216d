package pipeline

import (
	"context"
)

// needsLLM is the body of stages whose capability is an LLM call. They
// are reported as skipped with the engine's reason, never faked.
func needsLLM(e *Engine, ctx context.Context, r *Run) (string, error) {
	return e.caps.llmSkip(), nil
}

// stageDiscover splits multi-document files. Splitting relies on an LLM
// reading page images; it only applies to unpinned multi-page files.
func (e *Engine) stageDiscover(ctx context.Context, r *Run) (string, error) {
	candidates := 0
	for _, f := range r.Files {
		if f.Pin == "" && f.File.PageCount > 1 {
			candidates++
		}
	}
	if candidates == 0 {
		return "no unpinned multi-page file to split", nil
	}
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
