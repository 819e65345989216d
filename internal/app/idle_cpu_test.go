package app_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/config"
)

// childIdle switches the test binary into the idle-measuring child.
const childIdle = "QUARRY_TEST_CHILD_IDLE"

// idleWindow is how long the child measures an idle pool.
const idleWindow = 3 * time.Second

// TestIdleWorkersUseAlmostNoCPU starts a worker pool on an empty queue in
// a fresh process and measures that process's CPU time over three
// seconds. Idle workers once spent most of a core on empty claims waking
// each other; now an idle pool makes one claim per poll interval and
// watches other processes cheaply.
//
// The pool runs in a child process so that nothing else counts: not the
// other tests of this package, not the runtime returning their memory.
// On PostgreSQL the pool listens on its own schema's channel, so other
// packages testing against the same database at the same time do not
// wake it.
func TestIdleWorkersUseAlmostNoCPU(t *testing.T) {
	t.Parallel()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, b)
			// The goal of issue 9: an idle server costs under 1 % of a
			// core. On a machine busy with the rest of make test each
			// wake-up costs more (cold caches, waiting for a core), and a
			// pool at 0.5 % has measured 1.1 %; a pool that really spins
			// is over the bound on every try, so a second try is taken
			// before failing.
			var share float64
			for try := 1; try <= 2; try++ {
				share = idleShare(t, b.name, e.vars)
				if share <= 0.01 {
					return
				}
			}
			t.Fatalf("idle pool used %.2f%% of a core twice, want < 1%%", 100*share)
		})
	}
}

// idleShare runs the idle child once with vars set and returns the share
// of a core it used.
func idleShare(t *testing.T, name string, vars map[string]string) float64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childIdle+"=1")
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("idle child: %v", err)
	}
	var used, wall time.Duration
	if _, err := fmt.Sscanf(strings.TrimSpace(string(out)), "idle cpu=%d wall=%d", &used, &wall); err != nil {
		t.Fatalf("idle child printed %q: %v", out, err)
	}
	share := float64(used) / float64(wall)
	t.Logf("%s: %s CPU in %s idle (%.2f%% of a core)", name, used, wall.Round(time.Millisecond), 100*share)
	return share
}

// runIdleChild opens the app from QUARRY_* settings, starts the default
// worker pool, lets start-up (reaping, LISTEN) pass, then prints the CPU
// time the process spends over idleWindow.
func runIdleChild() {
	cfg, err := config.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	a, err := app.Open(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	a.StartWorkers(a.JobConfig(4))
	time.Sleep(500 * time.Millisecond)
	before, start := cpuTime(), time.Now()
	time.Sleep(idleWindow)
	fmt.Printf("idle cpu=%d wall=%d\n", cpuTime()-before, time.Since(start))
	os.Exit(0)
}

// cpuTime is the user+system CPU time this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
