package einvoice

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestScanMatchesPDFCPUOnCorpus: the raw-stream fallback must find, on its
// own, the same XML that pdfcpu finds in every real hybrid PDF of the
// shared corpus, so the fallback is measured on published files too.
func TestScanMatchesPDFCPUOnCorpus(t *testing.T) {
	t.Parallel()
	pdfs, _ := filepath.Glob("../../../shared/corpus/einvoices/*/*.pdf")
	if len(pdfs) == 0 {
		t.Skip("e-invoice corpus not found at ../../../shared/corpus/einvoices; it lives outside the repository")
	}
	for _, p := range pdfs {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, xml, err := FromPDF(bytes.NewReader(raw), int64(len(raw)), Limits{})
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
			continue
		}
		scanned := scanPDFStreams(raw, DefaultMaxBytes, 4*int64(len(raw))+scanHead)
		if !bytes.Equal(bytes.TrimSpace(scanned), bytes.TrimSpace(xml)) {
			t.Errorf("%s: stream scan found %d bytes, pdfcpu %d", filepath.Base(p), len(scanned), len(xml))
		}
	}
}
