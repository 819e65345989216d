// Package bizdocs generates labelled business documents (invoices,
// receipts, payslips, purchase orders, bank statements) in five languages
// and several layouts, with the true value and drawn box of every field,
// so that classification and extraction accuracy can be measured on
// documents nobody tuned the extractor on.
package bizdocs

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/quarrydev/quarry/internal/checkdigit"
	"github.com/quarrydev/quarry/internal/doc"
)

// Types, languages and layouts generated.
var (
	Types     = []string{"invoice", "receipt", "payroll", "purchase_order", "bank_statement"}
	Languages = []string{"en", "tr", "de", "fr", "es"}
	Layouts   = []string{"label_left", "label_above", "two_column", "inline"}
)

// Value is a field's truth: the normalised value and the box of the words
// that print it.
type Value struct {
	Value any // string, float64
	Page  int
	Box   doc.Box
}

// Doc is one generated document.
type Doc struct {
	ID, Type, Lang, Layout string
	PDF                    []byte
	Fields                 map[string]Value   // top-level fields by schema name
	TableField             string             // schema name of the row array ("line_items", "transactions")
	Rows                   []map[string]Value // rows of the table, members by schema name
}

// Generate returns n documents cycling through types, languages and
// layouts; the same seed always yields the same documents.
func Generate(n int, seed uint64) []Doc {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	out := make([]Doc, 0, n)
	for i := 0; i < n; i++ {
		typ := Types[i%len(Types)]
		lang := Languages[(i/len(Types))%len(Languages)]
		layout := Layouts[(i/(len(Types)*len(Languages)))%len(Layouts)]
		g := &gen{r: r, lang: lang, layout: layout, c: newCanvas(), d: Doc{ID: fmt.Sprintf("%s-%s-%s-%03d", typ, lang, layout, i), Type: typ, Lang: lang, Layout: layout, Fields: map[string]Value{}}}
		g.build(typ)
		g.d.PDF = g.c.bytes()
		out = append(out, g.d)
	}
	return out
}

type gen struct {
	r      *rand.Rand
	lang   string
	layout string
	c      *canvas
	d      Doc
	y      float64
	// numeric forces numeric dates (narrow table columns).
	numeric bool
}

func (g *gen) pick(xs []string) string   { return xs[g.r.IntN(len(xs))] }
func (g *gen) label(field string) string { return g.pick(labels[field][g.lang]) }

// entry is one header field: its label, printed text and truth.
type entry struct {
	field, label, text string
	value              any
}

func (g *gen) currency() (code, symbol string) {
	switch g.lang {
	case "en":
		if g.r.IntN(2) == 0 {
			return "USD", "$"
		}
		return "GBP", "£"
	case "tr":
		return "TRY", "TL"
	}
	return "EUR", "€"
}

// money prints an amount in the language's convention.
func (g *gen) money(v float64) string {
	neg := v < 0
	if neg {
		v = -v
	}
	cents := int64(v*100 + 0.5)
	ip, fp := cents/100, cents%100
	digits := fmt.Sprint(ip)
	var groups []string
	for len(digits) > 3 {
		groups = append([]string{digits[len(digits)-3:]}, groups...)
		digits = digits[:len(digits)-3]
	}
	groups = append([]string{digits}, groups...)
	var s string
	switch g.lang {
	case "en":
		s = strings.Join(groups, ",") + "." + fmt.Sprintf("%02d", fp)
	case "fr":
		s = strings.Join(groups, "\u00a0") + "," + fmt.Sprintf("%02d", fp)
		s = strings.ReplaceAll(s, "\u00a0", " ")
	default:
		s = strings.Join(groups, ".") + "," + fmt.Sprintf("%02d", fp)
	}
	if neg {
		s = "-" + s
	}
	return s
}

// date prints a date in one of the language's spellings and returns the
// printed text and its ISO form.
func (g *gen) date(y, m, d int) (string, string) {
	iso := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	mn := monthNames[g.lang][m-1]
	style := g.r.IntN(2)
	if g.numeric {
		style = 0
	}
	switch g.lang {
	case "en":
		if g.numeric {
			return fmt.Sprintf("%02d/%02d/%d", d, m, y), iso
		}
		if style == 0 {
			return fmt.Sprintf("%s %d, %d", mn, d, y), iso
		}
		return fmt.Sprintf("%d %s %d", d, mn, y), iso
	case "tr":
		if style == 0 {
			return fmt.Sprintf("%02d.%02d.%d", d, m, y), iso
		}
		return fmt.Sprintf("%d %s %d", d, mn, y), iso
	case "de":
		if style == 0 {
			return fmt.Sprintf("%02d.%02d.%d", d, m, y), iso
		}
		return fmt.Sprintf("%d. %s %d", d, mn, y), iso
	case "fr":
		if style == 0 {
			return fmt.Sprintf("%02d/%02d/%d", d, m, y), iso
		}
		return fmt.Sprintf("%d %s %d", d, mn, y), iso
	}
	if style == 0 {
		return fmt.Sprintf("%02d/%02d/%d", d, m, y), iso
	}
	return fmt.Sprintf("%d de %s de %d", d, mn, y), iso
}

func (g *gen) randDate() (string, string) {
	return g.date(2023+g.r.IntN(3), 1+g.r.IntN(12), 1+g.r.IntN(28))
}

// iban makes a valid IBAN for the language's country, printed in groups.
func (g *gen) iban() (string, string) {
	cc := map[string]string{"en": "GB", "tr": "TR", "de": "DE", "fr": "FR", "es": "ES"}[g.lang]
	n, _ := checkdigit.IBANLength(cc)
	n -= 4
	bban := ""
	if cc == "GB" {
		bban = "NWBK"
		n -= 4
	}
	for i := 0; i < n; i++ {
		bban += fmt.Sprint(g.r.IntN(10))
	}
	raw := cc + checkdigit.IBANCheckDigits(cc, bban) + bban
	var parts []string
	for i := 0; i < len(raw); i += 4 {
		parts = append(parts, raw[i:min(i+4, len(raw))])
	}
	return strings.Join(parts, " "), raw
}

func (g *gen) taxID() string {
	switch g.lang {
	case "tr":
		return fmt.Sprintf("%010d", g.r.Int64N(1e10))
	case "de":
		return fmt.Sprintf("DE%09d", g.r.Int64N(1e9))
	case "fr":
		return fmt.Sprintf("FR%011d", g.r.Int64N(1e11))
	case "es":
		return fmt.Sprintf("B%08d", g.r.Int64N(1e8))
	}
	return fmt.Sprintf("GB%09d", g.r.Int64N(1e9))
}

func (g *gen) ref(prefix string) string {
	switch g.r.IntN(3) {
	case 0:
		return fmt.Sprintf("%s-%d-%04d", prefix, 2023+g.r.IntN(3), g.r.IntN(10000))
	case 1:
		return fmt.Sprintf("%s%06d", prefix, g.r.IntN(1000000))
	}
	return fmt.Sprintf("%d/%03d", 2023+g.r.IntN(3), g.r.IntN(1000))
}

// record stores the truth of a field drawn as boxes.
func (g *gen) record(field string, v any, boxes []doc.Box) {
	g.d.Fields[field] = Value{Value: v, Page: 1, Box: union(boxes)}
}
