package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/obs"
	"github.com/quarrydev/quarry/internal/transform"
)

// stageTransform runs options.transformations: task-scope results land in
// the documents, request-scope ones in request_transformations. The stage
// is skipped only when none could run (llm ones need a model).
func (e *Engine) stageTransform(ctx context.Context, r *Run) (string, error) {
	if len(r.Options.Transformations) == 0 {
		return "no transformations requested", nil
	}
	docs := make([]api.Document, 0, len(r.Tasks))
	for _, t := range r.Tasks {
		docs = append(docs, t.Doc)
	}
	out, err := transform.ApplyWith(ctx, r.Options.Transformations, docs, e.transformOptions(r))
	if err != nil {
		return "", err
	}
	for _, f := range out.Failed {
		r.Errors = append(r.Errors, api.PipelineError{Node: StageTransform, Code: CodeLLMFailed, Message: f})
	}
	for i, t := range r.Tasks {
		t.Doc = docs[i]
	}
	for _, g := range out.RequestGroups {
		m, err := groupMap(g)
		if err != nil {
			return "", err
		}
		r.RequestTransformations = append(r.RequestTransformations, m)
	}
	if out.Applied == 0 {
		if ok, _ := e.llmReady(r); !ok && onlyLLM(r.Options.Transformations) {
			return e.caps.llmSkip(), nil // the reason every LLM stage gives
		}
		return strings.Join(out.Skipped, "; "), nil
	}
	if len(out.Skipped) > 0 {
		obs.Logger(ctx).Info("transformations skipped", "extraction_id", r.ID, "skipped", out.Skipped)
	}
	return "", nil
}

func onlyLLM(ts []api.Transformation) bool {
	for _, t := range ts {
		if t.Type != api.TransformLLM {
			return false
		}
	}
	return true
}

// groupMap renders a group as the generic object request_transformations
// holds, through its JSON so the wire defaults (judge, validation) apply.
func groupMap(g api.ExtractedGroup) (map[string]any, error) {
	raw, err := json.Marshal(g)
	if err != nil {
		return nil, fmt.Errorf("transform: encoding group %q: %w", g.Name, err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("transform: decoding group %q: %w", g.Name, err)
	}
	return m, nil
}
