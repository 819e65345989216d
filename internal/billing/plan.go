// Package billing holds the plans (credits, rate, file size, retention)
// and the credit ledger's rules: one processed document costs one
// credit, held when its job is admitted and charged in the transaction
// that completes it, so retries, crashes and replays never charge twice.
package billing

import (
	"sort"
	"time"
)

// Plan ids.
const (
	PlanTrial      = "trial"
	PlanStarter    = "starter"
	PlanPro        = "pro"
	PlanEnterprise = "enterprise"
)

// Unlimited marks a credit or rate limit that does not apply.
const Unlimited = -1

// Plan is what a workspace may use.
type Plan struct {
	ID   string
	Name string
	// Credits per period; Unlimited for none.
	Credits int64
	// Monthly periods follow the calendar (UTC); otherwise a period is
	// PeriodDays long, counted from when the plan was set.
	Monthly    bool
	PeriodDays int
	// TrialDays > 0 ends the plan that many days after it was set.
	TrialDays int
	// RPM is requests per minute on /v1; Unlimited for none.
	RPM          int
	MaxFileBytes int64
	Retention    time.Duration
	// Features beyond the basics.
	SemanticSearch bool
	Schedules      bool
	Team           bool
}

const (
	mb  = 1 << 20
	day = 24 * time.Hour
)

// The plans of the reference platform (its section 3.4). Pro's rate is
// "higher, contact sales" there; Quarry sets 600. Enterprise is whatever
// the operator sets; by default nothing is limited but the file size,
// which the server's own request limit bounds anyway.
var plans = map[string]Plan{
	PlanTrial: {ID: PlanTrial, Name: "Trial", Credits: 1200, PeriodDays: 30, TrialDays: 30, RPM: 60,
		MaxFileBytes: 10 * mb, Retention: 7 * day},
	PlanStarter: {ID: PlanStarter, Name: "Starter", Credits: 1200, Monthly: true, RPM: 60,
		MaxFileBytes: 25 * mb, Retention: 30 * day, Schedules: true},
	PlanPro: {ID: PlanPro, Name: "Pro", Credits: 6000, Monthly: true, RPM: 600,
		MaxFileBytes: 50 * mb, Retention: 90 * day, SemanticSearch: true, Schedules: true, Team: true},
	PlanEnterprise: {ID: PlanEnterprise, Name: "Enterprise", Credits: Unlimited, Monthly: true, RPM: Unlimited,
		MaxFileBytes: 100 * mb, Retention: 365 * day, SemanticSearch: true, Schedules: true, Team: true},
}

// Lookup finds a plan by id.
func Lookup(id string) (Plan, bool) {
	plansMu.RLock()
	defer plansMu.RUnlock()
	p, ok := plans[id]
	return p, ok
}

// Plans lists the plans, smallest first.
func Plans() []Plan {
	plansMu.RLock()
	defer plansMu.RUnlock()
	out := make([]Plan, 0, len(plans))
	for _, p := range plans {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

// rank orders plans: a trial first, then by credits, unlimited last.
func rank(p Plan) int64 {
	switch {
	case p.TrialDays > 0:
		return 0
	case p.Credits == Unlimited:
		return 1 << 62
	}
	return 1 + p.Credits
}

// Period is the billing period holding now for a plan set at since.
func (p Plan) Period(since, now time.Time) (start, end time.Time) {
	now = now.UTC()
	if p.Monthly {
		start = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
		return start, start.AddDate(0, 1, 0)
	}
	length := time.Duration(p.PeriodDays) * day
	since = since.UTC()
	if now.Before(since) {
		return since, since.Add(length)
	}
	n := now.Sub(since) / length
	start = since.Add(n * length)
	return start, start.Add(length)
}

// TrialEnds is when a trial plan set at since stops admitting work; the
// zero time for other plans.
func (p Plan) TrialEnds(since time.Time) time.Time {
	if p.TrialDays <= 0 {
		return time.Time{}
	}
	return since.UTC().AddDate(0, 0, p.TrialDays)
}
