package main

import (
	"bytes"
	"context"
	"runtime"
	"strings"
	"testing"
)

func TestWorkerCount(t *testing.T) {
	cases := []struct {
		name       string
		flag, conf int
		env        string
		setEnv     bool
		want       int
	}{
		{"FlagWins", 3, 7, "7", true, 3},
		{"FlagZeroIsAPIOnly", 0, 7, "7", true, 0},
		{"EnvWhenNoFlag", -1, 5, "5", true, 5},
		{"EnvZeroIsAPIOnly", -1, 0, "0", true, 0},
		{"CoresByDefault", -1, 0, "", false, runtime.NumCPU()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.setEnv {
				t.Setenv("QUARRY_WORKERS", c.env)
			} else {
				t.Setenv("QUARRY_WORKERS", "")
			}
			if got := workerCount(c.flag, c.conf); got != c.want {
				t.Fatalf("workerCount(%d, %d) = %d, want %d", c.flag, c.conf, got, c.want)
			}
		})
	}
}

func TestWorkerRefusesZeroConcurrency(t *testing.T) {
	var stderr bytes.Buffer
	t.Setenv("QUARRY_DATA_DIR", t.TempDir())
	if code := run(context.Background(), []string{"worker", "--concurrency", "0"}, nil, &bytes.Buffer{}, &stderr); code != 2 ||
		!strings.Contains(stderr.String(), "at least 1") {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
}
