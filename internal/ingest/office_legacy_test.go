package ingest

import (
	"context"
	"os"
	"testing"

	"github.com/quarrydev/quarry/internal/problem"
)

// TestLegacyOfficeWithoutSoffice: without LibreOffice, legacy formats are
// refused with office_conversion_failed. (Conversions with LibreOffice are
// checked on the real DOC/XLS/PPT files in TestCorpusFormats, which Go
// cannot generate.)
func TestLegacyOfficeWithoutSoffice(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(corpusDir + "/simple.doc")
	if err != nil {
		t.Skip("corpus absent")
	}
	l := newTestLoader(t)
	l.Env.Engines.Soffice = ""
	_, err = l.Load(context.Background(), Input{Name: "simple.doc", Data: data})
	assertProblem(t, err, problem.OfficeConversionFailed, "simple.doc")
}
