package judge

import (
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
)

// fv is a top-level field with a value and no box.
func fv(name string, v any) api.ExtractedField {
	return api.ExtractedField{Name: name, Value: v, Pages: []int{}}
}

// line is a line-item row with quantity, unit price and amount.
func line(q, p, a any) api.ExtractedField {
	return api.ExtractedField{Name: "line_item", Value: []api.ExtractedField{
		fv("description", "item"), fv("quantity", q), fv("unit_price", p), fv("amount", a)}}
}

func items(rows ...api.ExtractedField) api.ExtractedField {
	return api.ExtractedField{Name: "line_items", Value: rows}
}

// invoiceSpec declares line_items as an array so rows are read as a table.
var invoiceSpec = api.DocumentTypeSpec{ID: "invoice", FieldGroups: []api.FieldGroup{
	{Name: "invoice", Fields: []api.Field{{Name: "line_items", Type: api.TypeArray, Items: &api.Field{Name: "line_item", Type: api.TypeObject,
		Fields: []api.Field{{Name: "description"}, {Name: "quantity", Type: api.TypeNumber}, {Name: "unit_price", Type: api.TypeNumber}, {Name: "amount", Type: api.TypeNumber}}}}}},
}}

func run(t *testing.T, l *doc.Layout, fs ...api.ExtractedField) (Report, map[string]*api.Judgement) {
	t.Helper()
	groups := []api.ExtractedGroup{{Name: "invoice", Fields: fs}}
	rep := Judge(Input{Layout: l, Spec: invoiceSpec, Groups: groups, Language: "en"})
	out := map[string]*api.Judgement{}
	var walk func(prefix string, fs []api.ExtractedField)
	walk = func(prefix string, fs []api.ExtractedField) {
		for i := range fs {
			f := &fs[i]
			if f.Judge == nil {
				t.Fatalf("%s%s has no verdict", prefix, f.Name)
			}
			if _, seen := out[prefix+f.Name]; !seen {
				out[prefix+f.Name] = f.Judge
			}
			if kids, ok := f.Value.([]api.ExtractedField); ok {
				walk(prefix+f.Name+".", kids)
			}
		}
	}
	walk("", groups[0].Fields)
	return rep, out
}

func TestChecks(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		fields []api.ExtractedField
		want   map[string]string // field path -> status
		note   map[string]string // field path -> a words its notes must hold
	}{
		{name: "totals add up",
			fields: []api.ExtractedField{fv("subtotal", 100.0), fv("tax_amount", 20.0), fv("total_amount", 120.0)},
			want:   map[string]string{"subtotal": "pass", "tax_amount": "pass", "total_amount": "pass"}},
		{name: "totals within a cent and a half",
			fields: []api.ExtractedField{fv("subtotal", 10.33), fv("tax_amount", 1.96), fv("total_amount", 12.30)},
			want:   map[string]string{"total_amount": "pass"}},
		{name: "totals do not add up",
			fields: []api.ExtractedField{fv("subtotal", 100.0), fv("tax_amount", 20.0), fv("total_amount", 210.0)},
			want:   map[string]string{"subtotal": "fail", "tax_amount": "fail", "total_amount": "fail"},
			note:   map[string]string{"total_amount": "totals_sum: subtotal 100.00 + tax 20.00 = 120.00, but the total is 210.00"}},
		{name: "tax included in the subtotal",
			fields: []api.ExtractedField{fv("subtotal", 120.0), fv("tax_amount", 20.0), fv("total_amount", 120.0)},
			want:   map[string]string{"subtotal": "pass", "total_amount": "pass", "tax_amount": "uncertain"}},
		{name: "lines sum to the subtotal and blame the total",
			fields: []api.ExtractedField{items(line(2, 10.0, 20.0), line(1, 5.5, 5.5)), fv("subtotal", 25.5), fv("tax_amount", 5.1), fv("total_amount", 35.6)},
			want:   map[string]string{"line_items": "pass", "subtotal": "pass", "tax_amount": "fail", "total_amount": "fail"},
			note:   map[string]string{"subtotal": "blamed on another value", "total_amount": "totals_sum"}},
		{name: "a missing line fails the table, not the subtotal",
			fields: []api.ExtractedField{items(line(12, 10.0, 120.0)), fv("subtotal", 127.5), fv("tax_amount", 0.0), fv("total_amount", 127.5)},
			want:   map[string]string{"line_items": "fail", "subtotal": "pass", "total_amount": "pass"},
			note:   map[string]string{"line_items": "lines_sum: the 1 line amounts add up to 120.00, but the subtotal is 127.50"}},
		{name: "lines sum to the total when there is no subtotal",
			fields: []api.ExtractedField{items(line(1, 3.0, 3.0), line(2, 1.25, 2.5)), fv("total_amount", 5.5)},
			want:   map[string]string{"line_items": "pass", "total_amount": "pass"}},
		{name: "net lines plus tax make the total",
			fields: []api.ExtractedField{items(line(1, 10.0, 10.0)), fv("tax_amount", 2.0), fv("total_amount", 12.0)},
			want:   map[string]string{"line_items": "pass", "total_amount": "pass", "tax_amount": "pass"}},
		{name: "line amount is quantity x unit price",
			fields: []api.ExtractedField{items(line(3, 2.5, 7.5))},
			want:   map[string]string{"line_items.line_item": "pass", "line_items.line_item.amount": "pass"}},
		{name: "line amount contradicts",
			fields: []api.ExtractedField{items(line(3, 2.5, 8.5))},
			want:   map[string]string{"line_items.line_item": "fail", "line_items.line_item.amount": "fail"},
			note:   map[string]string{"line_items.line_item.amount": "line 1: 3.00 x 2.50 = 7.50, but the line amount is 8.50"}},
		{name: "a credit line carries its sign on one side",
			fields: []api.ExtractedField{items(line(6, 18.33, -109.98))},
			want:   map[string]string{"line_items.line_item": "pass"}},
		{name: "line rounding per unit is tolerated",
			fields: []api.ExtractedField{items(line(3, 0.33, 1.0))},
			want:   map[string]string{"line_items.line_item": "pass"}},
		{name: "empty rows are not lines",
			fields: []api.ExtractedField{items(line(0, 0, 0))},
			want:   map[string]string{"line_items.line_item": "uncertain"}},
		{name: "tax is rate x subtotal",
			fields: []api.ExtractedField{fv("subtotal", 200.0), fv("tax_rate", 19.0), fv("tax_amount", 38.0)},
			want:   map[string]string{"tax_amount": "pass", "tax_rate": "pass"}},
		{name: "rate as a fraction",
			fields: []api.ExtractedField{fv("subtotal", 200.0), fv("vat_rate", 0.2), fv("tax_amount", 40.0)},
			want:   map[string]string{"tax_amount": "pass"}},
		{name: "tax above rate x subtotal fails",
			fields: []api.ExtractedField{fv("subtotal", 200.0), fv("tax_rate", 10.0), fv("tax_amount", 38.0)},
			want:   map[string]string{"tax_amount": "fail", "tax_rate": "fail"},
			note:   map[string]string{"tax_amount": "tax_rate: rate 10.00 x base 200.00 = 20.00, but the tax is 38.00"}},
		{name: "tax below rate x subtotal is undecided",
			fields: []api.ExtractedField{fv("subtotal", 262.9), fv("tax_rate", 15.0), fv("tax_amount", 16.94)},
			want:   map[string]string{"tax_amount": "uncertain"}},
		{name: "net pay",
			fields: []api.ExtractedField{fv("gross_pay", 3000.0), fv("deductions", 650.25), fv("net_pay", 2349.75)},
			want:   map[string]string{"net_pay": "pass", "gross_pay": "pass"}},
		{name: "net pay contradicts",
			fields: []api.ExtractedField{fv("gross_pay", 3000.0), fv("deductions", -650.25), fv("net_pay", 2439.75)},
			want:   map[string]string{"net_pay": "fail"}, note: map[string]string{"net_pay": "net_pay: gross 3000.00 - deductions 650.25 = 2349.75"}},
		{name: "issue before due",
			fields: []api.ExtractedField{fv("invoice_date", "2025-05-01"), fv("due_date", "2025-05-31")},
			want:   map[string]string{"invoice_date": "pass", "due_date": "pass"}},
		{name: "due before issue",
			fields: []api.ExtractedField{fv("issue_date", "2025-06-01"), fv("payment_due_date", "2025-05-31")},
			want:   map[string]string{"issue_date": "fail", "payment_due_date": "fail"},
			note:   map[string]string{"issue_date": "date_order: issue date 2025-06-01 is after due date 2025-05-31"}},
		{name: "period bounds pair by name",
			fields: []api.ExtractedField{fv("service_period_start", "2025-03-01"), fv("service_period_end", "2025-03-31"), fv("billing_period_from", "2025-04-02"), fv("billing_period_to", "2025-04-01")},
			want:   map[string]string{"service_period_start": "pass", "service_period_end": "pass", "billing_period_from": "fail", "billing_period_to": "fail"}},
		{name: "two totals agree",
			fields: []api.ExtractedField{fv("total", 50.0), fv("amount_due", "50.00")},
			want:   map[string]string{"total": "pass", "amount_due": "pass"}},
		{name: "two totals disagree",
			fields: []api.ExtractedField{fv("grand_total", 50.0), fv("amount_payable", 55.0)},
			want:   map[string]string{"grand_total": "fail", "amount_payable": "fail"},
			note:   map[string]string{"grand_total": "agreement"}},
		{name: "nothing to check",
			fields: []api.ExtractedField{fv("vendor_name", "Acme"), fv("notes", nil)},
			want:   map[string]string{"vendor_name": "uncertain", "notes": "uncertain"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, got := run(t, nil, c.fields...)
			for path, want := range c.want {
				jd := got[path]
				if jd == nil {
					t.Fatalf("no field %s in %v", path, got)
				}
				if jd.Status != want {
					t.Errorf("%s: status %s, want %s (notes %q)", path, jd.Status, want, deref(jd.Notes))
				}
				if (jd.Status == api.JudgeFail) != (jd.Status == api.JudgeFail && jd.FlagForReview) {
					t.Errorf("%s: a fail must be flagged", path)
				}
			}
			for path, words := range c.note {
				if n := deref(got[path].Notes); !strings.Contains(n, words) {
					t.Errorf("%s: notes %q lack %q", path, n, words)
				}
			}
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// page builds a one-page layout from lines of (text, x0, y0, x1, y1) words.
func page(lines ...[]doc.Word) *doc.Layout {
	b := doc.NewBuilder()
	b.StartPage(doc.Page{Width: 600, Height: 800, Source: doc.SourcePDFText})
	for _, l := range lines {
		b.AddLine(l)
	}
	b.EndPage()
	return b.Layout()
}

func word(text string, x0, y0, x1, y1 float64) doc.Word {
	return doc.Word{Text: text, Box: doc.Box{X0: x0, Y0: y0, X1: x1, Y1: y1}}
}

func boxed(name string, v any, x0, y0, x1, y1 float64) api.ExtractedField {
	f := fv(name, v)
	f.Pages = []int{1}
	f.BBox = &api.BoundingBox{XMin: x0, YMin: y0, XMax: x1, YMax: y1, Source: api.BoxSourcePDFText}
	return f
}

func TestPresenceAndEvidence(t *testing.T) {
	t.Parallel()
	l := page(
		[]doc.Word{word("Invoice", 0.1, 0.1, 0.2, 0.12), word("date", 0.21, 0.1, 0.3, 0.12), word("15", 0.5, 0.1, 0.53, 0.12), word("May", 0.54, 0.1, 0.6, 0.12), word("2025", 0.61, 0.1, 0.68, 0.12)},
		[]doc.Word{word("Total", 0.1, 0.8, 0.2, 0.82), word("1.234,50", 0.7, 0.8, 0.8, 0.82), word("EUR", 0.81, 0.8, 0.86, 0.82)},
	)
	_, got := run(t, l,
		boxed("issue_date", "2025-05-15", 0.5, 0.1, 0.68, 0.12),
		boxed("total_amount", 1234.5, 0.7, 0.8, 0.86, 0.82),
		boxed("invoice_number", "INV-9", 0.1, 0.1, 0.2, 0.12),
		boxed("due_date", "2025-05-16", 0.5, 0.1, 0.68, 0.12),
		boxed("subtotal", 99.0, 0.9, 0.9, 0.95, 0.95),
	)
	if jd := got["issue_date"]; jd.Status != api.JudgePass || deref(jd.Evidence) != "15 May 2025" {
		t.Errorf("issue_date: %s evidence %q notes %q", jd.Status, deref(jd.Evidence), deref(jd.Notes))
	}
	if jd := got["total_amount"]; jd.Status != api.JudgePass || deref(jd.Evidence) != "1.234,50 EUR" || jd.Confidence != 0.75 || jd.FlagForReview {
		t.Errorf("total_amount: %+v evidence %q notes %q", jd, deref(jd.Evidence), deref(jd.Notes))
	}
	// The box shows "Invoice", not the number: a misplaced value fails.
	if jd := got["invoice_number"]; jd.Status != api.JudgeFail || !strings.Contains(deref(jd.Notes), "presence") {
		t.Errorf("invoice_number: %s notes %q", jd.Status, deref(jd.Notes))
	}
	if jd := got["due_date"]; jd.Status != api.JudgeFail || !strings.Contains(deref(jd.Notes), "2025-05-16 but the page shows") {
		t.Errorf("due_date: %s notes %q", jd.Status, deref(jd.Notes))
	}
	if jd := got["subtotal"]; jd.Status != api.JudgeFail || !strings.Contains(deref(jd.Notes), "nothing is printed at its box") {
		t.Errorf("subtotal: %s notes %q", jd.Status, deref(jd.Notes))
	}
}

// A value that won the vote between OCR readings is present when another
// reading of the page prints it at its box, though the kept reading
// misread it; a value no reading prints there still fails.
func TestPresenceInAnotherReading(t *testing.T) {
	t.Parallel()
	kept := page([]doc.Word{word("Total", 0.1, 0.8, 0.2, 0.82), word("57.30", 0.7, 0.8, 0.8, 0.82)})
	other := page([]doc.Word{word("Total", 0.1, 0.8, 0.2, 0.82), word("57.80", 0.7, 0.8, 0.8, 0.82)})
	for _, c := range []struct {
		value float64
		want  string
	}{{57.8, api.JudgePass}, {58.8, api.JudgeFail}} {
		groups := []api.ExtractedGroup{{Name: "invoice", Fields: []api.ExtractedField{boxed("total_amount", c.value, 0.7, 0.8, 0.8, 0.82)}}}
		Judge(Input{Layout: kept, Readings: []*doc.Layout{other}, Spec: invoiceSpec, Groups: groups, Language: "en"})
		jd := groups[0].Fields[0].Judge
		if jd.Status != c.want {
			t.Errorf("%v: %s (notes %q), want %s", c.value, jd.Status, deref(jd.Notes), c.want)
		}
		if c.want == api.JudgePass && deref(jd.Evidence) != "57.80" {
			t.Errorf("%v: evidence %q, want the other reading's 57.80", c.value, deref(jd.Evidence))
		}
	}
}

func TestPresenceFailsATamperedAmount(t *testing.T) {
	t.Parallel()
	l := page([]doc.Word{word("Total", 0.1, 0.8, 0.2, 0.82), word("$", 0.7, 0.8, 0.72, 0.82), word("279.84", 0.73, 0.8, 0.8, 0.82)})
	_, got := run(t, l, boxed("total_amount", 297.84, 0.7, 0.8, 0.8, 0.82))
	jd := got["total_amount"]
	if jd.Status != api.JudgeFail || !jd.FlagForReview || !strings.Contains(deref(jd.Notes), `297.84 but the page shows "$ 279.84"`) {
		t.Fatalf("got %s, notes %q", jd.Status, deref(jd.Notes))
	}
}

func TestCurrency(t *testing.T) {
	t.Parallel()
	cases := []struct {
		words []string
		code  string
		want  string
	}{
		{[]string{"Total", "12,50", "€"}, "EUR", api.JudgePass},
		{[]string{"Total", "EUR", "12.50"}, "EUR", api.JudgePass},
		{[]string{"Total", "$4.11"}, "USD", api.JudgePass},
		{[]string{"Total", "$4.11"}, "CAD", api.JudgePass}, // "$" is every dollar's
		{[]string{"Total", "12,50", "€"}, "USD", api.JudgeFail},
		{[]string{"Toplam", "12,50TL"}, "EUR", api.JudgeFail},
		{[]string{"Total", "12.50"}, "GBP", api.JudgeUncertain},
	}
	for _, c := range cases {
		var ws []doc.Word
		for i, w := range c.words {
			x := 0.1 + float64(i)*0.1
			ws = append(ws, word(w, x, 0.5, x+0.08, 0.52))
		}
		_, got := run(t, page(ws), fv("currency", c.code))
		if jd := got["currency"]; jd.Status != c.want {
			t.Errorf("%v with %s: %s, want %s (%q)", c.words, c.code, jd.Status, c.want, deref(jd.Notes))
		}
	}
}

func TestReportCounts(t *testing.T) {
	t.Parallel()
	rep, _ := run(t, nil, items(line(2, 5.0, 11.0)), fv("subtotal", 100.0), fv("tax_amount", 20.0), fv("total_amount", 210.0), fv("vendor_name", "Acme"), fv("iban", nil))
	// line_amount and lines_sum fail on the table, totals_sum on the totals.
	if rep.ArithmeticFailures != 3 {
		t.Errorf("arithmetic failures = %d, want 3 (%+v)", rep.ArithmeticFailures, rep.Checks)
	}
	// Judged: the table, its row, 4 members, subtotal, tax, total, vendor (iban is empty).
	if rep.Judged != 10 {
		t.Errorf("judged = %d, want 10", rep.Judged)
	}
	if rep.Failed == 0 || rep.Flagged < rep.Failed {
		t.Errorf("failed %d flagged %d", rep.Failed, rep.Flagged)
	}
}

func TestFailRateAndEscalation(t *testing.T) {
	t.Parallel()
	groups := []api.ExtractedGroup{{Name: "g", Fields: []api.ExtractedField{
		{Name: "a", Value: 1.0, Judge: &api.Judgement{Status: api.JudgePass, Confidence: 0.9}},
		{Name: "b", Value: 1.0, Judge: &api.Judgement{Status: api.JudgeFail, FlagForReview: true}},
		{Name: "c", Value: "x", Judge: &api.Judgement{Status: api.JudgePass, Confidence: 0.6, FlagForReview: true}},
		{Name: "d", Value: "y", Judge: &api.Judgement{Status: api.JudgeUncertain}},
		{Name: "e", Value: nil, Judge: &api.Judgement{Status: api.JudgeUncertain}},
	}}}
	rate, bad, judged := FailRate(groups)
	if bad != 2 || judged != 4 || rate != 0.5 {
		t.Fatalf("FailRate = %v, %d, %d", rate, bad, judged)
	}
	if rate, _, _ := FailRate(); rate != 0 {
		t.Fatalf("empty fail rate = %v", rate)
	}
	for _, c := range []struct {
		rate, threshold    float64
		primary, secondary string
		want               bool
	}{
		{0.5, 0.25, "a", "b", true},
		{0.25, 0.25, "a", "b", true},
		{0.2, 0.25, "a", "b", false},
		{0.5, 0, "a", "b", false},
		{0.5, 0.25, "a", "a", false},
		{0.5, 0.25, "a", "", false},
	} {
		if got := Escalates(c.rate, c.threshold, c.primary, c.secondary); got != c.want {
			t.Errorf("Escalates(%v) = %v", c, got)
		}
	}
}

func TestRoles(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, desc string
		inRow      bool
		want       role
	}{
		{"grand_total", "", false, roleTotal},
		{"amount", "", false, roleTotal},
		{"amount", "", true, roleLineAmount},
		{"total", "", true, roleLineAmount},
		{"net_amount", "", false, roleSubtotal},
		{"kdv_tutari", "", false, roleTax},
		{"price", "", true, roleUnitPrice},
		{"qty", "", true, roleQuantity},
		{"discount_percent", "", true, roleDiscount},
		{"x1", "The grand total of the invoice", false, roleTotal},
		{"vat_rate", "", false, roleTaxRate},
		{"taxable_base", "", false, roleTaxBase},
		{"date_start", "", false, rolePeriodStart},
		{"period_end", "", false, rolePeriodEnd},
		{"invoice_date", "", false, roleIssueDate},
		{"currency_code", "", false, roleCurrency},
		{"vendor_name", "", false, roleNone},
	}
	for _, c := range cases {
		if got := roleOf(c.name, c.desc, c.inRow); got != c.want {
			t.Errorf("roleOf(%q, %q, %v) = %v, want %v", c.name, c.desc, c.inRow, got, c.want)
		}
	}
}

// An invoice XML's allowances, charges and prepaid amount sit between the
// lines, the subtotal and the amount due; the sums allow for them, and an
// XML line the row cannot recompute is left undecided, not failed.
func TestStatedTotals(t *testing.T) {
	t.Parallel()
	groups := []api.ExtractedGroup{{Name: "invoice", Fields: []api.ExtractedField{
		items(line(2, 400.0, 800.0), line(2, 800.0, 800.0)), fv("subtotal", 1500.0), fv("tax_amount", 300.0), fv("total_amount", 1700.0)}}}
	stated := map[string]string{"line_total": "1600.00", "allowance_total": "150.00", "charge_total": "50.00", "prepaid_amount": "100.00"}
	rep := Judge(Input{Spec: invoiceSpec, Groups: groups, Stated: stated})
	if rep.ArithmeticFailures != 0 {
		t.Fatalf("failures with the XML's totals: %+v", rep.Checks)
	}
	fs := groups[0].Fields
	if fs[0].Judge.Status != api.JudgePass || fs[3].Judge.Status != api.JudgePass {
		t.Fatalf("lines %+v, total %+v", fs[0].Judge, fs[3].Judge)
	}
	second := fs[0].Value.([]api.ExtractedField)[1]
	if second.Judge.Status != api.JudgeUncertain || !strings.Contains(deref(second.Judge.Notes), "price base quantity") {
		t.Fatalf("XML line 2 x 800 = 800: %+v %q", second.Judge, deref(second.Judge.Notes))
	}
	// Without the XML the same numbers contradict each other.
	rep = Judge(Input{Spec: invoiceSpec, Groups: groups})
	if rep.ArithmeticFailures == 0 {
		t.Fatal("no failure without the XML's totals")
	}
}
