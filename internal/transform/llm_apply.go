package transform

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/llm"
)

// Options say whether llm transformations can run.
type Options struct {
	// NoLLM is why they cannot, used when LLM is nil.
	NoLLM string
	// LLM is the configured client; nil skips llm transformations.
	LLM *llm.Client
	// Model is the request's options.model ("" = the client's default).
	Model string
}

// llmConfidenceUnsourced is the confidence of an output row the model made
// from no input row: nothing on the page stands behind it.
const llmConfidenceUnsourced = 0.3

// errModelFailed marks a failure of the model (down, off schema), which
// the pipeline reports as llm_failed, from a request it cannot serve.
var errModelFailed = errors.New("model call failed")

// runLLM applies one llm transformation and says whether it wrote
// anything. Units it could not transform are noted in out.Skipped (model
// failures in out.Failed too); reason is set when the transformation could
// not start at all.
func runLLM(ctx context.Context, t api.Transformation, path string, docs []api.Document, opt Options, out *Outcome) (wrote bool, reason string) {
	iv, err := parseInvariant(t.Invariant)
	if err != nil {
		return false, fmt.Sprintf("%s: %v", path, err)
	}
	sys, err := systemPrompt(t.PromptID)
	if err != nil {
		return false, fmt.Sprintf("%s: %v", path, err)
	}
	x := llmTransform{t: t, iv: iv, system: sys, opt: opt}
	outName := t.TargetGroup
	if t.OutputGroup != nil && *t.OutputGroup != "" {
		outName = *t.OutputGroup
	}
	calls, written, found := 0, 0, false
	var reasons []string
	// call runs one unit of rows and says whether it may be written.
	call := func(where string, rows []row) ([]api.ExtractedField, bool) {
		found = true
		if calls == maxLLMCalls {
			reasons = append(reasons, fmt.Sprintf("%s: %s not transformed: more than %d calls", path, where, maxLLMCalls))
			return nil, false
		}
		calls++
		res, err := x.rows(ctx, rows)
		if err != nil {
			msg := fmt.Sprintf("%s: %s: %v", path, where, err)
			if errors.Is(err, errModelFailed) {
				out.Failed = append(out.Failed, msg)
			}
			reasons = append(reasons, msg)
			return nil, false
		}
		out.RowsIn += len(rows)
		out.RowsOut += len(res)
		written++
		return res, true
	}
	if t.Scope == ScopeRequest {
		var all []row
		for di := range docs {
			for _, set := range rowsOf(&docs[di], di, t.TargetGroup) {
				all = append(all, set.rows...)
			}
		}
		if len(all) > 0 {
			if res, ok := call("the request's rows", all); ok {
				out.RequestGroups = append(out.RequestGroups, api.ExtractedGroup{Name: outName, Fields: res})
			}
		}
	} else {
		for di := range docs {
			d := &docs[di]
			sets := rowsOf(d, di, t.TargetGroup)
			if len(sets) == 0 {
				continue
			}
			where := fmt.Sprintf("document %d", di)
			if t.OutputGroup != nil && *t.OutputGroup != "" {
				var all []row
				for _, set := range sets {
					all = append(all, set.rows...)
				}
				if res, ok := call(where, all); ok {
					d.FieldGroups = append(d.FieldGroups, api.ExtractedGroup{Name: outName, Fields: res})
				}
				continue
			}
			for _, set := range sets {
				res, ok := call(where, set.rows)
				switch {
				case !ok:
				case set.field != "":
					replaceArray(d, set.group, set.field, res)
				case len(res) == 1:
					// A group read as one row takes the row's members back
					// as its fields.
					replaceGroupFields(d, set.group, res[0])
				default:
					reasons = append(reasons, fmt.Sprintf("%s: %s: group %q is one row and the model answered %d", path, where, set.group, len(res)))
					written--
				}
			}
		}
	}
	if !found {
		return false, fmt.Sprintf("%s: no document has rows in %q", path, t.TargetGroup)
	}
	out.Skipped = append(out.Skipped, reasons...)
	return written > 0, ""
}

// llmTransform is one llm transformation ready to call.
type llmTransform struct {
	t      api.Transformation
	iv     *Invariant
	system string
	opt    Options
}

// rows sends one unit of rows and returns the output rows, checked
// against the shape and, when declared, the invariant.
func (x llmTransform) rows(ctx context.Context, in []row) ([]api.ExtractedField, error) {
	if len(in) > MaxLLMRows {
		return nil, fmt.Errorf("%d rows, more than the %d one call may carry", len(in), MaxLLMRows)
	}
	rendered, sh := renderRows(in)
	rowsJSON, err := json.Marshal(rendered)
	if err != nil {
		return nil, fmt.Errorf("encoding rows: %w", err)
	}
	if len(rowsJSON) > MaxLLMInputBytes {
		return nil, fmt.Errorf("the rows take %d bytes, more than the %d one call may carry", len(rowsJSON), MaxLLMInputBytes)
	}
	schema, names := outputSchema(sh, x.iv, len(in))
	msgs := []llm.Message{{Text: userPrompt(x.t, x.iv, rowsJSON)}}
	answer, raw, err := x.ask(ctx, msgs, schema, len(in))
	if err != nil {
		return nil, err
	}
	note := fmt.Sprintf("Written by a language model for the llm transformation %q.", strings.TrimSpace(x.t.Intention))
	if x.iv != nil {
		if v := x.iv.check(answer); v != "" {
			if x.iv.OnViolation == OnViolationRepair {
				msgs = append(msgs, llm.Message{Text: repairPrompt(raw, v)})
				again, _, err := x.ask(ctx, msgs, schema, len(in))
				switch {
				case err != nil:
					note += fmt.Sprintf(" Invariant violated: %s; the repair call failed (%v), so the first answer is kept.", v, err)
				case x.iv.check(again) == "":
					answer = again
					note += fmt.Sprintf(" Repaired: the first answer broke the invariant (%s).", v)
				default:
					answer = again
					note += fmt.Sprintf(" Invariant still violated after one repair: %s.", x.iv.check(again))
				}
			} else {
				note += fmt.Sprintf(" Invariant violated: %s.", v)
			}
		}
	}
	return x.fields(in, names, answer, note), nil
}

// ask makes one call and decodes its rows; the client has already
// checked the answer against the schema, so only the indices are looked
// at again (a schema's maximum is easy for a provider to ignore).
func (x llmTransform) ask(ctx context.Context, msgs []llm.Message, schema json.RawMessage, inRows int) ([]map[string]any, json.RawMessage, error) {
	resp, err := x.opt.LLM.Complete(ctx, llm.Request{
		Agent: llm.AgentTransform, Model: x.opt.Model, System: x.system, Messages: msgs,
		Schema: schema, SchemaName: "rows", MaxTokens: 4096,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", errModelFailed, err)
	}
	var body struct {
		Rows []map[string]any `json:"rows"`
	}
	dec := json.NewDecoder(strings.NewReader(string(resp.JSON)))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		return nil, nil, fmt.Errorf("%w: decoding the answer: %v", errModelFailed, err)
	}
	for i, r := range body.Rows {
		for _, s := range sourceRows(r) {
			if s < 0 || s >= inRows {
				return nil, nil, fmt.Errorf("%w: output row %d names input row %d of %d", errModelFailed, i, s, inRows)
			}
		}
	}
	return body.Rows, resp.JSON, nil
}

func sourceRows(r map[string]any) []int {
	list, _ := r["source_rows"].([]any)
	out := make([]int, 0, len(list))
	for _, v := range list {
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				out = append(out, int(i))
				continue
			}
		}
		out = append(out, -1)
	}
	return out
}

// fields builds the output rows: members in the input's order, pages the
// union of the source rows', confidence the lowest of theirs (a model's
// rewrite is no surer than what it read), and provenance unless the
// request turned it off.
func (x llmTransform) fields(in []row, names []string, answer []map[string]any, note string) []api.ExtractedField {
	provenance := x.t.IncludeProvenance == nil || *x.t.IncludeProvenance
	out := make([]api.ExtractedField, 0, len(answer))
	for _, a := range answer {
		f := api.ExtractedField{Name: in[0].name, Pages: []int{}, Confidence: llmConfidenceUnsourced}
		srcs := sourceRows(a)
		for i, s := range srcs {
			r := in[s]
			f.Pages = append(f.Pages, r.pages...)
			if i == 0 || r.confidence < f.Confidence {
				f.Confidence = r.confidence
			}
			if provenance {
				f.Provenance = append(f.Provenance, r.sources...)
			}
		}
		slices.Sort(f.Pages)
		f.Pages = slices.Compact(f.Pages)
		members := make([]api.ExtractedField, 0, len(names))
		for _, n := range names {
			members = append(members, api.ExtractedField{Name: n, Value: plainValue(a[n]), Pages: slices.Clone(f.Pages), Confidence: f.Confidence})
		}
		f.Value = members
		n := note
		f.Notes = &n
		out = append(out, f)
	}
	return out
}

// plainValue turns a decoded JSON number into the float64 results hold.
func plainValue(v any) any {
	if n, ok := v.(json.Number); ok {
		if f, err := n.Float64(); err == nil {
			return f
		}
		return n.String()
	}
	return v
}

// replaceGroupFields writes a row's members over a group's fields by
// name, adding those the group did not have.
func replaceGroupFields(d *api.Document, group string, r api.ExtractedField) {
	for gi := range d.FieldGroups {
		g := &d.FieldGroups[gi]
		if g.Name != group {
			continue
		}
		for _, m := range r.Value.([]api.ExtractedField) {
			m.Notes = r.Notes
			m.Provenance = r.Provenance
			i := slices.IndexFunc(g.Fields, func(f api.ExtractedField) bool { return f.Name == m.Name })
			if i < 0 {
				g.Fields = append(g.Fields, m)
				continue
			}
			m.BBox = g.Fields[i].BBox
			g.Fields[i] = m
		}
		return
	}
}
