package source_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/source"
)

func TestSchedulePlanRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	planErr := func(err error) string {
		var pe *source.PlanError
		if errors.As(err, &pe) {
			return pe.Code
		}
		return ""
	}
	t.Run("trial", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, "trial")
		_, c := e.bucket(t, "ws_a", "docs")
		_, err := e.svc.CreateSchedule(ctx, "ws_a", source.ScheduleInput{ConnectorID: c.ID, Cron: "0 6 * * *"})
		if planErr(err) != source.CodePlanUpgrade {
			t.Fatalf("trial: %v, want %s", err, source.CodePlanUpgrade)
		}
	})
	t.Run("starter", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, "starter")
		_, c := e.bucket(t, "ws_a", "docs")
		for _, tooOften := range []source.ScheduleInput{{Cron: "0 */6 * * *"}, {Cron: "0 6,7 * * *"}, {Interval: "12h"}} {
			tooOften.ConnectorID = c.ID
			if _, err := e.svc.CreateSchedule(ctx, "ws_a", tooOften); planErr(err) != source.CodeTooFrequent {
				t.Fatalf("starter %+v: %v, want %s", tooOften, err, source.CodeTooFrequent)
			}
		}
		for i := range 5 {
			in := source.ScheduleInput{ConnectorID: c.ID, Cron: "0 6 * * *"}
			if i%2 == 1 {
				in = source.ScheduleInput{ConnectorID: c.ID, Interval: "24h"}
			}
			if _, err := e.svc.CreateSchedule(ctx, "ws_a", in); err != nil {
				t.Fatalf("schedule %d: %v", i+1, err)
			}
		}
		if _, err := e.svc.CreateSchedule(ctx, "ws_a", source.ScheduleInput{ConnectorID: c.ID, Cron: "0 8 * * 1"}); planErr(err) != source.CodePlanUpgrade {
			t.Fatalf("sixth schedule: %v, want %s", err, source.CodePlanUpgrade)
		}
	})
	t.Run("pro", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, "pro")
		_, c := e.bucket(t, "ws_a", "docs")
		x, err := e.svc.CreateSchedule(ctx, "ws_a", source.ScheduleInput{ConnectorID: c.ID, Cron: "*/15 * * * *", Prefix: "in/", Name: "quarter-hourly"})
		if err != nil || x.Name != "quarter-hourly" || x.Prefix != "in/" || !x.NextRunAt.Equal(e.clock().Add(15*time.Minute)) {
			t.Fatalf("pro, every 15 minutes: %+v, %v", x, err)
		}
		// Sunday is 0 and 7.
		for _, expr := range []string{"0 8 * * 7", "0 8 * * 5-7"} {
			x, err := e.svc.CreateSchedule(ctx, "ws_a", source.ScheduleInput{ConnectorID: c.ID, Cron: expr})
			if err != nil || x.NextRunAt.Weekday() != time.Friday && x.NextRunAt.Weekday() != time.Sunday {
				t.Fatalf("%q: %+v, %v", expr, x, err)
			}
		}
		var ie *source.InputError
		for _, bad := range []source.ScheduleInput{{Cron: "0 6 * *"}, {Cron: "61 * * * *"}, {Interval: "2h"}, {}, {Cron: "0 6 * * *", Interval: "1h"}} {
			bad.ConnectorID = c.ID
			if _, err := e.svc.CreateSchedule(ctx, "ws_a", bad); !errors.As(err, &ie) {
				t.Fatalf("%+v: %v, want an input error", bad, err)
			}
		}
		off := false
		x, err = e.svc.CreateSchedule(ctx, "ws_a", source.ScheduleInput{ConnectorID: c.ID, Interval: "6h", Enabled: &off})
		if err != nil || x.Enabled || !x.NextRunAt.Equal(e.clock().Add(6*time.Hour)) {
			t.Fatalf("disabled interval schedule: %+v, %v", x, err)
		}
		if _, err := e.svc.CreateSchedule(ctx, "ws_a", source.ScheduleInput{ConnectorID: c.ID, Interval: "1h"}); err != nil {
			t.Fatalf("a fifth hourly on pro: %v", err)
		}
		if _, err := e.svc.CreateSchedule(ctx, "ws_a", source.ScheduleInput{ConnectorID: c.ID, Interval: "1h"}); planErr(err) != source.CodePlanUpgrade {
			t.Fatalf("a sixth on pro: %v", err)
		}
		if _, err := e.svc.CreateSchedule(ctx, "ws_b", source.ScheduleInput{ConnectorID: c.ID, Interval: "1h"}); !errors.Is(err, source.ErrNotFound) {
			t.Fatalf("ws_b schedules ws_a's connector: %v", err)
		}
		if err := e.svc.DeleteSchedule(ctx, "ws_a", c.ID, x.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := e.svc.Schedules(ctx, "ws_a", c.ID); len(list) != 4 {
			t.Fatalf("after a delete: %d schedules", len(list))
		}
	})
	t.Run("enterprise", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, "enterprise")
		_, c := e.bucket(t, "ws_a", "docs")
		for i := range 8 {
			if _, err := e.svc.CreateSchedule(ctx, "ws_a", source.ScheduleInput{ConnectorID: c.ID, Cron: "* * * * *"}); err != nil {
				t.Fatalf("enterprise schedule %d: %v", i+1, err)
			}
		}
	})
}
