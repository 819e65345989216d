package judge

import "github.com/quarrydev/quarry/internal/api"

// FailRate is the judge's first-pass fail rate as the reference defines
// it for escalation: fields judged fail or flagged for review, over the
// fields judged. A field is judged when it holds a value and carries a
// verdict; rows and objects count like any field. Rate is 0 when nothing
// was judged.
func FailRate(groups ...[]api.ExtractedGroup) (rate float64, failedOrFlagged, judged int) {
	var walk func(fs []api.ExtractedField)
	walk = func(fs []api.ExtractedField) {
		for i := range fs {
			f := &fs[i]
			if f.Value == nil || f.Judge == nil {
				continue
			}
			judged++
			if f.Judge.Status == api.JudgeFail || f.Judge.FlagForReview {
				failedOrFlagged++
			}
			if kids, ok := f.Value.([]api.ExtractedField); ok {
				walk(kids)
			}
		}
	}
	for _, gs := range groups {
		for _, g := range gs {
			walk(g.Fields)
		}
	}
	if judged > 0 {
		rate = float64(failedOrFlagged) / float64(judged)
	}
	return rate, failedOrFlagged, judged
}

// Escalates reports whether the reference would escalate: the rate
// reaches a positive threshold and the escalation model differs from the
// primary one.
func Escalates(rate, threshold float64, primary, escalation string) bool {
	return threshold > 0 && rate >= threshold && escalation != "" && escalation != primary
}
