package judge

import (
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

func TestOnlyUncertainValuesAreCandidates(t *testing.T) {
	t.Parallel()
	verdict := func(status string) *api.Judgement { return &api.Judgement{Status: status} }
	rows := []api.ExtractedField{{Name: "line", Value: []api.ExtractedField{
		{Name: "amount", Value: 5.0, Judge: verdict(api.JudgeUncertain)},
		{Name: "qty", Value: 1.0, Judge: verdict(api.JudgePass)},
	}, Judge: verdict(api.JudgeUncertain)}}
	groups := []api.ExtractedGroup{{Name: "main", Fields: []api.ExtractedField{
		{Name: "number", Value: "A-1", Judge: verdict(api.JudgeUncertain)},
		{Name: "total", Value: 9.0, Judge: verdict(api.JudgeFail)},
		{Name: "empty", Judge: verdict(api.JudgeUncertain)},
		{Name: "lines", Value: rows, Judge: verdict(api.JudgeUncertain)},
	}}}
	spec := api.DocumentTypeSpec{FieldGroups: []api.FieldGroup{{Name: "main", Fields: []api.Field{
		{Name: "number", Description: "the number"},
		{Name: "lines", Type: api.TypeArray, Items: &api.Field{Type: api.TypeObject, Fields: []api.Field{{Name: "amount", Type: api.TypeNumber}}}},
	}}}}
	got := Uncertain(spec, groups)
	if len(got) != 2 || got[0].Path != "main.number" || got[0].Description != "the number" || got[1].Path != "main.lines[0].amount" {
		t.Fatalf("candidates %+v", got)
	}
	// A verdict on a field that is no longer uncertain is never written.
	groups[0].Fields[0].Judge = verdict(api.JudgePass)
	if applyVerdict(&judgement{}, got[0], modelVerdict{Field: "main.number", Status: api.JudgeFail, Confidence: 1, Evidence: "A-1 total"}, "a-1 total", "m") {
		t.Fatal("a model overturned a deterministic pass")
	}
	snap := Snapshot(got)
	Reset(got)
	if groups[0].Fields[0].Judge.Status != api.JudgeUncertain {
		t.Fatal("Reset did not restore the deterministic verdict")
	}
	Restore(got, snap)
	if groups[0].Fields[0].Judge.Status != api.JudgePass {
		t.Fatal("Restore did not put the snapshot back")
	}
}

func TestQuotesAreFoundAcrossCaseAndLineBreaks(t *testing.T) {
	t.Parallel()
	doc := foldText("Total\n 10,00   EUR\fPage 2")
	for q, want := range map[string]bool{"total 10,00 eur": true, "TOTAL  10,00\nEUR": true, "total 10.00 eur": false} {
		if got := len(foldText(q)) > 0 && strings.Contains(doc, foldText(q)); got != want {
			t.Errorf("%q found = %v", q, got)
		}
	}
}

func TestAPassMustNotContradictItsQuote(t *testing.T) {
	t.Parallel()
	doc := foldText("Invoice INV-1\nIssue date 15 May 2025\nTotal 10,00 EUR\nPaid in full")
	for _, c := range []struct {
		value    any
		quote    string
		taken    bool
		maxConf  float64
		noteHint string
	}{
		{10.0, "Total 10,00 EUR", true, 0.9, ""},
		{12.0, "Total 10,00 EUR", false, 0, "shows another value"},
		{"2025-05-15", "Issue date 15 May 2025", true, 0.9, ""},
		{"2025-05-16", "Issue date 15 May 2025", false, 0, "shows another value"},
		{true, "Paid in full", true, clearedConfidence, "does not show the value itself"},
		{10.0, strings.Repeat("Total 10,00 EUR ", 40), false, 0, "is not evidence"},
	} {
		f := &api.ExtractedField{Name: "x", Value: c.value, Judge: &api.Judgement{Status: api.JudgeUncertain}}
		cand := Candidate{Path: "main.x", Field: f, Deterministic: *f.Judge}
		got := applyVerdict(&judgement{}, cand, modelVerdict{Field: "main.x", Status: api.JudgePass, Confidence: 0.9, Evidence: c.quote}, doc, "m")
		if got != c.taken || (got && f.Judge.Confidence != c.maxConf) || !strings.Contains(deref(f.Judge.Notes), c.noteHint) {
			t.Errorf("%v quoting %q: taken %v, verdict %+v (%s)", c.value, c.quote, got, f.Judge, deref(f.Judge.Notes))
		}
	}
}
