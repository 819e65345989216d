package rules

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

// recordingProse answers out for every question and keeps the questions.
func recordingProse(out string, err error, seen *[]ProseQuestion) ProseFunc {
	return func(_ context.Context, q ProseQuestion) (ProseAnswer, error) {
		*seen = append(*seen, q)
		return ProseAnswer{Output: out, Summary: "checked"}, err
	}
}

func TestProseRuleSeesOnlyItsDeclaredEvidence(t *testing.T) {
	t.Parallel()
	var seen []ProseQuestion
	in := input(invoiceDoc(nil))
	in.Prose = recordingProse("true", nil, &seen)
	specs := []api.RuleSpec{
		rule("positive", `fields.invoice.total_amount > 0`),
		rule("seller_ok", "The seller is a German company.",
			api.RuleParent{Kind: api.ParentField, DocumentType: "invoice", Fields: []string{"seller"}},
			api.RuleParent{Kind: api.ParentValidator, DocumentType: "invoice", Validator: "iban"},
			api.RuleParent{Kind: api.ParentRule, Rule: "positive"}),
		rule("both", `rules.seller_ok == "true"`, api.RuleParent{Kind: api.ParentRule, Rule: "seller_ok"}),
	}
	res, counts, err := Evaluate(context.Background(), specs, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 {
		t.Fatalf("%d prose questions, want 1 (CEL stays deterministic)", len(seen))
	}
	got := map[string]string{}
	for _, e := range seen[0].Evidence {
		got[e.Name] = e.Value
	}
	want := map[string]string{"rules.positive": `"true"`, "fields.invoice.seller.name": `"Nordlicht GmbH"`,
		"fields.invoice.seller.country": `"DE"`, "validators.invoice.iban": "true"}
	if len(got) != len(want) {
		t.Fatalf("evidence %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("evidence %s = %q, want %q", k, got[k], v)
		}
	}
	if res[1].Output != "true" || !strings.Contains(res[1].Summary, "language model gave true") || res[2].Output != "true" {
		t.Fatalf("results %+v", res)
	}
	if counts != (Counts{Decided: 3}) {
		t.Fatalf("counts %+v", counts)
	}
}

func TestProseAnswerOutsideValidOutputsIsRefused(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		out  string
		err  error
		note string
	}{
		{"undeclared output", "probably", nil, `output "probably" is not one of valid_outputs [true, false]`},
		{"failed call", "", errors.New("provider down"), "provider down"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var seen []ProseQuestion
			in := input(invoiceDoc(nil))
			in.Prose = recordingProse(c.out, c.err, &seen)
			specs := []api.RuleSpec{
				rule("kyc", "The seller is registered."),
				rule("after", `rules.kyc == "true"`, api.RuleParent{Kind: api.ParentRule, Rule: "kyc"}),
			}
			res, counts, err := Evaluate(context.Background(), specs, in)
			if err != nil {
				t.Fatal(err)
			}
			if res[0].Output != "" || !strings.Contains(strings.Join(res[0].Notes, "; "), c.note) || res[1].Output != "" {
				t.Fatalf("results %+v", res)
			}
			if counts != (Counts{NaturalLanguage: 1, Undecided: 1}) {
				t.Fatalf("counts %+v", counts)
			}
		})
	}
}
