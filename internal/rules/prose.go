package rules

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"

	"github.com/quarrydev/quarry/internal/api"
)

// ProseFunc decides a natural-language predicate from the evidence its
// parents declare (a language model, in the pipeline). The package stays
// free of any model: it chooses the evidence, and checks the answer.
type ProseFunc func(ctx context.Context, q ProseQuestion) (ProseAnswer, error)

// ProseQuestion is one natural-language rule and all it may see.
type ProseQuestion struct {
	RuleID, Predicate string
	// Evidence is what the rule's parents hand it, by the names a CEL
	// predicate would read them under (fields.invoice.total,
	// validators.invoice.iban, rules.parent), values as JSON.
	Evidence []Evidence
	// ValidOutputs are the only outputs the answer may give.
	ValidOutputs []string
}

// Evidence is one named value a rule sees.
type Evidence struct {
	Name, Value string
}

// ProseAnswer is the decider's answer.
type ProseAnswer struct {
	Output, Summary string
	Notes           []string
}

// Bounds of the evidence a prose rule is shown: the prompt's size is a
// setting, never the document's.
const (
	MaxEvidenceValue = 2 << 10
	MaxEvidence      = 16 << 10
)

// decideProse decides a natural-language rule with the ProseFunc. Like a
// CEL rule, it waits for its parent rules; it reads the same field and
// validator variables its parents cover (all of them when it names no
// field or validator parent), and its output must be one of
// valid_outputs, whatever the decider says.
func decideProse(ctx context.Context, cat *catalogue, spec api.RuleSpec, ev bound, outputs map[string]*string, prose ProseFunc) (api.RuleResult, outcome) {
	restricted := slices.ContainsFunc(spec.Parents, func(p api.RuleParent) bool {
		return p.Kind == api.ParentField || p.Kind == api.ParentValidator
	})
	q := ProseQuestion{RuleID: spec.ID, Predicate: spec.Predicate, ValidOutputs: validOutputs(spec)}
	var notes []string
	size := 0
	add := func(name, value string) bool {
		if len(value) > MaxEvidenceValue {
			value = value[:MaxEvidenceValue] + "...[cut]"
		}
		if size+len(name)+len(value) > MaxEvidence {
			return false
		}
		size += len(name) + len(value)
		q.Evidence = append(q.Evidence, Evidence{Name: name, Value: value})
		return true
	}
	for _, p := range spec.Parents {
		if p.Kind != api.ParentRule {
			continue
		}
		out := outputs[p.Rule]
		if out == nil {
			return undecided(spec, fmt.Sprintf("not evaluated: parent rule %q has no output", p.Rule)), outcomeUndecided
		}
		add(nsRules+"."+p.Rule, jsonText(*out))
	}
	cut := false
	for _, v := range cat.vars {
		if v.kind != kindField && v.kind != kindValidator {
			continue
		}
		if restricted && !slices.ContainsFunc(spec.Parents, func(p api.RuleParent) bool { return covers(p, v) }) {
			continue
		}
		if n := ev.docNotes[v.docType]; n != "" && !slices.Contains(notes, n) {
			notes = append(notes, n)
		}
		if !cut && !add(v.name, jsonText(plain(ev.values[v.name]))) {
			cut = true
		}
	}
	if cut {
		notes = append(notes, fmt.Sprintf("the evidence was cut at %d bytes; name field parents to choose what the rule sees", MaxEvidence))
	}
	ans, err := prose(ctx, q)
	if err != nil {
		return undecided(spec, "not decided: the language model failed", append(notes, err.Error())...), outcomeNaturalLanguage
	}
	if !slices.Contains(q.ValidOutputs, ans.Output) {
		// The schema forbids it; a provider that ignores schemas must not
		// slip an undeclared output through.
		return undecided(spec, "not decided: the language model answered outside valid_outputs",
			append(notes, fmt.Sprintf("output %q is not one of valid_outputs [%s]", ans.Output, strings.Join(q.ValidOutputs, ", ")))...), outcomeNaturalLanguage
	}
	names := make([]string, len(q.Evidence))
	for i, e := range q.Evidence {
		names[i] = e.Name
	}
	summary := "a language model gave " + ans.Output
	if len(names) > 0 {
		summary += " from " + strings.Join(names, ", ")
	}
	if ans.Summary != "" {
		summary += ": " + ans.Summary
	}
	return api.RuleResult{RuleID: spec.ID, Predicate: spec.Predicate, Output: ans.Output, Summary: summary,
		Notes: append(append([]string{}, notes...), ans.Notes...)}, outcomeDecided
}

// validOutputs are the outputs a rule may give.
func validOutputs(spec api.RuleSpec) []string {
	if spec.Output != nil && len(spec.Output.ValidOutputs) > 0 {
		return slices.Clone(spec.Output.ValidOutputs)
	}
	return slices.Clone(defaultOutputs)
}

// plain turns a bound CEL value into plain Go values for JSON.
func plain(v any) any {
	switch x := v.(type) {
	case types.Null:
		return nil
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = plain(x[i])
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, m := range x {
			out[k] = plain(m)
		}
		return out
	case ref.Val:
		return plain(x.Value())
	}
	return v
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
