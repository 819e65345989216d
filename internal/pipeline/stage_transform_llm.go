package pipeline

import "github.com/quarrydev/quarry/internal/transform"

// transformOptions hands the transform engine the model when one is
// configured; otherwise llm transformations are skipped with the reason
// every LLM stage gives, exactly as before a model existed.
func (e *Engine) transformOptions(r *Run) transform.Options {
	opt := transform.Options{NoLLM: e.caps.llmSkip()}
	if ok, _ := e.llmReady(r); ok {
		opt.LLM, opt.Model = e.client(r), r.Options.Model
	}
	return opt
}
