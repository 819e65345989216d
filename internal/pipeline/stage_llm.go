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
