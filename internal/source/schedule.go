package source

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/store"
)

// ScheduleLimits are what a plan allows. Zero means no limit.
type ScheduleLimits struct {
	MinInterval     time.Duration
	MaxPerConnector int
}

// The reference's scheduler limits (DOCSRC scheduler/plan-limits):
// Starter at most daily, Starter and Pro five per connector, Enterprise
// whatever its operator configures (Options.Limits).
var defaultLimits = map[string]ScheduleLimits{
	billing.PlanStarter:    {MinInterval: 24 * time.Hour, MaxPerConnector: 5},
	billing.PlanPro:        {MaxPerConnector: 5},
	billing.PlanEnterprise: {},
}

func (s *Service) limits(p billing.Plan) ScheduleLimits {
	if l, ok := s.opt.Limits[p.ID]; ok {
		return l
	}
	if l, ok := defaultLimits[p.ID]; ok {
		return l
	}
	return ScheduleLimits{MaxPerConnector: 5} // an operator's own plan
}

// Intervals are the interval form's values (E29).
var Intervals = map[string]time.Duration{"1h": time.Hour, "6h": 6 * time.Hour, "12h": 12 * time.Hour, "24h": 24 * time.Hour}

// ScheduleInput is a new schedule in either form: Cron (5 fields, UTC)
// or Interval (1h, 6h, 12h, 24h).
type ScheduleInput struct {
	ConnectorID string
	Name        string
	Cron        string
	Interval    string
	Prefix      string
	Enabled     *bool // interval form; default true
}

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

// ParseCron reads a standard 5-field expression. Day of week 7 is
// Sunday as well as 0 (the reference allows both; the parser only 0).
func ParseCron(expr string) (cron.Schedule, error) {
	f := strings.Fields(expr)
	if len(f) != 5 {
		return nil, fmt.Errorf("a cron expression has 5 fields (minute hour day-of-month month day-of-week), this one has %d", len(f))
	}
	items := strings.Split(f[4], ",")
	for i, it := range items {
		switch {
		case it == "7":
			items[i] = "0"
		case strings.HasSuffix(it, "-7"):
			items[i] = strings.TrimSuffix(it, "-7") + "-6,0"
		}
	}
	f[4] = strings.Join(items, ",")
	return cronParser.Parse(strings.Join(f, " "))
}

// shortestGap is the shortest time between two runs of sch over its next
// 200 runs from t: how often it really fires ("0 6,7 * * *" is hourly).
func shortestGap(sch cron.Schedule, t time.Time) time.Duration {
	gap := time.Duration(0)
	prev := sch.Next(t)
	for range 200 {
		next := sch.Next(prev)
		if next.IsZero() {
			break
		}
		if d := next.Sub(prev); gap == 0 || d < gap {
			gap = d
		}
		prev = next
	}
	return gap
}

// nextRun is a schedule's first run after t.
func nextRun(x *store.Schedule, t time.Time) (time.Time, error) {
	if x.Interval > 0 {
		return t.Add(x.Interval).Truncate(time.Second), nil
	}
	sch, err := ParseCron(x.Cron)
	if err != nil {
		return time.Time{}, err
	}
	return sch.Next(t.UTC()), nil
}

// CreateSchedule checks in against the plan and stores the schedule.
// Polling starts at the next slot (the interval form: one interval from
// now).
func (s *Service) CreateSchedule(ctx context.Context, workspaceID string, in ScheduleInput) (*store.Schedule, error) {
	c, err := s.Get(ctx, workspaceID, in.ConnectorID)
	if err != nil {
		return nil, err
	}
	plan, err := s.plan(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	if !plan.Schedules {
		return nil, &PlanError{Code: CodePlanUpgrade, Msg: "Scheduled sync is not on the " + plan.Name + " plan; upgrade to Starter or above."}
	}
	now := s.now()
	x := &store.Schedule{ID: ids.New("sch"), WorkspaceID: workspaceID, ConnectorID: c.ID, Name: in.Name, Prefix: in.Prefix,
		Enabled: true, Active: true, CreatedAt: now}
	var every time.Duration
	switch {
	case in.Cron != "" && in.Interval != "":
		return nil, invalid("send either cron_expression (cron) or interval, not both.")
	case in.Cron != "":
		sch, err := ParseCron(in.Cron)
		if err != nil {
			return nil, invalid("cron_expression: %s.", err.Error())
		}
		x.Cron = strings.Join(strings.Fields(in.Cron), " ")
		every = shortestGap(sch, now)
		if every == 0 {
			return nil, invalid("cron_expression never fires.")
		}
	case in.Interval != "":
		d, ok := Intervals[in.Interval]
		if !ok {
			return nil, invalid("interval must be one of 1h, 6h, 12h, 24h.")
		}
		x.Interval, every = d, d
		if in.Enabled != nil {
			x.Enabled = *in.Enabled
		}
	default:
		return nil, invalid("cron_expression (or cron) is required: 5 fields in UTC, e.g. \"0 6 * * *\".")
	}
	lim := s.limits(plan)
	if lim.MinInterval > 0 && every < lim.MinInterval {
		return nil, &PlanError{Code: CodeTooFrequent, Msg: fmt.Sprintf("The %s plan syncs at most every %s; this schedule runs every %s.",
			plan.Name, human(lim.MinInterval), human(every))}
	}
	if x.NextRunAt, err = nextRun(x, now); err != nil {
		return nil, invalid("cron_expression: %s.", err.Error())
	}
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		if lim.MaxPerConnector > 0 {
			list, err := tx.ScheduleList(ctx, workspaceID, c.ID)
			if err != nil {
				return err
			}
			if len(list) >= lim.MaxPerConnector {
				return &PlanError{Code: CodePlanUpgrade, Msg: fmt.Sprintf("The %s plan allows %d schedules per connector; delete one first.",
					plan.Name, lim.MaxPerConnector)}
			}
		}
		if err := tx.ScheduleInsert(ctx, x); err != nil {
			return err
		}
		return audit.Record(ctx, tx, workspaceID, audit.Event{Action: "schedule.created", Subject: x.ID,
			Details: map[string]any{"connector_id": c.ID, "cron": x.Cron, "interval_seconds": int(x.Interval / time.Second)}})
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

func human(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return d.String()
}

// Schedules returns a connector's active schedules.
func (s *Service) Schedules(ctx context.Context, workspaceID, connectorID string) ([]*store.Schedule, error) {
	if _, err := s.Get(ctx, workspaceID, connectorID); err != nil {
		return nil, err
	}
	return s.store.ScheduleList(ctx, workspaceID, connectorID)
}

// schedule returns an active schedule of an active connector.
func (s *Service) schedule(ctx context.Context, workspaceID, connectorID, id string) (*store.Schedule, error) {
	if _, err := s.Get(ctx, workspaceID, connectorID); err != nil {
		return nil, err
	}
	x, err := s.store.ScheduleGet(ctx, workspaceID, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && (!x.Active || x.ConnectorID != connectorID) {
		return nil, ErrNotFound
	}
	return x, err
}

// FindSchedule returns an active schedule of the workspace by id alone
// (the interval form's routes do not name the connector).
func (s *Service) FindSchedule(ctx context.Context, workspaceID, id string) (*store.Schedule, error) {
	x, err := s.store.ScheduleGet(ctx, workspaceID, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && !x.Active {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return s.schedule(ctx, workspaceID, x.ConnectorID, id)
}

// DeleteSchedule deactivates a schedule.
func (s *Service) DeleteSchedule(ctx context.Context, workspaceID, connectorID, id string) error {
	err := s.store.ScheduleDeactivate(ctx, workspaceID, connectorID, id, s.now())
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	if err == nil {
		_ = audit.Record(ctx, s.store, workspaceID, audit.Event{Action: "schedule.deleted", Subject: id})
	}
	return err
}

// Logs returns a schedule's runs, newest first (at most 100).
func (s *Service) Logs(ctx context.Context, workspaceID, connectorID, id string) ([]*store.SyncLog, error) {
	if _, err := s.schedule(ctx, workspaceID, connectorID, id); err != nil {
		return nil, err
	}
	return s.store.SyncLogList(ctx, workspaceID, id, 100)
}
