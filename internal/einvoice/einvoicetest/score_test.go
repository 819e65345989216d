package einvoicetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/einvoice"
)

// TestEvaluate checks the scorer on a made-up corpus: a JSON null must
// meet an empty value, amounts compare as numbers, a wrong value and a
// missing line both count against the reader.
func TestEvaluate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := filepath.Join(dir, "made")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	truth := `{"document": "a.xml", "invoice_number": "A-1", "issue_date": "2024-01-02", "currency": "EUR",
	 "seller_name": "S", "seller_vat_id": null, "buyer_name": "B", "buyer_vat_id": null,
	 "total_without_vat": 10, "total_vat": 1.9, "total_with_vat": 11.90, "amount_due": 11.9,
	 "document_kind": "invoice",
	 "lines": [{"description": "x", "quantity": 1, "unit_price": 10, "line_amount": 10},
	           {"description": "y", "quantity": 1, "unit_price": 0, "line_amount": 0}]}`
	if err := os.WriteFile(filepath.Join(src, "a.truth.json"), []byte(truth), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, err := Load(dir)
	if err != nil || len(docs) != 1 || docs[0].Source != "made" {
		t.Fatalf("Load = %+v, %v", docs, err)
	}
	inv := &einvoice.Invoice{
		Kind: einvoice.KindInvoice, Number: "A-1", IssueDate: "2024-01-02", Currency: "EUR",
		Seller: einvoice.Party{Name: "S"}, Buyer: einvoice.Party{Name: "wrong"},
		Totals: einvoice.Totals{
			WithoutVAT: einvoice.Amount{Raw: "10.00", Value: "10"}, VAT: einvoice.Amount{Raw: "1.90", Value: "1.9"},
			WithVAT: einvoice.Amount{Raw: "11.90", Value: "11.9"}, Due: einvoice.Amount{Raw: "11.9", Value: "11.9"},
		},
		Lines: []einvoice.Line{{Name: "x", Quantity: einvoice.Amount{Value: "1"}, UnitPrice: einvoice.Amount{Value: "10"}, LineAmount: einvoice.Amount{Value: "10"}}},
	}
	r := Evaluate(docs, func(string) (*einvoice.Invoice, error) { return inv, nil })
	// 11 header fields + kind; only buyer_name is wrong.
	if r.Header.OK != 11 || r.Header.Total != 12 {
		t.Errorf("header = %+v, want 11/12", r.Header)
	}
	// line count (wrong) + 4 fields of line 1 (right) + 4 of line 2 (missing).
	if r.Lines.OK != 4 || r.Lines.Total != 9 {
		t.Errorf("lines = %+v, want 4/9", r.Lines)
	}
	if tab := r.Table(); !strings.Contains(tab, "buyer_name") || !strings.Contains(tab, "0/1") {
		t.Errorf("table lacks the miss:\n%s", tab)
	}
}
