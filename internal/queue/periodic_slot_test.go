package queue

import (
	"testing"
	"time"
)

func TestNextSlot(t *testing.T) {
	t.Parallel()
	ran := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		now  time.Duration // after ran
		want time.Duration // after ran
	}{
		{"OnTime", 2 * time.Second, time.Minute},
		{"LateInItsSlot", 59 * time.Second, time.Minute},
		{"NextSlotAlreadyDue", time.Minute, time.Minute},
		{"FarBehindRunsOnceForNow", 150 * time.Second, 2 * time.Minute},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := nextSlot(ran, time.Minute, ran.Add(c.now)); !got.Equal(ran.Add(c.want)) {
				t.Fatalf("nextSlot = +%s, want +%s", got.Sub(ran), c.want)
			}
		})
	}
}
