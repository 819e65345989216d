package app_test

import (
	"syscall"
	"testing"
	"time"
)

// TestIdleWorkersUseAlmostNoCPU starts the in-process pool on an empty
// queue and measures the process's CPU time over two seconds. Idle
// workers once spent most of a core on empty claims waking each other;
// now an idle pool makes one claim per poll interval and watches other
// processes every 250 ms.
//
// It measures the whole test process, so it must not run beside other
// tests: no t.Parallel.
func TestIdleWorkersUseAlmostNoCPU(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			e := newEnv(t, b)
			e.api.StartWorkers(e.api.JobConfig(4))
			time.Sleep(500 * time.Millisecond) // start-up (reap, LISTEN) is not idle time
			const window = 3 * time.Second
			before, start := cpuTime(), time.Now()
			time.Sleep(window)
			used, wall := cpuTime()-before, time.Since(start)
			share := float64(used) / float64(wall)
			t.Logf("%s: %s CPU in %s idle (%.2f%% of a core)", b.name, used, wall.Round(time.Millisecond), 100*share)
			if share > 0.01 { // the goal of issue 9: an idle server costs under 1 % of a core
				t.Fatalf("idle pool used %.2f%% of a core, want < 1%%", 100*share)
			}
		})
	}
}

// cpuTime is the user+system CPU time this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
