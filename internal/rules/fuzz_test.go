package rules

import (
	"context"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

// FuzzPredicate: whatever the predicate, checking and evaluating it
// answers one result and never panics.
func FuzzPredicate(f *testing.F) {
	for _, s := range []string{exIBANAndTotal, exLinesSum, exRecentIssue, exVATMatchesIBAN, "The total is positive.",
		`fields.invoice.iban.matches("^DE[0-9]{2}")`, `date("2025-13-45") < now`, `sum([1, "a"]) > 0`, `rules.x == "true"`} {
		f.Add(s)
	}
	in := input(invoiceDoc(nil))
	f.Fuzz(func(t *testing.T, predicate string) {
		specs := []api.RuleSpec{rule("r", predicate)}
		_ = Check(specs, in.DocumentTypes)
		res, _, err := Evaluate(context.Background(), specs, in)
		if err != nil || len(res) != 1 || res[0].RuleID != "r" {
			t.Fatalf("%q: %v %+v", predicate, err, res)
		}
	})
}
