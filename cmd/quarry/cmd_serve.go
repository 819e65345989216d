package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/quarrydev/quarry/internal/app"
)

func cmdServe(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "", "listen address (overrides QUARRY_ADDR)")
	nWorkers := fs.Int("workers", -1, "in-process job workers (default QUARRY_WORKERS or the number of cores; 0 = API only)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, ok := loadConfig(stderr)
	if !ok {
		return 2
	}
	if *addr != "" {
		cfg.Addr = *addr
	}
	setupLogging(cfg.LogLevel, stderr)
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
	authOn, err := a.AuthOn(ctx)
	if err != nil {
		slog.Error("start failed", "err", err)
		a.Close(context.Background())
		return 1
	}
	listen, note, err := app.ListenAddr(a.Config.Addr, authOn, cfg.AllowOpen)
	if err != nil {
		slog.Error("start refused", "err", err)
		a.Close(context.Background())
		return 2
	}
	if note != "" {
		slog.Warn(note, "addr", listen)
	}
	a.Config.Addr = listen
	if err := a.Listen(); err != nil {
		slog.Error("listen failed", "err", err)
		a.Close(context.Background())
		return 1
	}
	a.StartWorkers(a.JobConfig(workerCount(*nWorkers, cfg.Workers)))
	errc := make(chan error, 1)
	go func() { errc <- a.Serve() }()
	select {
	case err = <-errc:
	case <-ctx.Done():
		slog.Info("shutting down")
	}
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if cerr := a.Close(sctx); cerr != nil && err == nil {
		err = cerr
	}
	if err != nil {
		slog.Error("server stopped", "err", err)
		return 1
	}
	return 0
}

// workerCount resolves --workers: the flag wins, then QUARRY_WORKERS when
// set (0 allowed: API only), else one worker per core.
func workerCount(flagValue, configured int) int {
	if flagValue >= 0 {
		return flagValue
	}
	if v, ok := os.LookupEnv("QUARRY_WORKERS"); ok && strings.TrimSpace(v) != "" {
		return configured
	}
	return runtime.NumCPU()
}

func setupLogging(level string, w io.Writer) {
	var l slog.Level
	switch strings.ToLower(level) {
	case "debug":
		l = slog.LevelDebug
	case "warn":
		l = slog.LevelWarn
	case "error":
		l = slog.LevelError
	default:
		l = slog.LevelInfo
	}
	slog.SetDefault(slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})))
}
