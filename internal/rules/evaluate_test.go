package rules

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/api"
)

// The four examples of docs/rules.md, as written there.
const (
	exIBANAndTotal   = `validators.invoice.iban && fields.invoice.total_amount > 0`
	exLinesSum       = `same_amount(sum(fields.invoice.line_items.map(l, l.amount)), fields.invoice.subtotal)`
	exRecentIssue    = `days_since(fields.invoice.issue_date) <= 90`
	exVATMatchesIBAN = `vat_country(fields.invoice.vendor_tax_id) == iban_country(fields.invoice.iban)`
)

func evalOne(t *testing.T, r api.RuleSpec, in Input) api.RuleResult {
	t.Helper()
	res, _, err := Evaluate(context.Background(), []api.RuleSpec{r}, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 {
		t.Fatalf("%d results", len(res))
	}
	return res[0]
}

func TestDocExamplesDecide(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, predicate string
		edit            map[string]any
		want            string
		summaryHas      string
	}{
		{"iban and total: both hold", exIBANAndTotal, nil, "true", "validators.invoice.iban = true"},
		{"iban and total: bad iban", exIBANAndTotal, map[string]any{"iban": "BAD-IBAN"}, "false", "validators.invoice.iban = false"},
		{"iban and total: zero total", exIBANAndTotal, map[string]any{"total_amount": 0.0}, "false", "fields.invoice.total_amount = 0"},
		{"lines sum to the subtotal", exLinesSum, nil, "true", "fields.invoice.line_items = 3 rows"},
		{"lines do not sum", exLinesSum, map[string]any{"subtotal": 300.31}, "false", "fields.invoice.subtotal = 300.31"},
		{"issued 46 days ago", exRecentIssue, nil, "true", `fields.invoice.issue_date = "2026-10-15", counting days to 2026-11-30`},
		{"issued 91 days ago", exRecentIssue, map[string]any{"issue_date": "2026-08-31"}, "false", "2026-08-31"},
		{"issued in the future", exRecentIssue, map[string]any{"issue_date": "2027-01-01"}, "true", "2027-01-01"},
		{"vat and iban in Germany", exVATMatchesIBAN, nil, "true", `fields.invoice.vendor_tax_id = "DE 123456789"`},
		{"greek vat prefix EL is GR", exVATMatchesIBAN, map[string]any{"vendor_tax_id": "EL094259216", "iban": "GR16 0110 1250 0000 0001 2300 695"}, "true", "EL094259216"},
		{"vat in Austria, iban in Germany", exVATMatchesIBAN, map[string]any{"vendor_tax_id": "ATU13585627"}, "false", "ATU13585627"},
		{"a string output", `fields.invoice.total_amount > 1000.0 ? "review" : "approve"`, nil, "approve", "fields.invoice.total_amount = 357.36"},
		{"integer and boolean fields", `fields.invoice.line_count == 3 && !fields.invoice.paid`, nil, "true", "fields.invoice.line_count = 3"},
		{"object members", `fields.invoice.seller.country == "DE" && has_value(fields.invoice.seller.name)`, nil, "true", "fields.invoice.seller.country"},
		{"has_value on a blank string", `has_value(fields.invoice.invoice_number)`, map[string]any{"invoice_number": "  "}, "false", "invoice_number"},
		{"dates compare as timestamps", `date(fields.invoice.issue_date) < now`, nil, "true", "now = 2026-11-30T12:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := rule("r", c.predicate)
			r.Output.ValidOutputs = []string{"true", "false", "review", "approve"}
			got := evalOne(t, r, input(invoiceDoc(c.edit)))
			if got.Output != c.want || !strings.Contains(got.Summary, c.summaryHas) || len(got.Notes) != 0 {
				t.Fatalf("output %q summary %q notes %q; want %q with %q", got.Output, got.Summary, got.Notes, c.want, c.summaryHas)
			}
		})
	}
}

func TestUndecidedRulesSayWhy(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		rule      api.RuleSpec
		docs      []api.Document
		summary   string
		noteHas   string
		wantCount Counts
	}{
		{"natural language", rule("r", "The IBAN field passes the mod-97 checksum."), []api.Document{invoiceDoc(nil)},
			"natural language", "only an LLM can judge; skipped because the rule engine needs an LLM and none is configured", Counts{NaturalLanguage: 1}},
		{"prose that parses", rule("r", "approved"), []api.Document{invoiceDoc(nil)},
			"natural language", `"approved"`, Counts{NaturalLanguage: 1}},
		{"type error", rule("r", `fields.invoice.total_amount > "a lot"`), []api.Document{invoiceDoc(nil)},
			"does not check", "no matching overload", Counts{Undecided: 1}},
		{"unknown field", rule("r", `fields.invoice.totl > 0`), []api.Document{invoiceDoc(nil)},
			"does not check", "fields.invoice.totl is not declared; invoice declares invoice_number", Counts{Undecided: 1}},
		{"unknown function beside a field", rule("r", `positive(fields.invoice.total_amount)`), []api.Document{invoiceDoc(nil)},
			"does not check", `"positive" is not a declared variable or function`, Counts{Undecided: 1}},
		{"unknown document type", rule("r", `fields.receipt.total > 0`), []api.Document{invoiceDoc(nil)},
			"does not check", `document type "receipt" is not declared`, Counts{Undecided: 1}},
		{"no such document", rule("r", exIBANAndTotal), nil,
			"not decided", "no invoice document was extracted", Counts{Undecided: 1}},
		{"null amount in a line", rule("r", exLinesSum), []api.Document{withLines(invoiceDoc(nil), nil)},
			"sum: item 0 is null", "", Counts{Undecided: 1}},
		{"field outside the parents", rule("r", `fields.invoice.total_amount > 0`, api.RuleParent{Kind: api.ParentField, DocumentType: "invoice", Fields: []string{"iban"}}),
			[]api.Document{invoiceDoc(nil)}, "does not check", "no field or validator parent", Counts{Undecided: 1}},
		{"rule output without the parent", rule("r", `rules.other == "true"`), []api.Document{invoiceDoc(nil)},
			"does not check", `rule "other" is not among the parents`, Counts{Undecided: 1}},
		{"a number is not an output", rule("r", `fields.invoice.total_amount`), []api.Document{invoiceDoc(nil)},
			"does not check", "must give a bool", Counts{Undecided: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			specs := []api.RuleSpec{c.rule, rule("other", "fields.invoice.paid == false")}
			res, counts, err := Evaluate(context.Background(), specs, input(c.docs...))
			if err != nil {
				t.Fatal(err)
			}
			got := res[0]
			c.wantCount.Decided = counts.Decided // "other" is decided or not by the documents given
			if got.Output != "" || !strings.Contains(got.Summary, c.summary) || counts != c.wantCount {
				t.Fatalf("output %q summary %q counts %+v; want summary with %q, counts %+v", got.Output, got.Summary, counts, c.summary, c.wantCount)
			}
			if c.noteHas != "" && !strings.Contains(strings.Join(got.Notes, "|"), c.noteHas) {
				t.Fatalf("notes %q lack %q", got.Notes, c.noteHas)
			}
		})
	}
}

func withLines(d api.Document, amount any) api.Document {
	d.FieldGroups[1].Fields[0] = field("line_items", []api.ExtractedField{
		{Name: "line_item", Value: []api.ExtractedField{field("description", "x"), field("amount", amount)}}})
	return d
}

// An output the rule does not declare is kept, and flagged.
func TestOutputOutsideValidOutputsIsFlagged(t *testing.T) {
	t.Parallel()
	r := rule("r", `fields.invoice.total_amount > 100.0 ? "escalate" : "ok"`)
	r.Output.ValidOutputs = []string{"ok", "reject"}
	got := evalOne(t, r, input(invoiceDoc(nil)))
	if got.Output != "escalate" || len(got.Notes) != 1 || !strings.Contains(got.Notes[0], `output "escalate" is not one of valid_outputs [ok, reject]`) {
		t.Fatalf("%+v", got)
	}
	// With no valid_outputs declared, a boolean rule may say true or false.
	r = api.RuleSpec{ID: "b", Predicate: `fields.invoice.total_amount > 100.0`}
	if got := evalOne(t, r, input(invoiceDoc(nil))); got.Output != "true" || len(got.Notes) != 0 {
		t.Fatalf("%+v", got)
	}
}

// Children see their parents' outputs; a child of an undecided parent is
// undecided too, rather than reading a null as "false".
func TestRulesRunInLevels(t *testing.T) {
	t.Parallel()
	specs := []api.RuleSpec{
		rule("payable", `rules.totals_ok == "true" && rules.bank_ok == "true"`,
			api.RuleParent{Kind: api.ParentRule, Rule: "totals_ok"}, api.RuleParent{Kind: api.ParentRule, Rule: "bank_ok"}),
		rule("totals_ok", exLinesSum),
		rule("bank_ok", exIBANAndTotal, api.RuleParent{Kind: api.ParentValidator, DocumentType: "invoice", Validator: "iban"},
			api.RuleParent{Kind: api.ParentField, DocumentType: "invoice", Fields: []string{"header.total_amount"}}),
		rule("needs_prose", `rules.prose == "true"`, api.RuleParent{Kind: api.ParentRule, Rule: "prose"}),
		rule("prose", "The seller looks trustworthy."),
	}
	res, counts, err := Evaluate(context.Background(), specs, input(invoiceDoc(nil)))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"payable": "true", "totals_ok": "true", "bank_ok": "true", "needs_prose": "", "prose": ""}
	for i, r := range res {
		if r.RuleID != specs[i].ID || r.Output != want[r.RuleID] {
			t.Errorf("result %d: %s = %q, want %q (%s)", i, r.RuleID, r.Output, want[r.RuleID], r.Summary)
		}
	}
	if !strings.Contains(res[3].Summary, `parent rule "prose" has no output`) {
		t.Errorf("needs_prose: %s", res[3].Summary)
	}
	if !strings.Contains(res[0].Summary, `rules.totals_ok = "true"`) {
		t.Errorf("payable: %s", res[0].Summary)
	}
	if counts != (Counts{Decided: 3, NaturalLanguage: 1, Undecided: 1}) {
		t.Errorf("counts %+v", counts)
	}
}

// The request check refuses cycles; the engine still survives one and
// says so on each rule of it.
func TestCycleIsReportedNotRun(t *testing.T) {
	t.Parallel()
	specs := []api.RuleSpec{
		rule("a", `rules.b == "true"`, api.RuleParent{Kind: api.ParentRule, Rule: "b"}),
		rule("b", `rules.a == "true"`, api.RuleParent{Kind: api.ParentRule, Rule: "a"}),
		rule("c", `true`),
	}
	res, counts, err := Evaluate(context.Background(), specs, input(invoiceDoc(nil)))
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1} {
		if res[i].Output != "" || !strings.Contains(res[i].Summary, "cycle") {
			t.Errorf("%s: %+v", res[i].RuleID, res[i])
		}
	}
	if res[2].Output != "true" || counts.Decided != 1 || counts.Undecided != 2 {
		t.Errorf("c: %+v, counts %+v", res[2], counts)
	}
}

func TestLevels(t *testing.T) {
	t.Parallel()
	p := func(id string) api.RuleParent { return api.RuleParent{Kind: api.ParentRule, Rule: id} }
	specs := []api.RuleSpec{{ID: "d", Parents: []api.RuleParent{p("b"), p("c")}}, {ID: "b", Parents: []api.RuleParent{p("a")}},
		{ID: "c", Parents: []api.RuleParent{p("a"), p("a")}}, {ID: "a"}, {ID: "x", Parents: []api.RuleParent{p("x")}}}
	ordered, cyclic := levels(specs)
	got := [][]string{}
	for _, l := range ordered {
		var ids []string
		for _, i := range l {
			ids = append(ids, specs[i].ID)
		}
		got = append(got, ids)
	}
	if len(got) != 3 || strings.Join(got[0], ",") != "a" || strings.Join(got[1], ",") != "b,c" || strings.Join(got[2], ",") != "d" {
		t.Fatalf("levels %v", got)
	}
	if len(cyclic) != 1 || specs[cyclic[0]].ID != "x" {
		t.Fatalf("cyclic %v", cyclic)
	}
}

// A hostile predicate stops at the cost limit or the parser's bounds,
// quickly, without taking the process down.
func TestHostilePredicatesAreBounded(t *testing.T) {
	t.Parallel()
	ten := "[0,1,2,3,4,5,6,7,8,9]"
	cases := []struct{ name, predicate, summary string }{
		{"huge comprehension", ten + ".map(a, " + ten + ".map(b, " + ten + ".map(c, " + ten + ".map(d, " + ten + ".map(e, a+b+c+d+e))))).size() > 0",
			"cost limit"},
		{"exponential list growth", `[1,2].map(a, [1,2].map(b, [1,2].map(c, [1,2].map(d, [1,2].map(e, [1,2].map(f, [1,2].map(g, [1,2].map(h, [1,2].map(i, [1,2].map(j, [1,2].map(k, [1,2].map(m, [1,2].map(n, [1,2].map(o, [1,2].map(p, [1,2].map(q, [1,2].map(r, 1))))))))))))))))).size() == 2`,
			"cost limit"},
		{"huge regex", `fields.invoice.iban.matches("((a{1000}){1000}){1000}")`, "invalid repeat count"},
		{"deep nesting", strings.Repeat("(", 2000) + "true" + strings.Repeat(")", 2000), "natural language"},
		{"long string", `"` + strings.Repeat("x", 5000) + `" == ""`, "natural language"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			got := evalOne(t, rule("r", c.predicate), input(invoiceDoc(nil)))
			if got.Output != "" || !strings.Contains(got.Summary, c.summary) {
				t.Fatalf("output %q summary %.200q", got.Output, got.Summary)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("took %v", d)
			}
		})
	}
}

// A cancelled context stops the evaluation with the context's error.
func TestEvaluateHonoursTheContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := Evaluate(ctx, []api.RuleSpec{rule("r", "true")}, input()); err != context.Canceled {
		t.Fatalf("err = %v", err)
	}
}

// Two documents of the declared type: the first is read, and the rule
// says so.
func TestSeveralDocumentsOfOneType(t *testing.T) {
	t.Parallel()
	second := invoiceDoc(map[string]any{"total_amount": -1.0})
	second.SourceFile = "b.pdf"
	got := evalOne(t, rule("r", `fields.invoice.total_amount > 0`), input(invoiceDoc(nil), second))
	if got.Output != "true" || len(got.Notes) != 1 || !strings.Contains(got.Notes[0], "2 invoice documents were extracted; the rule read the first (a.pdf)") {
		t.Fatalf("%+v", got)
	}
}

// Visual checks count as validators of their name; one that did not run
// leaves the variable null and the rule undecided.
func TestVisualChecksAsValidators(t *testing.T) {
	t.Parallel()
	d := invoiceDoc(nil)
	if got := evalOne(t, rule("r", `validators.invoice.signature == true`), input(d)); got.Output != "false" {
		t.Fatalf("no check ran: %+v", got) // null == true is false, decided
	}
	if got := evalOne(t, rule("r", `validators.invoice.signature`), input(d)); got.Output != "" {
		t.Fatalf("no check ran, bare null: %+v", got)
	}
	d.Authenticity = &api.Authenticity{Visual: []api.AuthenticityCheck{{Name: "signature", Passed: true}}}
	if got := evalOne(t, rule("r", `validators.invoice.signature`), input(d)); got.Output != "true" {
		t.Fatalf("passed check: %+v", got)
	}
}
