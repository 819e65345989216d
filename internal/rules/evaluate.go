package rules

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"

	"github.com/quarrydev/quarry/internal/api"
)

// Input is what one evaluation needs besides the rules.
type Input struct {
	// DocumentTypes are the schemas the rules are declared against (the
	// request's, or the built-in schemas when it declares none).
	DocumentTypes []api.DocumentTypeSpec
	// Documents are the extracted documents, in request order.
	Documents []api.Document
	// Validate runs field validators for validators.* variables; nil
	// leaves them to visual checks alone.
	Validate ValidatorFunc
	// Now is the run's clock reading, the only time rules ever see.
	Now time.Time
	// CostLimit caps each rule's CEL cost; 0 means DefaultCostLimit.
	CostLimit uint64
	// NoLLM says why natural-language predicates cannot be judged (the
	// engine has no LLM); it ends their note.
	NoLLM string
	// Prose decides natural-language predicates (prose.go); nil leaves
	// them undecided with NoLLM's note.
	Prose ProseFunc
}

// Counts says how the rules of one evaluation were decided.
type Counts struct {
	Decided, NaturalLanguage, Undecided int
}

// defaultOutputs are a boolean rule's outputs when the request lists none.
var defaultOutputs = []string{"true", "false"}

// Evaluate decides the rules level by level and returns one result per
// rule, in request order. A rule that cannot be decided (natural
// language, a predicate that does not check, an evaluation error, an
// undecided parent) has output "" and says why in summary and notes. The
// error is the context's, when the deadline passed mid-way.
func Evaluate(ctx context.Context, specs []api.RuleSpec, in Input) ([]api.RuleResult, Counts, error) {
	var counts Counts
	cat := newCatalogue(in.DocumentTypes, specs)
	env, err := newEnv(cat, in.Now)
	if err != nil {
		return nil, counts, fmt.Errorf("rules: declaring the schema to CEL: %w", err)
	}
	limit := in.CostLimit
	if limit == 0 {
		limit = DefaultCostLimit
	}
	ev := bind(cat, in.Documents, in.Validate)
	ev.values[varNow] = types.Timestamp{Time: in.Now.UTC()}
	ev.today = in.Now.UTC().Format(time.DateOnly)

	results := make([]api.RuleResult, len(specs))
	outputs := map[string]*string{} // decided outputs by rule id
	ordered, cyclic := levels(specs)
	for _, level := range ordered {
		for _, i := range level {
			if err := ctx.Err(); err != nil {
				return nil, counts, err
			}
			res, how := decide(ctx, env, cat, specs[i], ev, outputs, limit, in)
			switch how {
			case outcomeDecided:
				counts.Decided++
				out := res.Output
				outputs[specs[i].ID] = &out
			case outcomeNaturalLanguage:
				counts.NaturalLanguage++
			default:
				counts.Undecided++
			}
			results[i] = res
		}
	}
	for _, i := range cyclic {
		counts.Undecided++
		results[i] = undecided(specs[i], "not evaluated: the rule is on a cycle of parent rules",
			"a rule cannot wait for itself; break the cycle in parents")
	}
	return results, counts, nil
}

// outcome is how one rule ended.
type outcome int

const (
	outcomeDecided outcome = iota + 1
	outcomeNaturalLanguage
	outcomeUndecided
)

func undecided(spec api.RuleSpec, summary string, notes ...string) api.RuleResult {
	return api.RuleResult{RuleID: spec.ID, Predicate: spec.Predicate, Summary: summary, Notes: append([]string{}, notes...)}
}

// decide runs one rule whose parent rules have all been decided or not.
func decide(ctx context.Context, env *cel.Env, cat *catalogue, spec api.RuleSpec, ev bound,
	outputs map[string]*string, limit uint64, in Input) (api.RuleResult, outcome) {
	p := classify(env, cat, spec)
	if p.kind == KindNaturalLanguage && in.Prose != nil {
		return decideProse(ctx, cat, spec, ev, outputs, in.Prose)
	}
	if p.kind == KindNaturalLanguage {
		note := fmt.Sprintf("the predicate reads as natural language (%s), which only an LLM can judge", p.why)
		if in.NoLLM != "" {
			note += "; skipped because the rule engine " + in.NoLLM
		}
		return undecided(spec, "not evaluated: the predicate is natural language", note), outcomeNaturalLanguage
	}
	if len(p.problems) > 0 {
		return undecided(spec, "not evaluated: the CEL predicate does not check", p.problems...), outcomeUndecided
	}
	act := make(map[string]any, len(p.refs))
	var notes []string
	for _, v := range p.refs {
		switch v.kind {
		case kindRule:
			out := outputs[v.leaf]
			if out == nil {
				return undecided(spec, fmt.Sprintf("not evaluated: parent rule %q has no output", v.leaf)), outcomeUndecided
			}
			act[v.name] = types.String(*out)
		default:
			act[v.name] = ev.values[v.name]
			if n := ev.docNotes[v.docType]; n != "" && !slices.Contains(notes, n) {
				notes = append(notes, n)
			}
		}
	}
	prg, err := env.Program(p.ast, cel.CostLimit(limit), cel.InterruptCheckFrequency(interruptEvery))
	if err != nil {
		return undecided(spec, "not evaluated: the CEL predicate could not be planned", err.Error()), outcomeUndecided
	}
	val, _, err := prg.ContextEval(ctx, act)
	inputs := describeInputs(p.refs, act)
	if p.usesClock {
		inputs += ", counting days to " + ev.today
	}
	if err != nil {
		res := undecided(spec, "not decided: "+err.Error()+inputs, notes...)
		return res, outcomeUndecided
	}
	out, ok := outputText(val)
	if !ok {
		return undecided(spec, fmt.Sprintf("not decided: the predicate gave %s, not a bool or a string%s", describe(val), inputs), notes...), outcomeUndecided
	}
	valid := defaultOutputs
	if spec.Output != nil && len(spec.Output.ValidOutputs) > 0 {
		valid = spec.Output.ValidOutputs
	}
	if !slices.Contains(valid, out) {
		notes = append(notes, fmt.Sprintf("output %q is not one of valid_outputs [%s]", out, strings.Join(valid, ", ")))
	}
	return api.RuleResult{RuleID: spec.ID, Predicate: spec.Predicate, Output: out,
		Summary: "CEL gave " + out + inputs, Notes: append([]string{}, notes...)}, outcomeDecided
}

// outputText is a decided output as the wire carries it.
func outputText(v ref.Val) (string, bool) {
	switch x := v.(type) {
	case types.Bool:
		if x {
			return "true", true
		}
		return "false", true
	case types.String:
		return string(x), true
	}
	return "", false
}

// describeInputs says which values decided a rule: every variable it read
// with the value it had.
func describeInputs(refs []*variable, act map[string]any) string {
	if len(refs) == 0 {
		return " from constants alone"
	}
	parts := make([]string, 0, len(refs))
	for _, v := range refs {
		parts = append(parts, v.name+" = "+show(act[v.name]))
	}
	return " from " + strings.Join(parts, ", ")
}

// maxShown caps a value in a summary: a summary explains, it does not
// repeat a document.
const maxShown = 60

func show(v any) string {
	var s string
	switch x := v.(type) {
	case types.String:
		s = fmt.Sprintf("%q", string(x))
	case types.Null:
		s = "null"
	case types.Timestamp:
		s = x.Time.Format(time.RFC3339)
	case []any:
		s = fmt.Sprintf("%d rows", len(x))
	case ref.Val:
		s = fmt.Sprint(x.Value())
	default:
		s = fmt.Sprint(x)
	}
	if len(s) > maxShown {
		s = s[:maxShown] + "..."
	}
	return s
}
