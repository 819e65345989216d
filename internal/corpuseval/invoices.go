package corpuseval

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
)

// InvoiceSchema declares supplier invoices in invoice2data's own field
// names, as a caller migrating from it would.
func InvoiceSchema() api.DocumentTypeSpec {
	date, cur := "date", "currency"
	return api.DocumentTypeSpec{ID: "invoice", Description: "Supplier invoice", FieldGroups: []api.FieldGroup{{
		Name: "invoice",
		Fields: []api.Field{
			{Name: "issuer", Description: "Company that issued the invoice", Type: api.TypeString},
			{Name: "date", Description: "Invoice date", Type: api.TypeString, Format: &date},
			{Name: "invoice_number", Description: "Invoice number", Type: api.TypeString},
			{Name: "amount", Description: "Total amount of the invoice", Type: api.TypeNumber},
			{Name: "currency", Description: "Currency of the invoice", Type: api.TypeString, Format: &cur},
			// invoice2data's "vat" is the seller's VAT number: a string,
			// described as nothing more than the name says.
			{Name: "vat", Type: api.TypeString},
		},
	}}}
}

// Invoices lists the invoice2data PDFs under dir with the first record of
// their JSON as the truth. The seller counts as right under either its
// brand (issuer) or its legal name (partner_name): invoice2data's issuer
// is often a brand the document never prints as the seller.
func Invoices(dir string) ([]Case, error) {
	pdfs, err := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if err != nil {
		return nil, err
	}
	sort.Strings(pdfs)
	var out []Case
	for _, p := range pdfs {
		raw, err := os.ReadFile(strings.TrimSuffix(p, ".pdf") + ".json")
		if err != nil {
			continue
		}
		var recs []map[string]any
		if err := json.Unmarshal(raw, &recs); err != nil || len(recs) == 0 {
			return nil, fmt.Errorf("%s: truth unreadable", p)
		}
		out = append(out, Case{Name: strings.TrimSuffix(filepath.Base(p), ".pdf"), Path: p, Truth: truthOf(recs[0], nil)})
	}
	return out, nil
}

// truthOf keeps a truth record's strings and numbers as strings, under
// the names rename gives them (every key as it is when rename is nil).
func truthOf(rec map[string]any, rename map[string]string) map[string]string {
	truth := map[string]string{}
	for k, v := range rec {
		n := k
		if rename != nil {
			if n = rename[k]; n == "" {
				continue
			}
		}
		switch v := v.(type) {
		case string:
			truth[n] = v
		case float64:
			truth[n] = fmt.Sprint(v)
		}
	}
	return truth
}

// invoiceFields are the fields a supplier invoice is scored on.
var invoiceFields = []string{"issuer", "date", "invoice_number", "amount", "currency", "vat"}

// EvaluateInvoices scores issuer, date, number, amount, currency and the
// seller's VAT number (where the truth gives one).
func EvaluateInvoices(ctx context.Context, dir string, o Options, load Loader) (Report, error) {
	cases, err := Invoices(dir)
	if err != nil {
		return Report{}, err
	}
	return evaluate(ctx, "invoices", cases, o, load, InvoiceSchema(), invoiceFields, sameInvoiceValue), nil
}

// sameInvoiceValue judges an invoice field against its truth.
func sameInvoiceValue(c Case, name string, f api.ExtractedField, want string) bool {
	s, _ := f.Value.(string)
	switch name {
	case "issuer":
		return SameText(s, want) || (c.Truth["partner_name"] != "" && SameText(s, c.Truth["partner_name"]))
	case "date":
		return strings.TrimSpace(s) == want
	case "amount":
		return SameAmount(f.Value, want)
	}
	return SameText(s, want)
}

// InvoicePages lists the PDFs under dir that carry an e-invoice (ZUGFeRD,
// Factur-X) with the attached XML's values as the truth, in the invoice
// fields' names: a second set of supplier invoices, read from their
// visible page alone (the extractor never sees the XML). The XML is what
// the seller meant, and a test file's page may print something else
// (a rounded total, another number): those misses are the truth's.
func InvoicePages(dir string) ([]Case, error) {
	pdfs, err := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if err != nil {
		return nil, err
	}
	sort.Strings(pdfs)
	names := map[string]string{"seller_name": "issuer", "issue_date": "date", "invoice_number": "invoice_number",
		"amount_due": "amount", "currency": "currency", "seller_vat_id": "vat"}
	var out []Case
	for _, p := range pdfs {
		raw, err := os.ReadFile(strings.TrimSuffix(p, ".pdf") + ".truth.json")
		if err != nil {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal(raw, &rec); err != nil {
			return nil, fmt.Errorf("%s: truth unreadable", p)
		}
		out = append(out, Case{Name: strings.TrimSuffix(filepath.Base(p), ".pdf"), Path: p, Truth: truthOf(rec, names)})
	}
	return out, nil
}

// EvaluateInvoicePages scores the visible pages of the e-invoice PDFs
// under dir (InvoicePages) as EvaluateInvoices scores invoices.
func EvaluateInvoicePages(ctx context.Context, dir string, o Options, load Loader) (Report, error) {
	cases, err := InvoicePages(dir)
	if err != nil {
		return Report{}, err
	}
	return evaluate(ctx, "invoice pages", cases, o, load, InvoiceSchema(), invoiceFields, sameInvoiceValue), nil
}
