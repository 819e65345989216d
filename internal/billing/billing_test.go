package billing

import (
	"testing"
	"time"
)

func TestPeriods(t *testing.T) {
	t.Parallel()
	since := time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)
	starter, _ := Lookup(PlanStarter)
	start, end := starter.Period(since, time.Date(2026, 7, 3, 12, 0, 0, 0, time.UTC))
	if !start.Equal(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)) || !end.Equal(time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("monthly period = %s .. %s, want July", start, end)
	}
	trial, _ := Lookup(PlanTrial)
	start, end = trial.Period(since, since.Add(31*24*time.Hour))
	if !start.Equal(since.Add(30*24*time.Hour)) || end.Sub(start) != 30*24*time.Hour {
		t.Fatalf("trial's second period = %s .. %s", start, end)
	}
	if got := trial.TrialEnds(since); !got.Equal(since.AddDate(0, 0, 30)) {
		t.Fatalf("trial ends %s", got)
	}
	if !starter.TrialEnds(since).IsZero() {
		t.Fatal("a paid plan has no trial end")
	}
}

func TestPlansMatchTheReference(t *testing.T) {
	t.Parallel()
	want := map[string]struct {
		credits int64
		rpm     int
		fileMB  int64
		days    int
	}{
		PlanTrial: {1200, 60, 10, 7}, PlanStarter: {1200, 60, 25, 30}, PlanPro: {6000, 600, 50, 90},
	}
	for id, w := range want {
		p, ok := Lookup(id)
		if !ok || p.Credits != w.credits || p.RPM != w.rpm || p.MaxFileBytes != w.fileMB<<20 || p.Retention != time.Duration(w.days)*24*time.Hour {
			t.Errorf("%s = %+v", id, p)
		}
	}
	if ps := Plans(); len(ps) != 4 || ps[0].ID != PlanTrial || ps[3].ID != PlanEnterprise {
		t.Errorf("plans order = %v", ps)
	}
}

func TestRateLimiterWindows(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 10, 0, time.UTC)
	r := &RateLimiter{Now: func() time.Time { return now }}
	for i := 0; i < 3; i++ {
		if ok, _ := r.Allow("a", 3); !ok {
			t.Fatalf("request %d refused", i+1)
		}
	}
	ok, st := r.Allow("a", 3)
	if ok || st.Remaining != 0 || st.ResetIn != 50*time.Second {
		t.Fatalf("fourth request: ok=%v %+v", ok, st)
	}
	if ok, _ := r.Allow("b", 3); !ok {
		t.Fatal("another workspace shares the count")
	}
	if st := r.Status("a", 3); st.Used != 3 {
		t.Fatalf("status counted a request: %+v", st)
	}
	now = now.Add(time.Minute)
	if ok, st := r.Allow("a", 3); !ok || st.Used != 1 {
		t.Fatalf("new window: ok=%v %+v", ok, st)
	}
}
