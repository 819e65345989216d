package store

import "context"

// Totals are platform-wide counts for monitoring (every workspace).
type Totals interface {
	PlatformTotals(ctx context.Context) (PlatformTotals, error)
}

// PlatformTotals are the counters an operator watches.
type PlatformTotals struct {
	CreditsCharged     int64
	CreditsHeld        int64
	DeliveriesOK       int64
	DeliveriesFailed   int64
	ExtractionsByState map[string]int64
}
