package judge

import (
	"math"
	"sort"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
)

// How checks become a verdict (docs/judge.md, "Verdicts"):
//
//   - no check reached a conclusion: uncertain, confidence 0;
//   - every conclusive check passed: pass, confidence 1 - 0.5^(1+w), where
//     w sums the checks' weights (1 for the page, 2 for a relation with
//     other values): 0.75 for a value only found on the page, 0.875 for
//     one that adds up, 0.94 for both;
//   - a check failed: fail, confidence 1 - 0.5^(1+w) over the failed
//     checks, unless the field is cleared: another relation vouches for it
//     (it passed a relational check) and the failed check has another
//     participant nobody vouches for, who takes the blame. A cleared field
//     passes with confidence clearedConfidence and is flagged.
//
// Fail and any confidence below flagBelow are flagged for review.
const (
	flagBelow         = 0.7
	clearedConfidence = 0.6
)

// decide writes every field's verdict and sums the report.
func (j *judgement) decide() Report {
	var rep Report
	for _, r := range j.checks {
		if r.outcome == inconclusive {
			continue
		}
		c := Check{Name: r.name, Passed: r.outcome == passed, Note: r.note}
		for _, s := range r.participants {
			c.Fields = append(c.Fields, s.path)
		}
		rep.Checks = append(rep.Checks, c)
		if r.outcome == failed && (arithmetic[r.name] || r.name == CheckStated && amountRole(r.participants)) {
			rep.ArithmeticFailures++
		}
	}
	for _, s := range j.slots {
		jd := j.verdict(s)
		s.f.Judge = jd
		if s.f.Value == nil {
			continue
		}
		rep.Judged++
		if jd.Status == api.JudgeFail {
			rep.Failed++
		}
		if jd.FlagForReview {
			rep.Flagged++
		}
	}
	return rep
}

// vouched reports whether a field passed a relational check.
func vouched(s *slot) bool {
	for _, r := range s.results {
		if r.relational && r.outcome == passed {
			return true
		}
	}
	return false
}

// cleared reports whether s can hand the blame for r to another
// participant.
func cleared(s *slot, r *result) bool {
	if r.name == CheckPresence || !vouched(s) {
		return false
	}
	for _, o := range r.participants {
		if o != s && !vouched(o) {
			return true
		}
	}
	return false
}

func (j *judgement) verdict(s *slot) *api.Judgement {
	jd := &api.Judgement{Status: api.JudgeUncertain}
	if s.evidence != "" {
		ev := s.evidence
		jd.Evidence = &ev
	}
	if s.f.Value == nil {
		jd.Notes = note("no value to judge")
		return jd
	}
	var passW, failW float64
	var passes, fails, others, clearedNotes []string
	for _, r := range s.results {
		line := r.name + ": " + r.note
		switch {
		case r.outcome == passed:
			passW += r.weight
			passes = append(passes, line)
		case r.outcome == failed && cleared(s, r):
			clearedNotes = append(clearedNotes, line+" (blamed on another value: this one agrees elsewhere)")
		case r.outcome == failed:
			failW += r.weight
			fails = append(fails, line)
		default:
			others = append(others, line)
		}
	}
	switch {
	case len(fails) > 0:
		jd.Status, jd.Confidence = api.JudgeFail, confidence(failW)
		jd.Notes = note(join("Failed", fails), join("Passed", passes), join("Also", clearedNotes), join("Not decided", others))
	case len(clearedNotes) > 0:
		jd.Status, jd.Confidence = api.JudgePass, clearedConfidence
		jd.Notes = note(join("Passed", passes), join("But", clearedNotes), join("Not decided", others))
	case len(passes) > 0:
		jd.Status, jd.Confidence = api.JudgePass, confidence(passW)
		jd.Notes = note(join("Passed", passes), join("Not decided", others))
	default:
		if len(others) == 0 {
			others = []string{"no check applies to this field"}
		}
		jd.Notes = note(strings.Join(others, "; "))
		return jd
	}
	jd.FlagForReview = jd.Status == api.JudgeFail || jd.Confidence < flagBelow
	return jd
}

// confidence maps the weight of agreeing (or contradicting) evidence to
// (0.5, 1): every unit halves the remaining doubt.
func confidence(w float64) float64 {
	return math.Round((1-math.Pow(0.5, 1+w))*1000) / 1000
}

func join(head string, lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return head + ": " + strings.Join(lines, "; ")
}

func note(parts ...string) *string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	s := strings.Join(keep, ". ")
	return &s
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
