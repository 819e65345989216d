package queue

import (
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	t.Parallel()
	cases := []struct {
		attempt int
		center  time.Duration
	}{
		{1, 5 * time.Second}, {2, 10 * time.Second}, {3, 20 * time.Second}, {6, 160 * time.Second}, {7, 300 * time.Second}, {30, 300 * time.Second},
	}
	for _, c := range cases {
		lo, hi := time.Duration(float64(c.center)*0.8), time.Duration(float64(c.center)*1.2)
		seen := map[time.Duration]bool{}
		for i := 0; i < 200; i++ {
			d := Backoff(c.attempt, 5*time.Second, 300*time.Second)
			if d < lo || d > hi {
				t.Fatalf("attempt %d: %s outside [%s, %s]", c.attempt, d, lo, hi)
			}
			seen[d] = true
		}
		if len(seen) < 50 {
			t.Fatalf("attempt %d: no jitter (%d distinct delays)", c.attempt, len(seen))
		}
	}
}
