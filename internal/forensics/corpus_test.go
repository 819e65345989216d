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

// TestCorpusNoFalseAlarms runs every check on the corpus's real PDFs,
// none of which is known to be tampered with: none may fail a check, and
// each must be inspected within the time budget. Uncertain verdicts are
// allowed (and counted in the log): they are doubts, not accusations.
func TestCorpusNoFalseAlarms(t *testing.T) {
	t.Parallel()
	files := corpusPDFs(t)
	failed, uncertain := 0, 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		r := Analyze(context.Background(), Input{Name: p, Data: data})
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s took %v", filepath.Base(p), d)
		}
		switch Overall(r.Checks) {
		case Invalid:
			failed++
			for _, c := range r.Checks {
				if c.Status == Fail {
					t.Errorf("%s: false alarm %s: %s", filepath.Base(p), c.Name, c.Evidence)
				}
			}
		case Uncertain:
			uncertain++
		}
	}
	t.Logf("%d corpus PDFs: %d with a failed check, %d uncertain", len(files), failed, uncertain)
}
