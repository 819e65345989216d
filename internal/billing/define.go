package billing

import (
	"errors"
	"fmt"
	"regexp"
	"sync"
	"time"
)

// PlanSpec is an operator-defined plan (QUARRY_PLANS), in JSON.
type PlanSpec struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Credits       int64  `json:"credits"`     // per period; -1 unlimited
	PeriodDays    int    `json:"period_days"` // 0: calendar months
	RPM           int    `json:"rpm"`         // -1 unlimited
	MaxFileMB     int64  `json:"max_file_mb"`
	RetentionDays int    `json:"retention_days"`
}

var (
	plansMu sync.RWMutex
	planID  = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)
)

// Define adds (or replaces) a plan from the operator's settings. The
// reference plans can be redefined too, e.g. an enterprise with limits.
func Define(s PlanSpec) error {
	switch {
	case !planID.MatchString(s.ID):
		return fmt.Errorf("plan id %q: use 1-32 lower-case letters, digits, '-' or '_'", s.ID)
	case s.Credits < Unlimited || s.RPM < Unlimited || s.PeriodDays < 0:
		return errors.New("plan " + s.ID + ": credits and rpm are -1 (unlimited) or more, period_days 0 or more")
	case s.MaxFileMB <= 0 || s.RetentionDays <= 0:
		return errors.New("plan " + s.ID + ": max_file_mb and retention_days must be positive")
	}
	p := Plan{ID: s.ID, Name: s.Name, Credits: s.Credits, Monthly: s.PeriodDays == 0, PeriodDays: s.PeriodDays, RPM: s.RPM,
		MaxFileBytes: s.MaxFileMB * mb, Retention: time.Duration(s.RetentionDays) * day}
	if p.Name == "" {
		p.Name = s.ID
	}
	plansMu.Lock()
	defer plansMu.Unlock()
	plans[s.ID] = p
	return nil
}
