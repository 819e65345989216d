package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/rules"
)

const proseSystem = `You decide one business rule from the evidence given, and from nothing else.
Answer with one of the allowed outputs. If the evidence does not settle the rule, choose the output that says so when one does, and say in notes what is missing.`

// proseDecider is the rules.ProseFunc of a run with a model: one call
// per natural-language rule, the evidence its parents declare and
// nothing else (no document text), the output an enum of valid_outputs.
// A failed call is recorded as an llm_failed error; the rule stays
// undecided, as without a model.
func (e *Engine) proseDecider(r *Run) rules.ProseFunc {
	if ok, _ := e.llmReady(r); !ok {
		return nil
	}
	return func(ctx context.Context, q rules.ProseQuestion) (rules.ProseAnswer, error) {
		ans, err := e.askProse(ctx, r, q)
		if err != nil {
			r.Errors = append(r.Errors, api.PipelineError{Node: StageRules, Code: CodeLLMFailed,
				Message: fmt.Sprintf("rule %q: %v", q.RuleID, err)})
		}
		return ans, err
	}
}

func (e *Engine) askProse(ctx context.Context, r *Run, q rules.ProseQuestion) (rules.ProseAnswer, error) {
	schema, err := json.Marshal(map[string]any{
		"type": "object", "additionalProperties": false, "required": []string{"output", "summary", "notes"},
		"properties": map[string]any{
			"output":  map[string]any{"type": "string", "enum": q.ValidOutputs},
			"summary": map[string]any{"type": "string"},
			"notes":   map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
		},
	})
	if err != nil {
		return rules.ProseAnswer{}, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Rule %s: %s\nAllowed outputs: %s\n\nEvidence (name = JSON value):\n",
		q.RuleID, q.Predicate, strings.Join(q.ValidOutputs, ", "))
	if len(q.Evidence) == 0 {
		b.WriteString("(none)\n")
	}
	for _, ev := range q.Evidence {
		fmt.Fprintf(&b, "- %s = %s\n", ev.Name, ev.Value)
	}
	resp, err := e.client(r).Complete(ctx, llm.Request{
		Agent: llm.AgentRules, Model: r.Options.Model, System: proseSystem,
		Messages: []llm.Message{{Text: b.String()}}, Schema: schema, SchemaName: "rule_output", MaxTokens: 512,
	})
	if err != nil {
		return rules.ProseAnswer{}, err
	}
	var a struct {
		Output  string   `json:"output"`
		Summary string   `json:"summary"`
		Notes   []string `json:"notes"`
	}
	if err := json.Unmarshal(resp.JSON, &a); err != nil {
		return rules.ProseAnswer{}, fmt.Errorf("rule answer: %w", err)
	}
	if !slices.Contains(q.ValidOutputs, a.Output) {
		return rules.ProseAnswer{}, fmt.Errorf("rule answer %q is not one of valid_outputs", a.Output)
	}
	notes := []string{"decided by a language model (" + resp.Model + ") from the declared evidence only"}
	return rules.ProseAnswer{Output: a.Output, Summary: a.Summary, Notes: append(notes, a.Notes...)}, nil
}
