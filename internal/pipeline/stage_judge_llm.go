package pipeline

import (
	"context"
	"fmt"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/judge"
)

// judgeWithModel hands the fields the deterministic judge left uncertain
// to the model, when one is configured: one call per document, and a
// verdict stands only when the quote it rests on is in the document
// (judge.JudgeWithModel). A failed call is an llm_failed error and the
// deterministic verdicts stand.
func (e *Engine) judgeWithModel(ctx context.Context, r *Run, t *Task) {
	if ok, _ := e.llmReady(r); !ok {
		return
	}
	cands := judge.Uncertain(t.Spec, t.Doc.FieldGroups)
	if r.judgeAsked == nil {
		r.judgeAsked = map[*Task][]judge.Candidate{}
	}
	r.judgeAsked[t] = cands
	_, err := judge.JudgeWithModel(ctx, e.client(r), judge.ModelInput{
		Layout: t.File.File.Layout, Spec: t.Spec, Candidates: cands, Model: r.Options.Model,
		Language: t.File.File.Language, Country: t.Spec.Country,
	})
	if err != nil {
		r.Errors = append(r.Errors, api.PipelineError{Node: StageJudge, Code: CodeLLMFailed, Message: err.Error()})
	}
}

// escalate judges the run's model-judged fields again with the
// escalation model and keeps that judgement only if it fails fewer
// fields (the reference's rule). Deterministic verdicts are the same in
// both passes, so only what a model decided can change. It fills
// r.Escalation and returns the trace's reason ("" = success).
func (e *Engine) escalate(ctx context.Context, r *Run, groups func() [][]api.ExtractedGroup, rate float64, bad int, model string) string {
	info := &api.EscalationInfo{Triggered: true, PrimaryModel: e.model(r), EscalationModel: model, PrimaryFailRate: round3(rate)}
	r.Escalation = info
	snaps := make(map[*Task][]api.Judgement, len(r.Tasks))
	restore := func() {
		for t, s := range snaps {
			judge.Restore(r.judgeAsked[t], s)
		}
	}
	for _, t := range r.Tasks {
		cands := r.judgeAsked[t]
		if len(cands) == 0 {
			continue
		}
		snaps[t] = judge.Snapshot(cands)
		judge.Reset(cands)
		_, err := judge.JudgeWithModel(ctx, e.client(r), judge.ModelInput{
			Layout: t.File.File.Layout, Spec: t.Spec, Candidates: cands, Model: model,
			Language: t.File.File.Language, Country: t.Spec.Country,
		})
		if err != nil {
			// Half an escalation compares nothing: the first pass stands.
			restore()
			r.Errors = append(r.Errors, api.PipelineError{Node: StageJudgeEscalation, Code: CodeLLMFailed, Message: err.Error()})
			info.EscalationFailRate = info.PrimaryFailRate
			return ""
		}
	}
	escRate, escBad, _ := judge.FailRate(groups()...)
	info.EscalationFailRate = round3(escRate)
	info.Accepted = escBad < bad
	if !info.Accepted {
		restore()
	}
	return ""
}

// escalationDecision is the trace's account of the rule when the stage
// does not escalate.
func escalationDecision(rate float64, bad, judged int, threshold float64, decision, tail string) string {
	return fmt.Sprintf("judge fail rate %.3f (%d of %d judged fields failed or flagged), threshold %.2f: %s%s",
		rate, bad, judged, threshold, decision, tail)
}

func round3(v float64) float64 { return float64(int64(v*1000+0.5)) / 1000 }
