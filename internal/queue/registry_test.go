package queue_test

import (
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/queue"
)

func TestRegistryRefusesDuplicates(t *testing.T) {
	t.Parallel()
	noop := queue.WorkFunc[testArgs](nil)
	cases := []struct {
		name string
		fn   func(r *queue.Registry)
	}{
		{"KindTwice", func(r *queue.Registry) { queue.AddWorker[testArgs](r, noop); queue.AddWorker[testArgs](r, noop) }},
		{"PeriodicTwice", func(r *queue.Registry) {
			r.AddPeriodic(queue.PeriodicJob{Name: "p", Every: time.Second, Args: testArgs{}})
			r.AddPeriodic(queue.PeriodicJob{Name: "p", Every: time.Second, Args: testArgs{}})
		}},
		{"PeriodicWithoutInterval", func(r *queue.Registry) { r.AddPeriodic(queue.PeriodicJob{Name: "p", Args: testArgs{}}) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			c.fn(queue.NewRegistry())
		})
	}
}

func TestFakeClockFiresDueTimersOnly(t *testing.T) {
	t.Parallel()
	c := queue.NewFakeClock(time.Unix(0, 0))
	soon, late := c.NewTimer(time.Second), c.NewTimer(time.Minute)
	c.Advance(2 * time.Second)
	select {
	case at := <-soon.C():
		if !at.Equal(time.Unix(2, 0)) {
			t.Fatalf("fired at %s", at)
		}
	default:
		t.Fatal("a due timer did not fire")
	}
	select {
	case <-late.C():
		t.Fatal("a timer fired early")
	default:
	}
	late.Stop()
	c.Advance(time.Hour)
	select {
	case <-late.C():
		t.Fatal("a stopped timer fired")
	default:
	}
	soon.Reset(0)
	select {
	case <-soon.C():
	default:
		t.Fatal("Reset(0) did not fire at once")
	}
}
