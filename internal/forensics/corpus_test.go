package forensics

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// corpusDir holds real third-party documents (see shared/corpus/README.md).
const corpusDir = "../../../shared/corpus"

// corpusFiles lists the corpus files whose structure forensics reads:
// PDFs, XML (e-invoices, some signed) and CMS envelopes.
func corpusFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(corpusDir, func(p string, d os.DirEntry, err error) error {
		switch strings.ToLower(filepath.Ext(p)) {
		case ".pdf", ".xml", ".p7m", ".p7s":
			if err == nil && !d.IsDir() {
				out = append(out, p)
			}
		}
		return nil
	})
	if err != nil || len(out) == 0 {
		t.Skipf("corpus not found at %s", corpusDir)
	}
	return out
}

// TestCorpusNoFalseAlarms runs every check on the corpus's real files,
// none of which is known to be tampered with: none may fail a check, and
// each must be inspected within the time budget. Uncertain verdicts are
// allowed (and counted in the log): they are doubts, not accusations.
func TestCorpusNoFalseAlarms(t *testing.T) {
	t.Parallel()
	files := corpusFiles(t)
	failed, uncertain, signed := 0, 0, 0
	var total, slowest time.Duration
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		r := Analyze(context.Background(), Input{Name: p, Data: data})
		d := time.Since(start)
		total, slowest = total+d, max(slowest, d)
		if d > 5*time.Second {
			t.Errorf("%s took %v", filepath.Base(p), d)
		}
		if len(r.Signatures) > 0 {
			signed++
		}
		// Every XML carrying a XAdES signature must be reported as such.
		if bytes.Contains(data, []byte("QualifyingProperties")) && bytes.Contains(data, []byte("SignatureValue")) {
			if f := r.EIDASFormats(); len(f) == 0 || f[0] != FormatXAdES {
				t.Errorf("%s: XAdES signature not reported (formats %v)", filepath.Base(p), f)
			}
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
	t.Logf("%d corpus files (PDF, XML, CMS): %d with a failed check, %d uncertain, %d signed; %v in all, slowest %v",
		len(files), failed, uncertain, signed, total.Round(time.Millisecond), slowest.Round(time.Millisecond))
}
