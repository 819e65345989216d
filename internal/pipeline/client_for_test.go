package pipeline

import (
	"context"
	"testing"

	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
	"github.com/quarrydev/quarry/internal/llm/openai"
	"github.com/quarrydev/quarry/internal/tenant"
)

// A workspace with its own client gets it; another workspace, without
// one, keeps the engine's (none here), so only the first calls a model.
func TestClientForPicksTheWorkspacesClient(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.OpenAIChat(`{"main.server_on_duty":"Maria Lopez","main.loyalty_tier":null}`, 100, 5, 0))
	own := llm.NewClient(llm.Config{Model: "openai:gpt-4o-mini"})
	own.Register("openai", openai.New(openai.Config{BaseURL: srv.URL + "/v1", MaxRetries: -1}))

	e := New(ingest.DefaultLimits(), Capabilities{Tools: ingest.FindEngines()})
	asked := map[string]int{}
	e.ClientFor = func(ctx context.Context) *llm.Client {
		ws := tenant.WorkspaceID(ctx)
		asked[ws]++
		if ws == "acme" {
			return own
		}
		return nil
	}
	run := func(ws string) {
		ctx := tenant.With(context.Background(), tenant.Principal{WorkspaceID: ws})
		res, err := e.Run(ctx, "ext_"+ws, llmRequest(t))
		if err != nil {
			t.Fatal(err)
		}
		if ws == "acme" && (res.Pipeline.Usage == nil || res.Pipeline.Model != "openai:gpt-4o-mini") {
			t.Fatalf("acme's run has no usage of its model: %+v", res.Pipeline)
		}
		if ws == "globex" && res.Pipeline.Usage != nil {
			t.Fatalf("globex's run used a model: %+v", res.Pipeline.Usage)
		}
		if f := resultField(res, "server_on_duty"); ws == "acme" && (f == nil || f.Value != "Maria Lopez") {
			t.Fatalf("acme's model answer did not land: %+v", f)
		}
	}
	run("acme")
	run("globex")
	if n := len(srv.Requests()); n != 1 {
		t.Fatalf("%d model calls, want acme's one", n)
	}
	if asked["acme"] != 1 || asked["globex"] != 1 {
		t.Fatalf("hook consulted %v, want once per run", asked)
	}
}
