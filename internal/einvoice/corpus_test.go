package einvoice_test

import (
	"testing"

	"github.com/quarrydev/quarry/internal/einvoice/einvoicetest"
)

// corpusDir holds real published e-invoices with ground truth, shared by
// the team outside the repository (see its README for the rules).
const corpusDir = "../../../shared/corpus/einvoices"

// Floors: this reader gets every field of the dev half right; the floors
// sit at the goal rather than at 1.0 so that one odd document in a new
// sample does not read as a regression of the whole reader.
const (
	headerFloor = 0.99
	lineFloor   = 0.95
)

func TestCorpus(t *testing.T) {
	t.Parallel()
	docs, err := einvoicetest.Load(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) == 0 {
		t.Skipf("e-invoice corpus not found at %s; it lives outside the repository", corpusDir)
	}
	r := einvoicetest.Evaluate(docs, einvoicetest.ParseFile)
	for _, e := range r.Errors {
		t.Errorf("parse: %s", e)
	}
	for _, m := range r.Misses {
		t.Log(m)
	}
	t.Logf("%d documents\n%s", len(docs), r.Table())
	if r.Header.Rate() < headerFloor {
		t.Errorf("header accuracy %.4f below floor %.2f", r.Header.Rate(), headerFloor)
	}
	if r.Lines.Rate() < lineFloor {
		t.Errorf("line accuracy %.4f below floor %.2f", r.Lines.Rate(), lineFloor)
	}
}
