package pipeline

import (
	"context"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/classify"
	"github.com/quarrydev/quarry/internal/rules"
	"github.com/quarrydev/quarry/internal/validate"
)

// stageRules decides the request's rules over the extracted documents:
// CEL predicates here, natural-language ones by the model when one is
// configured (stage_rules_llm.go), else left undecided (each says so in
// its result). The stage is skipped only when no rule could be
// evaluated because every predicate is prose.
func (e *Engine) stageRules(ctx context.Context, r *Run) (string, error) {
	if len(r.Req.Rules) == 0 {
		return "no rules declared", nil
	}
	docs := make([]api.Document, 0, len(r.Tasks))
	for _, t := range r.Tasks {
		docs = append(docs, t.Doc)
	}
	prose := e.proseDecider(r)
	results, counts, err := rules.Evaluate(ctx, r.Req.Rules, rules.Input{
		DocumentTypes: ruleSchemas(r.Req), Documents: docs, Validate: validatorPasses,
		Now: e.now(), NoLLM: e.caps.llmSkip(), Prose: prose,
	})
	if err != nil {
		return "", err
	}
	r.RuleResults = results
	if counts.Decided+counts.Undecided == 0 && prose == nil {
		// Every predicate is prose: the stage needs an LLM, like the
		// other LLM stages (each result's note says so too).
		return e.caps.llmSkip(), nil
	}
	return "", nil
}

// ruleSchemas are the document types rules are written against: the
// declared ones, or every built-in schema when the request declares none
// (a built-in type may then be named without declaring it).
func ruleSchemas(req *api.ExtractRequest) []api.DocumentTypeSpec {
	if len(req.DocumentTypes) > 0 {
		return req.DocumentTypes
	}
	var specs []api.DocumentTypeSpec
	for _, id := range validate.BuiltinTypeIDs {
		if s, ok := classify.BuiltinSchema(id); ok {
			specs = append(specs, s)
		}
	}
	return specs
}

// validatorPasses gives rules the same verdict field validation gives; an
// unknown validator never passes.
func validatorPasses(name string, value any, params map[string]any) bool {
	ok, _, known := validate.Validate(name, value, params)
	return ok && known
}
