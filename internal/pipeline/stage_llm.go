package pipeline

import (
	"context"
)

// needsLLM is the body of stages whose capability is an LLM call. They
// are reported as skipped with the engine's reason, never faked.
func needsLLM(e *Engine, ctx context.Context, r *Run) (string, error) {
	return e.caps.llmSkip(), nil
}
