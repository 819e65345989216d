package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/classify"
	"github.com/quarrydev/quarry/internal/llm"
)

// tieBreakText bounds the document text a tie-break sends: the first
// pages name the type, and the prompt's size is a setting, not the
// document's.
const tieBreakText = 8 << 10

const classifySystem = `You decide which of the candidate document types a document is.
Choose only among the candidate type ids; answer null when none of them fits. Give your reasoning in one or two sentences citing what in the text decided it.`

// classifyTieBreak asks the model to choose among the candidate types when
// the deterministic race was close or weak (classify.Verdict.Close). The
// model may name a candidate id or none; its reasoning goes to the
// classification's notes. A failed call leaves the deterministic verdict.
func (e *Engine) classifyTieBreak(ctx context.Context, r *Run, f *FileRun, v classify.Verdict) {
	if ok, _ := e.llmReady(r); !ok || !v.Close() || f.File.Layout == nil {
		return
	}
	// The caller's declared types, or Quarry's built-in ones when the
	// caller declared none (the /v1 platform's path).
	types := r.Req.DocumentTypes
	if len(types) == 0 {
		types = classify.BuiltinTypes()
	}
	ids := make([]any, 0, len(types)+1)
	var b strings.Builder
	b.WriteString("Candidate types, with the deterministic classifier's score (higher is better; the race was too close or too weak to call):\n")
	score := map[string]float64{}
	for _, c := range v.Ranking {
		score[c.ID] = c.Score
	}
	for _, t := range types {
		ids = append(ids, t.ID)
		fmt.Fprintf(&b, "- %s (score %.1f)", t.ID, score[t.ID])
		if t.Description != "" {
			fmt.Fprintf(&b, ": %s", t.Description)
		}
		b.WriteString("\n")
	}
	ids = append(ids, nil)
	b.WriteString("\nDocument text:\n")
	b.WriteString(llm.CutText(f.File.Layout.Text, tieBreakText))
	schema, _ := json.Marshal(map[string]any{
		"type": "object", "additionalProperties": false, "required": []string{"document_type", "confidence", "reasoning"},
		"properties": map[string]any{
			"document_type": map[string]any{"enum": ids},
			"confidence":    map[string]any{"type": "number", "minimum": 0, "maximum": 1},
			"reasoning":     map[string]any{"type": "string", "minLength": 1},
		},
	})
	resp, err := e.client(r).Complete(ctx, llm.Request{
		Agent: llm.AgentClassifier, Model: r.Options.Model, System: classifySystem,
		Messages: []llm.Message{{Text: b.String()}}, Schema: schema, SchemaName: "document_type", MaxTokens: 512,
	})
	if err != nil {
		r.Errors = append(r.Errors, api.PipelineError{Node: StageClassify, Code: CodeLLMFailed, Message: fmt.Sprintf("%s: %v", f.File.Name, err)})
		return
	}
	var answer struct {
		DocumentType *string `json:"document_type"`
		Confidence   float64 `json:"confidence"`
		Reasoning    string  `json:"reasoning"`
	}
	if err := json.Unmarshal(resp.JSON, &answer); err != nil {
		r.Errors = append(r.Errors, api.PipelineError{Node: StageClassify, Code: CodeLLMFailed, Message: fmt.Sprintf("%s: decoding the answer: %v", f.File.Name, err)})
		return
	}
	race := rankingText(v.Ranking)
	if answer.DocumentType == nil {
		note := fmt.Sprintf("Deterministic scores were close or low (%s); a language model (%s) found none of the candidate types fits: %s", race, resp.Model, strings.TrimSpace(answer.Reasoning))
		f.Classification.Notes = &note
		return
	}
	spec, ok := r.spec(*answer.DocumentType)
	if !ok { // the schema's enum already rules this out; kept for safety
		return
	}
	note := fmt.Sprintf("Deterministic scores were close or low (%s); a language model (%s) chose %s: %s", race, resp.Model, spec.ID, strings.TrimSpace(answer.Reasoning))
	c := &api.Classification{DocumentType: spec.ID, Matched: true, Confidence: answer.Confidence, Notes: &note}
	if spec.Description != "" {
		d := spec.Description
		c.Description = &d
	}
	f.Classification, f.MatchedType = c, spec.ID
}

// rankingText renders the top two scores for a note.
func rankingText(rs []classify.Candidate) string {
	parts := make([]string, 0, 2)
	for _, c := range rs[:min(2, len(rs))] {
		parts = append(parts, fmt.Sprintf("%s %.1f", c.ID, c.Score))
	}
	return strings.Join(parts, ", ")
}
