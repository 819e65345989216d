package assist

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fields"
	"github.com/quarrydev/quarry/internal/llm"
)

// LowConfidence is the confidence under which a deterministic value is
// offered to the model for a second reading.
const LowConfidence = 0.5

// Methods say which path produced a field's value (the /v1 execution's
// extraction_method_per_field).
const (
	MethodDeterministic  = "deterministic"
	MethodLLMGrounded    = "llm_grounded"
	MethodLLMUngrounded  = "llm_ungrounded"
	MethodDeterministicK = "deterministic_kept" // the model disagreed without evidence
)

// Gap is a top-level field the deterministic pass did not settle.
type Gap struct {
	Group, Field string
	Spec         api.Field
	Reason       string // "empty", "low confidence", "failed validation"
}

// Gaps lists the scalar fields worth asking a model about. Arrays and
// objects stay with the deterministic pass: their rows are grounded cell
// by cell, which one model answer cannot do reliably.
func Gaps(spec api.DocumentTypeSpec, groups []api.ExtractedGroup) []Gap {
	var out []Gap
	for _, sg := range spec.FieldGroups {
		g := findGroup(groups, sg.Name)
		for _, sf := range sg.Fields {
			t := sf.EffectiveType()
			if t == api.TypeArray || t == api.TypeObject {
				continue
			}
			ef := findField(g, sf.Name)
			switch {
			case ef == nil || ef.Value == nil:
				out = append(out, Gap{sg.Name, sf.Name, sf, "empty"})
			case ef.Validation != nil && !ef.Validation.Valid:
				out = append(out, Gap{sg.Name, sf.Name, sf, "failed validation"})
			case ef.Confidence < LowConfidence:
				out = append(out, Gap{sg.Name, sf.Name, sf, "low confidence"})
			}
		}
	}
	return out
}

func findGroup(groups []api.ExtractedGroup, name string) *api.ExtractedGroup {
	for i := range groups {
		if groups[i].Name == name {
			return &groups[i]
		}
	}
	return nil
}

func findField(g *api.ExtractedGroup, name string) *api.ExtractedField {
	if g == nil {
		return nil
	}
	for i := range g.Fields {
		if g.Fields[i].Name == name {
			return &g.Fields[i]
		}
	}
	return nil
}

// Options tune one Fill.
type Options struct {
	// Model is the request's options.model; "" = the client's default.
	Model  string
	Locale fields.Locale
	// MaxTextBytes bounds the page text sent (default 24 KiB): the prompt's
	// size is a setting, never the document's.
	MaxTextBytes int
	// Images are rendered pages for vision models; nil sends text only.
	Images []llm.Image
}

// Outcome is what happened to one gap.
type Outcome struct {
	Group, Field string
	Method       string
	Note         string
}

// Fill asks the model for the gaps of one document and writes accepted
// answers into groups. It returns one outcome per gap the model answered.
func Fill(ctx context.Context, c *llm.Client, l *doc.Layout, spec api.DocumentTypeSpec, groups []api.ExtractedGroup, opt Options) ([]Outcome, error) {
	gaps := Gaps(spec, groups)
	if len(gaps) == 0 || l == nil {
		return nil, nil
	}
	schema, err := answerSchema(gaps)
	if err != nil {
		return nil, err
	}
	resp, err := c.Complete(ctx, llm.Request{
		Agent:      llm.AgentExtractor,
		Model:      opt.Model,
		System:     systemPrompt,
		Messages:   []llm.Message{{Text: userPrompt(spec, gaps, l, opt.MaxTextBytes), Images: opt.Images}},
		Schema:     schema,
		SchemaName: "fields",
		MaxTokens:  1024,
	})
	if err != nil {
		return nil, err
	}
	var answer map[string]any
	dec := json.NewDecoder(strings.NewReader(string(resp.JSON)))
	dec.UseNumber()
	if err := dec.Decode(&answer); err != nil {
		return nil, fmt.Errorf("assist: answer: %w", err)
	}
	var out []Outcome
	for _, gp := range gaps {
		v, ok := answer[key(gp)]
		if !ok || v == nil || v == "" {
			continue
		}
		out = append(out, apply(l, groups, gp, typed(v, gp.Spec), opt.Locale))
	}
	return out, nil
}

// apply writes one answer through the grounding gate.
func apply(l *doc.Layout, groups []api.ExtractedGroup, gp Gap, v any, loc fields.Locale) Outcome {
	g := findGroup(groups, gp.Group)
	ef := findField(g, gp.Field)
	if ef == nil && g != nil {
		g.Fields = append(g.Fields, api.ExtractedField{Name: gp.Field, Pages: []int{}})
		ef = &g.Fields[len(g.Fields)-1]
	}
	if ef == nil {
		return Outcome{gp.Group, gp.Field, MethodDeterministic, "group missing"}
	}
	m, grounded := Ground(l, v, loc)
	if !grounded {
		if ef.Value != nil && ef.BBox != nil {
			note := fmt.Sprintf("a model proposed %v, which is not in the document's words; the value read from the page is kept", v)
			ef.Notes = &note
			return Outcome{gp.Group, gp.Field, MethodDeterministicK, note}
		}
		note := "value proposed by a language model and not found in the document's words"
		ef.Value, ef.Confidence, ef.Notes, ef.Pages = v, 0.3, &note, []int{}
		ef.BBox = &api.BoundingBox{Source: api.BoxSourceLLM}
		return Outcome{gp.Group, gp.Field, MethodLLMUngrounded, note}
	}
	page := l.Words[m.First].Page
	var box doc.Box
	for _, w := range l.Words[m.First:m.End] {
		if w.Page == page {
			box = box.Union(w.Box)
		}
	}
	note := fmt.Sprintf("filled by a language model (%s) and found in the document's words (similarity %.2f)", gp.Reason, m.Score)
	ef.Value, ef.Confidence, ef.Notes, ef.Pages = v, round3(0.6+0.3*m.Score), &note, []int{page}
	ef.BBox = fields.ToBBox(l, page, box, m.Score)
	ef.Validation = nil // field_validation runs after extract and checks the new value
	return Outcome{gp.Group, gp.Field, MethodLLMGrounded, note}
}

func round3(v float64) float64 { return float64(int64(v*1000+0.5)) / 1000 }

// typed converts a JSON answer to the field's declared type.
func typed(v any, f api.Field) any {
	n, isNum := v.(json.Number)
	switch f.EffectiveType() {
	case api.TypeNumber:
		if isNum {
			x, _ := n.Float64()
			return x
		}
	case api.TypeInteger:
		if isNum {
			if i, err := n.Int64(); err == nil {
				return i
			}
		}
	}
	if isNum {
		return n.String()
	}
	return v
}
