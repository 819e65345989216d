package pipeline

import (
	"context"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/problem"
)

// TestLLMStagesReadCapabilities: every stage that needs an LLM takes its
// skip reason from the engine's capabilities.
func TestLLMStagesReadCapabilities(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, llm, reason string
	}{
		{"NoModel", "", noLLM},
		{"ModelWithoutClient", "some-model", noLLMClient},
	}
	// The judge is deterministic (docs/judge.md) and needs no LLM; its
	// escalation does, and says so after the fail rate it reports. The
	// authenticity stages run without one too (internal/forensics).
	llmStages := []string{StageTransform, StageRules}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := New(ingest.DefaultLimits(), Capabilities{LLM: c.llm, Tools: ingest.FindEngines()})
			on := true
			req := pdfRequest(t)
			req.Rules = []api.RuleSpec{{ID: "r1", Predicate: "the total is positive"}}
			req.Options = &api.Options{
				Transformations: []api.Transformation{{Type: "llm", TargetGroup: "g"}},
				Stages: &api.StageToggles{Splitter: &on, VisualAuthenticity: &on, ContentAuthenticity: &on, Judge: &on, JudgeEscalation: &on,
					Transform: &on, RuleEngine: &on},
			}
			res, err := e.Run(context.Background(), "ext_caps", req)
			if err != nil {
				t.Fatal(err)
			}
			reasons := map[string]string{}
			for _, en := range res.Pipeline.Trace {
				if en.Status == api.TraceSkipped {
					reasons[en.Node] = en.Reason
				}
			}
			for _, st := range llmStages {
				if reasons[st] != c.reason {
					t.Errorf("%s skipped with %q, want %q", st, reasons[st], c.reason)
				}
			}
			if st := traceStatus(res); st[StageJudge] != api.TraceSuccess {
				t.Errorf("judge = %s, want success without an LLM", st[StageJudge])
			}
			if r := reasons[StageJudgeEscalation]; !strings.HasSuffix(r, "a second judge "+c.reason) || !strings.Contains(r, "judge fail rate") {
				t.Errorf("judge_escalation skipped with %q", r)
			}
			if got := e.Capabilities().LLM; got != c.llm {
				t.Errorf("Capabilities().LLM = %q", got)
			}
		})
	}
}

// TestToolsComeFromCapabilities: the loader reads with the tools the
// engine was built with, and the engine keeps its own copy of them.
func TestToolsComeFromCapabilities(t *testing.T) {
	t.Parallel()
	langs := []string{"eng", "tur"}
	e := New(ingest.DefaultLimits(), Capabilities{OCRLanguages: langs})
	langs[0] = "xxx"
	got := e.Capabilities()
	got.OCRLanguages[1] = "yyy"
	if ol := e.Capabilities().OCRLanguages; len(ol) != 2 || ol[0] != "eng" || ol[1] != "tur" {
		t.Fatalf("OCR languages changed through a caller's slice: %q", ol)
	}
	if e.Loader.Env.Engines != (ingest.Engines{}) {
		t.Fatalf("loader tools = %+v, want none", e.Loader.Env.Engines)
	}
	// No Tesseract in the capabilities: an image cannot be read, whatever
	// is installed on this machine.
	img, _ := fixture.ScanImage([]string{"Invoice 42"}, fixture.ScanOptions{})
	_, err := e.Run(context.Background(), "ext_img", &api.ExtractRequest{Files: []api.FileInput{{Filename: "a.png", Data: fixture.PNG(img)}}})
	if p, ok := problem.As(err); !ok || p.Code != problem.ImageConversionFailed {
		t.Fatalf("image without Tesseract: err = %v", err)
	}
}
