package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/mcp"
	"github.com/quarrydev/quarry/internal/server"
)

// cmdMCP serves the Model Context Protocol on stdin/stdout for a desktop
// client (docs/mcp.md). It runs Quarry in-process on the local data
// folder, the same defaults as quarry serve, or with --url (QUARRY_URL)
// proxies to a running Quarry. The key is QUARRY_API_KEY; nothing but
// protocol messages goes to stdout, logs go to stderr.
func cmdMCP(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mcp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	remoteURL := fs.String("url", os.Getenv("QUARRY_URL"), "a running Quarry to call (default: run in-process on QUARRY_DATA_DIR)")
	nWorkers := fs.Int("workers", -1, "in-process job workers (default QUARRY_WORKERS or the number of cores; 0: jobs wait for another process)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, ok := loadConfig(stderr)
	if !ok {
		return 2
	}
	setupLogging(cfg.LogLevel, stderr)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	opt := mcp.Options{Local: true, Key: strings.TrimSpace(os.Getenv("QUARRY_API_KEY")), Fetch: app.MCPFetcher(cfg), Version: server.Version}
	if *remoteURL != "" {
		opt.BaseURL, opt.Client = *remoteURL, &http.Client{Timeout: 10 * time.Minute}
	} else {
		if err := prepareTemp(cfg.DataDir); err != nil {
			slog.Error("start failed", "err", err)
			return 1
		}
		a, err := app.Open(ctx, cfg)
		if err != nil {
			slog.Error("start failed", "err", err)
			return 1
		}
		defer a.Close(context.Background())
		a.StartWorkers(a.JobConfig(workerCount(*nWorkers, cfg.Workers)))
		opt.Handler = a.Server.Handler()
	}
	// A document may arrive in base64 on one line: a third over the cap.
	t := &sdk.IOTransport{Reader: io.NopCloser(stdin), Writer: nopWriteCloser{stdout}, MaxLineLength: mcp.MaxFileBytes*4/3 + 1<<20}
	if err := mcp.New(opt).Run(ctx, t); err != nil && ctx.Err() == nil && !strings.Contains(err.Error(), "EOF") {
		slog.Error("mcp session ended", "err", err)
		return 1
	}
	return 0
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
