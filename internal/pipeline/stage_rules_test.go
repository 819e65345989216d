package pipeline

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/api/wiretest"
)

// xrechnungInvoice is a third-party XRechnung UBL invoice: IBAN
// DE79000000001234567890, seller VAT DE 123456789, issued 2016-04-04,
// lines summing to the 314.86 net total.
const xrechnungInvoice = "../../../shared/corpus/einvoices/xrechnung/standard__01.01a-INVOICE_ubl.xml"

// The four examples of docs/rules.md, against the built-in invoice schema.
var docRules = []api.RuleSpec{
	{ID: "iban_and_total", Predicate: `validators.invoice.iban && fields.invoice.total_amount > 0`},
	{ID: "lines_sum", Predicate: `same_amount(sum(fields.invoice.line_items.map(l, l.amount)), fields.invoice.subtotal)`},
	{ID: "recent", Predicate: `days_since(fields.invoice.issue_date) <= 90`},
	{ID: "vat_matches_iban", Predicate: `vat_country(fields.invoice.vendor_tax_id) == iban_country(fields.invoice.iban)`},
	{ID: "payable", Predicate: `rules.iban_and_total == "true" && rules.lines_sum == "true"`,
		Parents: []api.RuleParent{{Kind: api.ParentRule, Rule: "iban_and_total"}, {Kind: api.ParentRule, Rule: "lines_sum"}}},
	{ID: "kyc", Predicate: "The seller is a registered company."},
}

func rulesRequest(t *testing.T, path string) *api.ExtractRequest {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	on := true
	return &api.ExtractRequest{Files: []api.FileInput{{Filename: "inv.xml", Data: data}}, Rules: docRules,
		Options: &api.Options{Stages: &api.StageToggles{RuleEngine: &on}}}
}

// With no LLM, CEL rules decide from the fields and validators of a real
// invoice, the trace says success, and the prose rule says it was skipped.
func TestRulesDecideOnARealInvoice(t *testing.T) {
	t.Parallel()
	req := rulesRequest(t, xrechnungInvoice)
	if err := Check(req); err != nil {
		t.Fatalf("the doc examples must pass the request check: %v", err)
	}
	for _, c := range []struct {
		now    time.Time
		recent string
	}{{time.Date(2016, 5, 1, 9, 0, 0, 0, time.UTC), "true"}, {time.Date(2016, 8, 1, 9, 0, 0, 0, time.UTC), "false"}} {
		e := newEngine(t)
		e.now = func() time.Time { return c.now }
		res, err := e.Run(context.Background(), "ext_rules", req)
		if err != nil {
			t.Fatal(err)
		}
		if st := traceStatus(res)[StageRules]; st != api.TraceSuccess {
			t.Fatalf("rules stage %s", st)
		}
		want := map[string]string{"iban_and_total": "true", "lines_sum": "true", "recent": c.recent, "vat_matches_iban": "true", "payable": "true", "kyc": ""}
		if len(res.RuleResults) != len(want) {
			t.Fatalf("%d results", len(res.RuleResults))
		}
		for _, r := range res.RuleResults {
			if r.Output != want[r.RuleID] {
				t.Errorf("%s: output %q, want %q (%s; %q)", r.RuleID, r.Output, want[r.RuleID], r.Summary, r.Notes)
			}
		}
		kyc := res.RuleResults[5]
		if !strings.Contains(kyc.Summary, "natural language") || len(kyc.Notes) != 1 || !strings.Contains(kyc.Notes[0], noLLM) {
			t.Errorf("kyc: %+v", kyc)
		}
		if s := res.RuleResults[1].Summary; !strings.Contains(s, "fields.invoice.subtotal = 314.86") {
			t.Errorf("lines_sum summary %q does not name the deciding values", s)
		}
		body, _ := json.Marshal(res)
		wiretest.Validate(t, "ExtractionResult", body)
	}
}

// A CEL predicate that does not check is refused before the run, with its
// path; prose passes with a warning.
func TestVerdictChecksPredicates(t *testing.T) {
	t.Parallel()
	req := &api.ExtractRequest{Files: []api.FileInput{{Filename: "a.pdf"}}, Rules: []api.RuleSpec{
		{ID: "ok", Predicate: "fields.invoice.total_amount > 0"},
		{ID: "typo", Predicate: "fields.invoice.total_amout > 0"},
		{ID: "prose", Predicate: "The total is positive."},
	}}
	errs, rep := Verdict(req)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if rep.OK || rep.ErrorCount != 1 || rep.Errors[0].Path != "rules[1].predicate" || !strings.Contains(rep.Errors[0].Message, "fields.invoice.total_amout is not declared") {
		t.Fatalf("errors %+v", rep.Errors)
	}
	if rep.WarningCount != 1 || rep.Warnings[0].Path != "rules[2].predicate" || !strings.Contains(rep.Warnings[0].Message, "until an LLM is configured") {
		t.Fatalf("warnings %+v", rep.Warnings)
	}
	if err := Check(req); err == nil {
		t.Fatal("Check let a predicate that does not check through")
	}
	// A cycle is still refused at submit, whatever the predicates are.
	cyc := &api.ExtractRequest{Files: []api.FileInput{{Filename: "a.pdf"}}, Rules: []api.RuleSpec{
		{ID: "a", Predicate: `rules.b == "true"`, Parents: []api.RuleParent{{Kind: api.ParentRule, Rule: "b"}}},
		{ID: "b", Predicate: `rules.a == "true"`, Parents: []api.RuleParent{{Kind: api.ParentRule, Rule: "a"}}},
	}}
	if _, rep := Verdict(cyc); rep.OK || rep.Errors[0].Code != "rule_cycle" {
		t.Fatalf("cycle: %+v", rep)
	}
}
