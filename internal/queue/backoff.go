package queue

import (
	"math/rand/v2"
	"time"
)

// Backoff is the delay before retry number attempt (1-based): base
// doubling per attempt, capped at max, with ±20 % jitter so retries of
// many jobs do not arrive together.
func Backoff(attempt int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	d = min(d, max)
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}
