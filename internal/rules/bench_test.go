package rules

import (
	"context"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

// BenchmarkEvaluate decides the four documented examples on one invoice:
// the whole per-request cost (declaring the schema, compiling, running).
func BenchmarkEvaluate(b *testing.B) {
	specs := []api.RuleSpec{rule("a", exIBANAndTotal), rule("b", exLinesSum), rule("c", exRecentIssue), rule("d", exVATMatchesIBAN)}
	in := input(invoiceDoc(nil))
	for b.Loop() {
		res, counts, err := Evaluate(context.Background(), specs, in)
		if err != nil || counts.Decided != 4 || res[0].Output != "true" {
			b.Fatalf("%v %+v", err, counts)
		}
	}
}

// BenchmarkCheck is what the dry run adds to a request with rules.
func BenchmarkCheck(b *testing.B) {
	specs := []api.RuleSpec{rule("a", exIBANAndTotal), rule("b", exLinesSum), rule("c", exRecentIssue), rule("d", exVATMatchesIBAN)}
	types := []api.DocumentTypeSpec{invoiceType()}
	for b.Loop() {
		if issues := Check(specs, types); len(issues) != 0 {
			b.Fatal(issues)
		}
	}
}
