package forensics

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// corpusDir holds real third-party documents (see shared/corpus/README.md).
const corpusDir = "../../../shared/corpus"

func corpusPDFs(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(corpusDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".pdf") {
			out = append(out, p)
		}
		return nil
	})
	if err != nil || len(out) == 0 {
		t.Skipf("corpus not found at %s", corpusDir)
	}
	return out
}

func TestCorpusDump(t *testing.T) {
	if os.Getenv("FORENSICS_DUMP") == "" {
		t.Skip("set FORENSICS_DUMP=1 to print every corpus verdict")
	}
	for _, p := range corpusPDFs(t) {
		data, _ := os.ReadFile(p)
		start := time.Now()
		r := Analyze(context.Background(), Input{Name: p, Data: data})
		t.Logf("%s %s %v", filepath.Base(p), Overall(r.Checks), time.Since(start).Round(time.Millisecond))
		for _, c := range r.Checks {
			if c.Status != Pass {
				t.Logf("   %s %s: %s | %s", c.Status, c.Name, c.Evidence, c.Reasoning)
			}
		}
	}
}
