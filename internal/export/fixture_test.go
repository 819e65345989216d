package export

import (
	"context"
	"iter"
	"time"
)

// sliceSource is a Source over records held in a slice.
type sliceSource struct {
	schema Schema
	recs   []*Record
}

func (s sliceSource) Schema() Schema { return s.schema }

func (s sliceSource) Records(ctx context.Context) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		for _, r := range s.recs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// hostileSchema exercises the naming rule: an object "a" with a property
// "b" and a field literally named "a.b" (collision), a field named like a
// fixed column, markup in a name, and a formula-looking name.
func hostileSchema() Schema {
	return Schema{
		Name: "Q1 faturalar", Slug: "q1-faturalar",
		Fields: []Field{
			{Name: "invoice_number", Type: TypeString},
			{Name: "invoice_date", Type: TypeDate},
			{Name: "total_amount", Type: TypeNumber},
			{Name: "item_count", Type: TypeInteger},
			{Name: "paid", Type: TypeBoolean},
			{Name: "seller", Type: TypeObject, Properties: []Field{
				{Name: "name", Type: TypeString},
				{Name: "vat_id", Type: TypeString},
			}},
			{Name: "line_items", Type: TypeArray, Properties: []Field{
				{Name: "description", Type: TypeString},
				{Name: "quantity", Type: TypeNumber},
				{Name: "unit_price", Type: TypeNumber},
			}},
			{Name: "tags", Type: TypeArray},
			{Name: "a", Type: TypeObject, Properties: []Field{{Name: "b", Type: TypeString}}},
			{Name: "a.b", Type: TypeString},
			{Name: "doc_type", Type: TypeString},
			{Name: `<x y="1">&`, Type: TypeString},
		},
		PIITypes: []string{"email", "iban_tr"},
	}
}

// maskedText is a masked page as the pipeline leaves it: placeholders,
// Turkish letters, markup characters and a tab, all of which must come
// out of every writer byte for byte.
const maskedText = "Fatura No: FTR-2024-001\tİstanbul, Şişli — ğüşıöç İŞĞ\nAlıcı: [MASKED_NAME] <[MASKED_EMAIL]> & Co.\n\nIBAN: [MASKED_IBAN_TR]"

func hostileRecords() []*Record {
	t0 := time.Date(2026, 3, 4, 10, 11, 12, 0, time.UTC)
	return []*Record{
		{
			ExecutionID: "exec_01", JobID: "job_01", DocumentID: "doc_01",
			SourceFilename: "fatura-İş.pdf", DocType: "invoice", Language: "tr",
			QualityScore: 91.5, QualityGrade: "A", CreatedAt: t0, PIIMasked: true,
			Fields: map[string]any{
				"invoice_number": "=cmd|' /C calc'!A0",
				"invoice_date":   "2024-01-15",
				"total_amount":   1487.5,
				"item_count":     float64(2),
				"paid":           true,
				"seller":         map[string]any{"name": "Şahin Gıda A.Ş.", "vat_id": "TR1234567890"},
				"line_items": []any{
					map[string]any{"description": "Çay | 1 kg", "quantity": float64(2), "unit_price": 100.25},
					map[string]any{"description": "-Şeker", "quantity": 1.5, "unit_price": float64(40)},
				},
				"tags":       []any{"gıda", "toptan"},
				"a":          map[string]any{"b": "nested"},
				"a.b":        "literal",
				"doc_type":   "field named like a fixed column",
				`<x y="1">&`: "</value><evil/>",
			},
			PII:   map[string]int{"email": 2, "iban_tr": 1, "phone_tr": 4},
			Pages: []string{maskedText, "Sayfa 2: Toplam 1.487,50 TL"},
		},
		{
			// Missing and unconvertible values: every one must become a null.
			ExecutionID: "exec_02", JobID: "job_02", DocumentID: "doc_02",
			SourceFilename: "receipt.png", DocType: "receipt", Language: "en",
			QualityScore: 40, QualityGrade: "D", CreatedAt: t0.Add(time.Hour),
			Fields: map[string]any{
				"invoice_date": "next week",
				"total_amount": "n/a",
				"item_count":   2.5,
				"seller":       nil,
			},
		},
		{
			ExecutionID: "exec_03", JobID: "job_03", DocumentID: "doc_03",
			SourceFilename: "+plus.pdf", DocType: "invoice", Language: "de",
			QualityScore: 70, QualityGrade: "B", CreatedAt: t0.Add(2 * time.Hour),
			Fields: map[string]any{
				"invoice_number": "@SUM(A1)",
				"invoice_date":   "2025-12-31T00:00:00Z",
				"total_amount":   "99.90",
				"item_count":     "3",
				"paid":           "false",
				"line_items":     []any{},
			},
			PII:   map[string]int{"email": 1},
			Pages: []string{"Rechnung Nr. 7"},
		},
	}
}

func hostileSource() sliceSource {
	return sliceSource{schema: hostileSchema(), recs: hostileRecords()}
}
