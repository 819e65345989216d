package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/quarrydev/quarry/internal/app"
)

// cmdWorker runs job workers only (no HTTP): the scale-out half of
// `quarry serve --workers 0`, pointed at the same database and blobs.
func cmdWorker(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("concurrency", -1, "jobs run at once (default QUARRY_WORKERS or the number of cores)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, ok := loadConfig(stderr)
	if !ok {
		return 2
	}
	setupLogging(cfg.LogLevel, stderr)
	count := workerCount(*n, cfg.Workers)
	if count <= 0 {
		fmt.Fprintln(stderr, "quarry worker: concurrency must be at least 1")
		return 2
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := prepareTemp(cfg.DataDir); err != nil {
		slog.Error("start failed", "err", err)
		return 1
	}
	a, err := app.Open(ctx, cfg)
	if err != nil {
		slog.Error("start failed", "err", err)
		return 1
	}
	a.StartWorkers(a.JobConfig(count))
	slog.Info("quarry worker running", "concurrency", count)
	<-ctx.Done()
	slog.Info("shutting down; running jobs are handed on via their leases")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := a.Close(sctx); err != nil {
		slog.Error("close failed", "err", err)
		return 1
	}
	return 0
}
