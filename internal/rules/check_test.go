package rules

import (
	"os"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

func TestCheckReportsPredicatesWithTheirPath(t *testing.T) {
	t.Parallel()
	specs := []api.RuleSpec{
		rule("ok", exLinesSum),
		rule("prose", "Both DNI/NIE fields are populated AND fecha is populated."),
		rule("typo", `fields.invoice.totl > 0`),
		rule("types", `days_since(fields.invoice.total_amount) > "x"`),
		rule("parents", `rules.ok == "true"`),
		rule("empty", ""),
	}
	issues := Check(specs, []api.DocumentTypeSpec{invoiceType()})
	want := []struct{ severity, code, path, has string }{
		{"warning", CodePredicateNaturalLanguage, "rules[1].predicate", "skipped until an LLM is configured"},
		{"error", CodePredicateInvalid, "rules[2].predicate", "fields.invoice.totl is not declared"},
		{"error", CodePredicateInvalid, "rules[3].predicate", "no matching overload"},
		{"error", CodePredicateInvalid, "rules[4].predicate", `rule "ok" is not among the parents`},
	}
	if len(issues) != len(want) {
		t.Fatalf("%d issues: %+v", len(issues), issues)
	}
	for i, w := range want {
		is := issues[i]
		if is.Severity != w.severity || is.Code != w.code || is.Path != w.path || !strings.Contains(is.Message, w.has) {
			t.Errorf("issue %d = %+v, want %+v", i, is, w)
		}
	}
	if got := Check(nil, nil); got != nil {
		t.Fatalf("no rules: %v", got)
	}
}

// Names that cannot be CEL identifiers are left out rather than breaking
// the environment; the rest of the schema still checks.
func TestUnusableNamesAreNotDeclared(t *testing.T) {
	t.Parallel()
	dt := api.DocumentTypeSpec{ID: "kyc-form", FieldGroups: []api.FieldGroup{{Name: "g", Fields: []api.Field{{Name: "x"}}}}}
	other := api.DocumentTypeSpec{ID: "deed", FieldGroups: []api.FieldGroup{{Name: "g", Fields: []api.Field{{Name: "in"}, {Name: "total-amount"}, {Name: "fecha"}}}}}
	cat := newCatalogue([]api.DocumentTypeSpec{dt, other}, []api.RuleSpec{{ID: "bad-id"}, {ID: "good"}})
	var names []string
	for _, v := range cat.vars {
		names = append(names, v.name)
	}
	if got := strings.Join(names, " "); got != "now fields.deed.fecha rules.good" {
		t.Fatalf("declared %q", got)
	}
	if issues := Check([]api.RuleSpec{{ID: "r", Predicate: `has_value(fields.deed.fecha)`}}, []api.DocumentTypeSpec{dt, other}); len(issues) != 0 {
		t.Fatalf("%+v", issues)
	}
}

// docs/rules.md shows the four examples; they must be the ones tested
// here and in the pipeline, character for character.
func TestDocExamplesAreTheTestedOnes(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	_, examples, ok := strings.Cut(text, "## Examples")
	if !ok {
		t.Fatal("docs/rules.md has no Examples section")
	}
	for _, ex := range []string{exIBANAndTotal, exLinesSum, exRecentIssue, exVATMatchesIBAN} {
		if !strings.Contains(examples, "| `"+ex+"` |") {
			t.Errorf("docs/rules.md does not show %s", ex)
		}
	}
}
