package audit

import (
	"sort"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// Day is one day of a workspace's usage history.
type Day struct {
	Date        string `json:"date"`
	CreditsUsed int    `json:"credits_used"`
	JobsCount   int    `json:"jobs_count"`
}

// QualityDay is one day of a workspace's quality trend.
type QualityDay struct {
	Date              string         `json:"date"`
	AvgQualityScore   *float64       `json:"avg_quality_score" nullable:"true"`
	GradeDistribution map[string]int `json:"grade_distribution"`
	AvgFieldFillRate  *float64       `json:"avg_field_fill_rate" nullable:"true"`
	JobCount          int            `json:"job_count"`
}

// History counts, per UTC day, the jobs that ended (from the trail's job
// events) and the credits charged (from the ledger).
func History(events []*store.AuditEvent, credits map[time.Time]int64) []Day {
	days := map[string]*Day{}
	for day, n := range credits {
		key := day.UTC().Format(time.DateOnly)
		days[key] = &Day{Date: key, CreditsUsed: int(n)}
	}
	for _, e := range events {
		if e.Action != "job.completed" && e.Action != "job.failed" {
			continue
		}
		key := e.At.UTC().Format(time.DateOnly)
		d := days[key]
		if d == nil {
			d = &Day{Date: key}
			days[key] = d
		}
		d.JobsCount++
	}
	out := make([]Day, 0, len(days))
	for _, d := range days {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}

// Trend averages, per UTC day, the quality of the jobs that completed.
func Trend(events []*store.AuditEvent) []QualityDay {
	type acc struct {
		q             QualityDay
		score, fill   float64
		nScore, nFill int
	}
	days := map[string]*acc{}
	for _, e := range events {
		if e.Action != "job.completed" {
			continue
		}
		key := e.At.UTC().Format(time.DateOnly)
		a := days[key]
		if a == nil {
			a = &acc{q: QualityDay{Date: key, GradeDistribution: map[string]int{}}}
			days[key] = a
		}
		a.q.JobCount++
		if g, ok := e.Details["grade"].(string); ok {
			a.q.GradeDistribution[g]++
		}
		if v, ok := e.Details["score"].(float64); ok {
			a.score, a.nScore = a.score+v, a.nScore+1
		}
		if v, ok := e.Details["field_fill_rate"].(float64); ok {
			a.fill, a.nFill = a.fill+v, a.nFill+1
		}
	}
	out := make([]QualityDay, 0, len(days))
	for _, a := range days {
		if a.nScore > 0 {
			v := a.score / float64(a.nScore)
			a.q.AvgQualityScore = &v
		}
		if a.nFill > 0 {
			v := a.fill / float64(a.nFill)
			a.q.AvgFieldFillRate = &v
		}
		out = append(out, a.q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}
