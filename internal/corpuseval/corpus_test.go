package corpuseval

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/linerec"
)

// corpusDir is the shared corpus next to the checkout (../shared/corpus
// from the module root), or QUARRY_CORPUS.
func corpusDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("QUARRY_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s (set QUARRY_CORPUS): accuracy floors not checked", dir)
	}
	return dir
}

// invoiceGoal is issue 10's goal for supplier invoices (28/31 reached).
const invoiceGoal = 0.90

// floors are a few points under what the extractor reaches, so a change
// that costs real-document accuracy fails here (docs/accuracy.md has the
// full numbers). Receipts are a fixed sample: every 6th of the 120 (every
// 4th until the vote's four readings doubled the OCR time and pushed
// make test past its budget); all 120 are scored on their saved readings
// in TestReceiptGoalOnSavedReadings.
// The sample reached (2026-12-03, seven readings, three of them the line
// recogniser's on contrast-stretched lines, voted and mended word by
// word, fourteenth pass's rules): company 15/20, address 11/20, date
// 17/20, total 19/20; invoices
// issuer 4/6, number 5/6, amount 5/5, date and currency 6/6, the seller's
// VAT number 2/2 (the two whose truth gives one). Each floor leaves one
// document of room.
var floors = map[string]map[string]float64{
	"receipts": {"company": 0.70, "address": 0.50, "date": 0.80, "total": 0.90},
	"invoices": {"issuer": 0.45, "date": 0.95, "invoice_number": 0.80, "amount": 0.95, "currency": 0.95, "vat": 0.45},
}

// TestRealDocumentFloors reads scanned receipts (OCR) and supplier invoice
// PDFs with a schema in the caller's own field names and fails when a
// field's accuracy falls below its floor.
func TestRealDocumentFloors(t *testing.T) {
	t.Parallel()
	dir := corpusDir(t)
	if ingest.FindEngines().Tesseract == "" {
		t.Skip("tesseract is not installed: the receipts cannot be read")
	}
	if linerec.Shared() == nil {
		// The floors count on the line recogniser's readings.
		fixture.Missing(t, "tools/linerec is not installed (scripts/deps.sh installs it): the receipts' floors assume its reading")
	}
	// A guard against a hung reader, not a speed goal: the sample takes
	// about 60 s of tesseract CPU (3 to 8 min wall on a shared machine
	// under a load of 10 to 20); make test allows 14 min.
	ctx, cancel := context.WithTimeout(context.Background(), 12*time.Minute)
	defer cancel()
	o := Options{Workers: runtime.NumCPU(), Every: 6}
	start := time.Now()
	rec, err := EvaluateReceipts(ctx, filepath.Join(dir, "receipts"), o, DefaultLoader)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := EvaluateInvoices(ctx, filepath.Join(dir, "invoices"), Options{Workers: runtime.NumCPU()}, DefaultLoader)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d receipts and %d invoices in %v\n%s", rec.Docs, inv.Docs, time.Since(start).Round(time.Second), Markdown(rec, inv))
	if rec.Docs < 20 || inv.Docs < 6 {
		t.Fatalf("read %d receipts and %d invoices; the corpus holds 120 and 6", rec.Docs, inv.Docs)
	}
	// Issue 10's goal for supplier invoices: 90 % of their values exact.
	if a := inv.All(); a.Rate() < invoiceGoal {
		t.Errorf("invoices: %d/%d = %.1f %%, under the goal of %.0f %%", a.Right, a.Tries, 100*a.Rate(), 100*invoiceGoal)
	}
	for _, r := range []Report{rec, inv} {
		for name, floor := range floors[r.Set] {
			tl := r.Fields[name]
			if tl == nil || tl.Tries == 0 {
				t.Errorf("%s %s: never scored", r.Set, name)
				continue
			}
			if tl.Rate() < floor {
				t.Errorf("%s %s: %d/%d = %.1f %% is below the floor of %.0f %%", r.Set, name, tl.Right, tl.Tries, 100*tl.Rate(), 100*floor)
			}
		}
	}
}
