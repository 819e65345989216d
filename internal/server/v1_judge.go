package server

import (
	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/judge"
	"github.com/quarrydev/quarry/internal/pipeline"
)

// platformStages are the stages a /v1 upload runs beyond the defaults.
// The platform grades every document; the deterministic judge is what
// tells it whether the numbers add up (docs/judge.md), costs no model
// call, and so is on for every platform job.
func platformStages() *api.StageToggles {
	on := true
	return &api.StageToggles{Judge: &on}
}

// addJudge shows the judge's work on an execution: the verdict of each
// record column, its evidence masked like the records when the job masked
// its text, and, when the judge ran, its fail rate as the escalation rule
// defines it.
func addJudge(x *v1Execution, res *api.ExtractionResult, masking bool) {
	if len(res.Documents) == 0 {
		return
	}
	for _, g := range res.Documents[0].FieldGroups {
		for _, f := range g.Fields {
			if _, seen := x.FieldVerdicts[f.Name]; seen {
				continue
			}
			jd := *api.NoJudgement()
			if f.Judge != nil {
				jd = *f.Judge
			}
			if jd.Evidence != nil {
				ev, _ := maskValue(*jd.Evidence, masking).(string)
				jd.Evidence = &ev
			}
			x.FieldVerdicts[f.Name] = jd
		}
	}
	for _, t := range res.Pipeline.Trace {
		if t.Node == pipeline.StageJudge && t.Status == api.TraceSuccess {
			groups := make([][]api.ExtractedGroup, 0, len(res.Documents))
			for _, d := range res.Documents {
				groups = append(groups, d.FieldGroups)
			}
			rate, _, _ := judge.FailRate(groups...)
			x.ResultMeta["judge_fail_rate"] = rate
		}
	}
}
