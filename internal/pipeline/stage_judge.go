package pipeline

import (
	"context"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/judge"
)

// stageJudge runs the deterministic judge on every extracted document: a
// verdict per field from evidence checks (docs/judge.md). It needs no
// LLM, so it runs whenever options.stages.judge is on.
func (e *Engine) stageJudge(ctx context.Context, r *Run) (string, error) {
	if len(r.Tasks) == 0 {
		return "no extracted fields to judge", nil
	}
	for _, t := range r.Tasks {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		in := judge.Input{Layout: t.File.File.Layout, Spec: t.Spec, Groups: t.Doc.FieldGroups,
			Language: t.File.File.Language, Country: t.Spec.Country, Printed: t.Printed}
		if t.File.seg == nil {
			in.Readings = t.File.File.Readings // what extraction voted with (voteReadings)
		}
		if inv := t.File.File.EInvoice; inv != nil {
			in.Stated = inv.Fields()
		}
		rep := judge.Judge(in)
		t.File.ArithmeticFailures += rep.ArithmeticFailures
		e.judgeWithModel(ctx, r, t)
	}
	return "", nil
}

// stageJudgeEscalation applies the reference's escalation rule to the
// judge's first pass: when the fail rate reaches the threshold and the
// escalation model differs from the primary one, the model-judged fields
// are judged again with it (stage_judge_llm.go). Without a model there is
// no second judge: the stage reports the fail rate and the decision it
// would take, and skips.
func (e *Engine) stageJudgeEscalation(ctx context.Context, r *Run) (string, error) {
	if !r.judgeRan() {
		return "the judge did not run, so there is no first pass to escalate", nil
	}
	groups := func() [][]api.ExtractedGroup {
		var gs [][]api.ExtractedGroup
		for _, t := range r.Tasks {
			gs = append(gs, t.Doc.FieldGroups)
		}
		return gs
	}
	rate, bad, judged := judge.FailRate(groups()...)
	var threshold float64
	var model string
	if esc := r.Options.Escalation; esc != nil {
		threshold, model = esc.Threshold, esc.Model
	}
	ready, _ := e.llmReady(r)
	primary := "deterministic"
	if ready {
		primary = e.model(r)
	}
	decision := "below the threshold, no escalation"
	escalates := judge.Escalates(rate, threshold, primary, model)
	switch {
	case escalates && ready:
		return e.escalate(ctx, r, groups, rate, bad, model), nil
	case escalates:
		decision = "escalation is due"
	case threshold <= 0 || model == "":
		decision = "no escalation threshold and model in options.escalation"
	case model == primary:
		decision = "the escalation model is the primary model, no escalation"
	}
	tail := ""
	if !ready {
		tail = "; a second judge " + e.caps.llmSkip()
	}
	return escalationDecision(rate, bad, judged, threshold, decision, tail), nil
}

// judgeRan reports whether the judge stage succeeded in this run.
func (r *Run) judgeRan() bool {
	for _, t := range r.Trace {
		if t.Node == StageJudge {
			return t.Status == api.TraceSuccess
		}
	}
	return false
}

// printedCopy copies the groups' top-level fields: FillFromEInvoice
// overwrites fields in place (and swaps whole tables), so a copy of each
// group's field slice keeps the page's reading intact.
func printedCopy(groups []api.ExtractedGroup) []api.ExtractedGroup {
	out := make([]api.ExtractedGroup, len(groups))
	for i, g := range groups {
		out[i] = api.ExtractedGroup{Name: g.Name, Fields: append([]api.ExtractedField(nil), g.Fields...)}
	}
	return out
}
