// Package einvoicetest scores einvoice against a folder of e-invoices with
// ground truth (the layout of shared/corpus/einvoices: <source>/<doc> next
// to <source>/<doc-stem>.truth.json). The corpus test and bench/realdocs
// share it, so both measure the same thing.
package einvoicetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/quarrydev/quarry/internal/einvoice"
)

// HeaderFields are the truth's header fields, named as Invoice.Fields
// names them.
var HeaderFields = []string{
	"invoice_number", "issue_date", "currency", "seller_name", "seller_vat_id",
	"buyer_name", "buyer_vat_id", "total_without_vat", "total_vat",
	"total_with_vat", "amount_due",
}

// LineFields are the truth's line fields.
var LineFields = []string{"description", "quantity", "unit_price", "line_amount"}

var amountFields = map[string]bool{
	"total_without_vat": true, "total_vat": true, "total_with_vat": true, "amount_due": true,
	"quantity": true, "unit_price": true, "line_amount": true,
}

// Doc is one document of the corpus with its truth.
type Doc struct {
	Source string         // the folder: xrechnung, en16931, ...
	Path   string         // the document file
	Truth  map[string]any // numbers as json.Number
}

// Load reads every truth file under dir; no truth files is not an error.
func Load(dir string) ([]Doc, error) {
	truths, err := filepath.Glob(filepath.Join(dir, "*", "*.truth.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(truths)
	var docs []Doc
	for _, tp := range truths {
		raw, err := os.ReadFile(tp)
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var truth map[string]any
		if err := dec.Decode(&truth); err != nil {
			return nil, fmt.Errorf("%s: %w", tp, err)
		}
		name, _ := truth["document"].(string)
		if name == "" {
			return nil, fmt.Errorf("%s: no document name", tp)
		}
		docs = append(docs, Doc{Source: filepath.Base(filepath.Dir(tp)), Path: filepath.Join(filepath.Dir(tp), name), Truth: truth})
	}
	return docs, nil
}

// ParseFile reads one corpus document the way a caller would: PDFs
// through FromPDF, everything else through Parse.
func ParseFile(path string) (*einvoice.Invoice, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if strings.EqualFold(filepath.Ext(path), ".pdf") {
		st, err := f.Stat()
		if err != nil {
			return nil, err
		}
		inv, _, err := einvoice.FromPDF(f, st.Size(), einvoice.Limits{})
		return inv, err
	}
	return einvoice.Parse(f, einvoice.Limits{})
}

// Score counts right answers out of all.
type Score struct{ OK, Total int }

func (s *Score) add(ok bool) {
	s.Total++
	if ok {
		s.OK++
	}
}

// Rate is OK/Total, 1 when nothing was scored.
func (s Score) Rate() float64 {
	if s.Total == 0 {
		return 1
	}
	return float64(s.OK) / float64(s.Total)
}

// Report holds the scores by source and field ("ALL" sums the sources;
// line fields are prefixed "line.").
type Report struct {
	Header, Lines Score
	By            map[[2]string]*Score
	Misses        []string // one line per wrong value
	Errors        []string // documents that did not parse
}

// Evaluate scores every document: each truth header field (a JSON null
// must meet an empty value), the document kind, the line count and each
// line field by position. Amounts compare numerically, text exactly.
func Evaluate(docs []Doc, parse func(string) (*einvoice.Invoice, error)) *Report {
	r := &Report{By: map[[2]string]*Score{}}
	bump := func(source, field string, ok bool) {
		for _, s := range []string{source, "ALL"} {
			k := [2]string{s, field}
			if r.By[k] == nil {
				r.By[k] = &Score{}
			}
			r.By[k].add(ok)
		}
	}
	for _, d := range docs {
		name := filepath.Base(d.Path)
		inv, err := parse(d.Path)
		if err != nil {
			r.Errors = append(r.Errors, fmt.Sprintf("%s/%s: %v", d.Source, name, err))
			inv = nil
		}
		var fields map[string]string
		if inv != nil {
			fields = inv.Fields()
		}
		for _, f := range HeaderFields {
			ok := inv != nil && same(f, d.Truth[f], fields[f])
			if !ok {
				r.Misses = append(r.Misses, fmt.Sprintf("%s/%s %s: want %v, got %q", d.Source, name, f, d.Truth[f], fields[f]))
			}
			bump(d.Source, f, ok)
			r.Header.add(ok)
		}
		kindOK := inv != nil && string(inv.Kind) == d.Truth["document_kind"]
		if !kindOK {
			r.Misses = append(r.Misses, fmt.Sprintf("%s/%s document_kind: want %v", d.Source, name, d.Truth["document_kind"]))
		}
		bump(d.Source, "document_kind", kindOK)
		r.Header.add(kindOK)

		want, _ := d.Truth["lines"].([]any)
		var got []einvoice.Line
		if inv != nil {
			got = inv.Lines
		}
		countOK := len(got) == len(want)
		if !countOK {
			r.Misses = append(r.Misses, fmt.Sprintf("%s/%s line_count: want %d, got %d", d.Source, name, len(want), len(got)))
		}
		bump(d.Source, "line_count", countOK)
		r.Lines.add(countOK)
		for i, wl := range want {
			wm, _ := wl.(map[string]any)
			for _, f := range LineFields {
				g := ""
				if i < len(got) {
					g = lineValue(got[i], f)
				}
				ok := i < len(got) && same(f, wm[f], g)
				if !ok {
					r.Misses = append(r.Misses, fmt.Sprintf("%s/%s line %d %s: want %v, got %q", d.Source, name, i+1, f, wm[f], g))
				}
				bump(d.Source, "line."+f, ok)
				r.Lines.add(ok)
			}
		}
	}
	return r
}

func same(field string, want any, got string) bool {
	if want == nil {
		return got == ""
	}
	switch w := want.(type) {
	case json.Number:
		if !amountFields[field] {
			return w.String() == got
		}
		a, ok1 := new(big.Rat).SetString(w.String())
		b, ok2 := new(big.Rat).SetString(got)
		return ok1 && ok2 && a.Cmp(b) == 0
	case string:
		return w == got
	}
	return fmt.Sprint(want) == got
}

func lineValue(l einvoice.Line, field string) string {
	switch field {
	case "description":
		return l.Name
	case "quantity":
		return l.Quantity.Value
	case "unit_price":
		return l.UnitPrice.Value
	case "line_amount":
		return l.LineAmount.Value
	}
	return ""
}

// Table prints the scores as a field x source grid.
func (r *Report) Table() string {
	var sources, fields []string
	seenS, seenF := map[string]bool{}, map[string]bool{}
	for k := range r.By {
		if !seenS[k[0]] {
			seenS[k[0]] = true
			sources = append(sources, k[0])
		}
		if !seenF[k[1]] {
			seenF[k[1]] = true
			fields = append(fields, k[1])
		}
	}
	sort.Strings(sources)
	sort.Strings(fields)
	var b strings.Builder
	fmt.Fprintf(&b, "%-18s", "field")
	for _, s := range sources {
		fmt.Fprintf(&b, " %10s", s)
	}
	for _, f := range fields {
		fmt.Fprintf(&b, "\n%-18s", f)
		for _, s := range sources {
			if sc := r.By[[2]string{s, f}]; sc != nil {
				fmt.Fprintf(&b, " %10s", fmt.Sprintf("%d/%d", sc.OK, sc.Total))
			} else {
				fmt.Fprintf(&b, " %10s", "-")
			}
		}
	}
	fmt.Fprintf(&b, "\nheader %.4f (%d/%d), lines %.4f (%d/%d)\n",
		r.Header.Rate(), r.Header.OK, r.Header.Total, r.Lines.Rate(), r.Lines.OK, r.Lines.Total)
	return b.String()
}
