package main

import (
	"log/slog"
	"path/filepath"

	"github.com/quarrydev/quarry/internal/ingest"
)

// prepareTemp points external tools' temp files at <data>/tmp and removes
// what runs killed with -9 left there. Long-running commands call it once
// at start; it lives here, not in app.Open, because the setting is
// process-wide and tests open many apps side by side.
func prepareTemp(dataDir string) error {
	tmp := filepath.Join(dataDir, "tmp")
	if err := ingest.SetTempDir(tmp); err != nil {
		return err
	}
	n, err := ingest.SweepTemp(tmp)
	if n > 0 || err != nil {
		slog.Info("swept temp files of earlier runs", "folder", tmp, "removed", n, "err", err)
	}
	return nil
}
