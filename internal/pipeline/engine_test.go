package pipeline

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/problem"
)

func newEngine(t *testing.T) *Engine {
	t.Helper()
	return New(ingest.DefaultLimits(), Capabilities{Tools: ingest.FindEngines()})
}

func pdfRequest(t *testing.T) *api.ExtractRequest {
	data, _ := fixture.TextPDF([][]string{
		{"Invoice INV-1 from Acme Trading Ltd", "Issue date 15 May 2025", "Total 10,00 EUR"},
		{"Second page with the terms and conditions of payment"},
	})
	return &api.ExtractRequest{Files: []api.FileInput{{Filename: "inv.pdf", Data: data}}}
}

func traceStatus(res *api.ExtractionResult) map[string]string {
	m := map[string]string{}
	for _, e := range res.Pipeline.Trace {
		m[e.Node] = e.Status
	}
	return m
}

func TestRunTextPDFEndToEnd(t *testing.T) {
	t.Parallel()
	res, err := newEngine(t).Run(context.Background(), "ext_test", pdfRequest(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.ID != "ext_test" || res.Status != api.StatusSuccess {
		t.Fatalf("id/status = %s/%s", res.ID, res.Status)
	}
	if len(res.Files) != 1 || res.Files[0].PageCount != 2 || res.Files[0].MediaType != "application/pdf" || res.Files[0].TextSource != "pdf_text" {
		t.Fatalf("files = %+v", res.Files)
	}
	var names []string
	for _, e := range res.Pipeline.Trace {
		names = append(names, e.Node)
		if e.Status != api.TraceSuccess && e.Status != api.TraceSkipped {
			t.Errorf("stage %s status %s", e.Node, e.Status)
		}
		if e.Status == api.TraceSkipped && e.Reason == "" {
			t.Errorf("stage %s skipped without a reason", e.Node)
		}
		if e.CompletedAt.Before(e.StartedAt) {
			t.Errorf("stage %s ends before it starts", e.Node)
		}
	}
	want := []string{"load", "discover", "classify", "plan_tasks", "extract", "bbox_validation", "bbox_refine",
		"field_validation", "visual_authenticity", "content_authenticity", "judge", "judge_escalation",
		"transform", "rules", "pii", "quality", "assemble"}
	if len(names) != len(want) {
		t.Fatalf("trace = %v", names)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("trace[%d] = %s, want %s (%v)", i, names[i], want[i], names)
		}
	}
	st := traceStatus(res)
	if st["load"] != api.TraceSuccess || st["judge"] != api.TraceSkipped || st["discover"] != api.TraceSkipped {
		t.Fatalf("statuses = %v", st)
	}
	if res.Documents == nil || res.DiscoveredDocuments == nil || res.RuleResults == nil || res.Pipeline.Errors == nil {
		t.Fatal("lists must be [] not null")
	}
}

func TestLLMStagesSkipWithReasonWhenEnabled(t *testing.T) {
	t.Parallel()
	req := pdfRequest(t)
	on := true
	req.Options = &api.Options{Stages: &api.StageToggles{Judge: &on, VisualAuthenticity: &on}}
	res, err := newEngine(t).Run(context.Background(), "ext_x", req)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Pipeline.Trace {
		// The judge is deterministic: switched on, it runs without an LLM.
		if e.Node == "judge" && e.Status != api.TraceSuccess {
			t.Fatalf("%s = %s (%s)", e.Node, e.Status, e.Reason)
		}
		// Visual checks need no LLM; with none declared there is nothing to look for.
		if e.Node == "visual_authenticity" && (e.Status != api.TraceSkipped || !strings.Contains(e.Reason, "no visual_checks")) {
			t.Fatalf("%s = %s (%s)", e.Node, e.Status, e.Reason)
		}
	}
}

func TestFailingStageMakesPartial(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		run  func(*Engine, context.Context, *Run) (string, error)
		code string
	}{
		{"Error", func(*Engine, context.Context, *Run) (string, error) { return "", errors.New("broken") }, CodeStageFailed},
		{"Panic", func(*Engine, context.Context, *Run) (string, error) { panic("boom") }, CodeStagePanic},
		{"Timeout", func(_ *Engine, ctx context.Context, _ *Run) (string, error) {
			<-ctx.Done()
			return "", ctx.Err()
		}, CodeStageTimeout},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEngine(t)
			for i := range e.stages {
				if e.stages[i].Name == StageQuality {
					e.stages[i].Run = c.run
					e.stages[i].Timeout = 50 * time.Millisecond
				}
			}
			res, err := e.Run(context.Background(), "ext_p", pdfRequest(t))
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != api.StatusPartial || len(res.Pipeline.Errors) != 1 {
				t.Fatalf("status %s errors %+v", res.Status, res.Pipeline.Errors)
			}
			pe := res.Pipeline.Errors[0]
			if pe.Node != StageQuality || pe.Code != c.code {
				t.Fatalf("error = %+v, want code %s", pe, c.code)
			}
			if traceStatus(res)[StageQuality] != api.TraceFailed || traceStatus(res)[StageAssemble] != api.TraceSuccess {
				t.Fatalf("trace = %v", traceStatus(res))
			}
		})
	}
}

func TestLoadErrorFailsRequest(t *testing.T) {
	t.Parallel()
	req := &api.ExtractRequest{Files: []api.FileInput{{Filename: "x.bin", Data: []byte{0, 1, 2, 3, 0xff, 0xfe}}}}
	_, err := newEngine(t).Run(context.Background(), "ext_e", req)
	if p, ok := problem.As(err); !ok || p.Code != problem.UnsupportedFile {
		t.Fatalf("err = %v", err)
	}
}

func TestCallerDeadlineAborts(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	for i := range e.stages {
		if e.stages[i].Name == StageExtract {
			e.stages[i].Run = func(_ *Engine, ctx context.Context, _ *Run) (string, error) {
				<-ctx.Done()
				return "", ctx.Err()
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := e.Run(ctx, "ext_t", pdfRequest(t)); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
}

func TestPinsAndUnmatched(t *testing.T) {
	t.Parallel()
	req := pdfRequest(t)
	txt := api.FileInput{Filename: "b.txt", Data: []byte("hello there friend")}
	req.Files = append(req.Files, txt)
	req.Files[0].ExpectedType = "invoice"
	req.DocumentTypes = []api.DocumentTypeSpec{
		{ID: "invoice", FieldGroups: []api.FieldGroup{{Name: "g", Fields: []api.Field{{Name: "total"}}}}},
		{ID: "receipt", FieldGroups: []api.FieldGroup{{Name: "g", Fields: []api.Field{{Name: "total"}}}}},
	}
	res, err := newEngine(t).Run(context.Background(), "ext_pin", req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Files[0].MatchedType == nil || *res.Files[0].MatchedType != "invoice" || res.Files[0].Classification != nil {
		t.Fatalf("pinned file = %+v", res.Files[0])
	}
	if len(res.Documents) < 1 || res.Documents[0].Type != "invoice" || res.Documents[0].SourceFile != "inv.pdf" ||
		len(res.Documents[0].Pages) != 2 {
		t.Fatalf("documents = %+v", res.Documents)
	}
}

func TestBundleFanOutAndSkippedMembers(t *testing.T) {
	t.Parallel()
	zipped := fixture.Zip(
		[2]string{"invoice.txt", "Invoice INV-7 total 12,00 EUR payable within thirty days"},
		[2]string{"notes.md", "# Notes\n\nDelivery expected next week at the main warehouse."},
		[2]string{"blob.bin", string([]byte{0, 1, 2, 3, 0xff, 0xfe, 9})},
	)
	res, err := newEngine(t).Run(context.Background(), "ext_zip", &api.ExtractRequest{
		Files: []api.FileInput{{Filename: "pack.zip", Data: zipped}},
	})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	var skipped []api.SkippedMember
	for _, f := range res.Files {
		names[f.Filename] = true
		skipped = append(skipped, f.SkippedMembers...)
	}
	if !names["pack.zip/invoice.txt"] || !names["pack.zip/notes.md"] || len(res.Files) != 2 {
		t.Fatalf("files = %v", names)
	}
	if len(skipped) != 1 || skipped[0].Filename != "pack.zip/blob.bin" || skipped[0].Code != "unsupported_file" {
		t.Fatalf("skipped = %+v", skipped)
	}
}

func TestPinsHoldWithClassifierOff(t *testing.T) {
	t.Parallel()
	off := false
	spec := func(id string) api.DocumentTypeSpec {
		return api.DocumentTypeSpec{ID: id, FieldGroups: []api.FieldGroup{{Name: "g", Fields: []api.Field{{Name: "total"}}}}}
	}
	req := pdfRequest(t)
	req.Files[0].ExpectedType = "receipt"
	req.DocumentTypes = []api.DocumentTypeSpec{spec("invoice"), spec("receipt")}
	req.Options = &api.Options{Stages: &api.StageToggles{Classifier: &off}}
	res, err := newEngine(t).Run(context.Background(), "ext_off", req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Documents) != 1 || res.Documents[0].Type != "receipt" || len(res.DiscoveredDocuments) != 0 {
		t.Fatalf("documents %+v discovered %+v", res.Documents, res.DiscoveredDocuments)
	}
	if mt := res.Files[0].MatchedType; mt == nil || *mt != "receipt" || res.Files[0].Classification != nil {
		t.Fatalf("file = %+v", res.Files[0])
	}
}

// TestAssembleRunsWithoutItsStage: the result is built after the stage
// loop whatever the loop holds, so a pipeline cut down to load still
// answers, with assemble last in the trace.
func TestAssembleRunsWithoutItsStage(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.stages = e.stages[:1] // load only
	res, err := e.Run(context.Background(), "ext_cut", pdfRequest(t))
	if err != nil {
		t.Fatal(err)
	}
	if res == nil || res.ID != "ext_cut" || len(res.Files) != 1 || res.Status != api.StatusSuccess {
		t.Fatalf("result = %+v", res)
	}
	tr := res.Pipeline.Trace
	if len(tr) != 2 || tr[0].Node != StageLoad || tr[1].Node != StageAssemble || tr[1].Status != api.TraceSuccess ||
		tr[1].Reason != "" || tr[1].CompletedAt.Before(tr[1].StartedAt) {
		t.Fatalf("trace = %+v", tr)
	}
}

// fieldsByName flattens a document's top-level fields by name.
func fieldsByName(d api.Document) map[string]api.ExtractedField {
	got := map[string]api.ExtractedField{}
	for _, g := range d.FieldGroups {
		for _, f := range g.Fields {
			got[f.Name] = f
		}
	}
	return got
}
