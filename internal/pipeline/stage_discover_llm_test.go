package pipeline

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/api/wiretest"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
)

// receiptBatch is an invoice, its payment receipt and another invoice.
// The splitter cuts before the receipt with a score just over its
// threshold (a close call) and before the second invoice clearly.
func receiptBatch() *api.ExtractRequest {
	data, _ := fixture.TextPDF([][]string{
		{"Invoice INV-1 from Acme Trading Ltd", "Total 10,00 EUR"},
		{"Payment receipt R-77", "Paid 10,00 EUR"},
		{"Invoice INV-9 from Beta Supplies GmbH", "Total 99,00 EUR"},
	})
	return &api.ExtractRequest{Files: []api.FileInput{{Filename: "batch.pdf", Data: data}}, Options: splitterOn()}
}

func isSplitterCall(rec llmtest.Recorded) bool {
	return strings.Contains(string(rec.Raw), "starts a new document")
}

func TestModelReviewsOnlyTheSplittersCloseCalls(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, func(rec llmtest.Recorded) llmtest.Reply {
		if isSplitterCall(rec) {
			return llmtest.OpenAIChat(`{"new_document":false,"reasoning":"The receipt pays INV-1 and belongs with it."}`, 400, 20, 0)
		}
		return llmtest.OpenAIChat(`{}`, 10, 2, 0)
	})
	res, err := llmEngine(t, srv).Run(context.Background(), "ext_split_review", receiptBatch())
	if err != nil {
		t.Fatal(err)
	}
	var calls []string
	for _, rec := range srv.Requests() {
		if isSplitterCall(rec) {
			calls = append(calls, string(rec.Raw))
		}
	}
	if len(calls) != 1 || !strings.Contains(calls[0], "Does page 2 start a new document?") {
		t.Fatalf("%d splitter calls: %v", len(calls), calls)
	}
	if len(res.Documents) != 2 || !slices.Equal(res.Documents[0].Pages, []int{1, 2}) || !slices.Equal(res.Documents[1].Pages, []int{3}) {
		t.Fatalf("documents %+v", res.Documents)
	}
	if n := res.Documents[0].Notes; n == nil || !strings.Contains(*n, "belongs with it") {
		t.Fatalf("notes %v", n)
	}
	if u := res.Pipeline.Usage; u == nil || u.ByAgent[llm.AgentSplitter].TotalTokens != 420 {
		t.Fatalf("usage %+v", res.Pipeline.Usage)
	}
	body, _ := json.Marshal(res)
	wiretest.Validate(t, "ExtractionResult", body)
}

// A failing model keeps the splitter's cuts and says so.
func TestFailedBoundaryReviewKeepsTheSplit(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, func(rec llmtest.Recorded) llmtest.Reply {
		if isSplitterCall(rec) {
			return llmtest.Error(500, "down", nil)
		}
		return llmtest.OpenAIChat(`{}`, 10, 2, 0)
	})
	res, err := llmEngine(t, srv).Run(context.Background(), "ext_split_review_down", receiptBatch())
	if err != nil {
		t.Fatal(err)
	}
	plain, err := newEngine(t).Run(context.Background(), "ext_split_plain", receiptBatch())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Documents) != 3 || len(plain.Documents) != 3 {
		t.Fatalf("%d documents with a failed review, %d without a model", len(res.Documents), len(plain.Documents))
	}
	failed := 0
	for _, pe := range res.Pipeline.Errors {
		if pe.Node == StageDiscover && pe.Code == CodeLLMFailed {
			failed++
		}
	}
	if failed != 1 {
		t.Fatalf("errors %+v", res.Pipeline.Errors)
	}
}
