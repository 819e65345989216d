package openai_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
	"github.com/quarrydev/quarry/internal/llm/openai"
)

const invoiceSchema = `{"type":"object","properties":{"total":{"type":"number"},"vendor":{"type":"string"}},"required":["total"]}`

func client(srv *llmtest.Server, retries int, mut func(*llm.Config)) *llm.Client {
	cfg := llm.Config{Model: "openai:gpt-4o-mini"}
	if mut != nil {
		mut(&cfg)
	}
	c := llm.NewClient(cfg)
	c.Register("openai", openai.New(openai.Config{APIKey: "sk-test", BaseURL: srv.URL + "/v1", MaxRetries: retries}))
	return c
}

func TestStructuredAnswerAndTheRequestTheSDKSends(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.OpenAIChat(`{"total": 93.07, "vendor": "Gerbang Alaf"}`, 1200, 40, 1000))
	c := client(srv, 0, nil)
	meter := llm.NewMeter(nil)
	ctx := llm.WithMeter(context.Background(), meter)
	resp, err := c.Complete(ctx, llm.Request{
		Agent: llm.AgentExtractor, System: "Extract the fields.", Schema: []byte(invoiceSchema), SchemaName: "invoice",
		Messages:  []llm.Message{{Text: "TOTAL 93.07", Images: []llm.Image{{MediaType: "image/png", Data: []byte{0x89, 'P', 'N', 'G'}}}}},
		MaxTokens: 300,
	})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.JSON) != `{"total": 93.07, "vendor": "Gerbang Alaf"}` || resp.Model != "openai:gpt-4o-mini" {
		t.Fatalf("answer %s from %s", resp.JSON, resp.Model)
	}
	// OpenAI counts cache hits inside prompt_tokens; Quarry keeps them apart.
	if resp.Usage != (llm.Usage{InputTokens: 200, OutputTokens: 40, CacheReadTokens: 1000}) {
		t.Fatalf("usage %+v", resp.Usage)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/v1/chat/completions" || reqs[0].Header.Get("Authorization") != "Bearer sk-test" {
		t.Fatalf("requests %+v", reqs)
	}
	body := reqs[0].Body
	rf, _ := body["response_format"].(map[string]any)
	js, _ := rf["json_schema"].(map[string]any)
	if rf["type"] != "json_schema" || js["name"] != "invoice" || js["schema"] == nil {
		t.Fatalf("response_format %v", rf)
	}
	if body["model"] != "gpt-4o-mini" || body["max_tokens"] != float64(300) {
		t.Fatalf("model/max_tokens %v %v", body["model"], body["max_tokens"])
	}
	msgs, _ := body["messages"].([]any)
	if len(msgs) != 2 || !strings.Contains(string(reqs[0].Raw), "data:image/png;base64,iVBORw") {
		t.Fatalf("messages %s", reqs[0].Raw)
	}
	sum, ok := meter.Summary()
	if !ok || sum.Calls != 1 || sum.TotalInputTokens != 1200 || sum.ByAgent[llm.AgentExtractor].TotalTokens != 1240 {
		t.Fatalf("meter %+v", sum)
	}
	// gpt-4o-mini: 200 x 0.15 + 40 x 0.60 + 1000 x 0.075 per million.
	if want := (200*0.15 + 40*0.60 + 1000*0.075) / 1e6; abs(sum.TotalCostUSD-want) > 1e-12 || sum.Unpriced != 0 {
		t.Fatalf("cost %v, want %v", sum.TotalCostUSD, want)
	}
}

func TestRetriesHonourRetryAfterThenSucceed(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(
		llmtest.Error(429, "slow down", map[string]string{"Retry-After": "1"}),
		llmtest.Error(500, "boom", nil),
		llmtest.OpenAIChat("fine", 10, 2, 0),
	)
	c := client(srv, 2, nil)
	start := time.Now()
	resp, err := c.Complete(context.Background(), llm.Request{Agent: llm.AgentJudge, Messages: []llm.Message{{Text: "hi"}}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Text != "fine" || len(srv.Requests()) != 3 {
		t.Fatalf("text %q after %d requests", resp.Text, len(srv.Requests()))
	}
	if waited := time.Since(start); waited < 900*time.Millisecond {
		t.Fatalf("answered after %v: Retry-After: 1 was not honoured", waited)
	}
}

func TestErrorsAreClearAndBounded(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		reply llmtest.Reply
		want  string
	}{
		{"MalformedJSON", llmtest.Reply{Body: `{"choices": [ {"message": `}, ""},
		{"OffSchema", llmtest.OpenAIChat(`{"vendor": 5}`, 5, 5, 0), "does not match"},
		{"NotJSON", llmtest.OpenAIChat(`I think the total is 5`, 5, 5, 0), "not JSON"},
		{"BadRequest", llmtest.Error(400, "model not found", nil), "status 400: model not found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := llmtest.New(t, nil)
			srv.Script(tc.reply)
			c := client(srv, 0, nil)
			_, err := c.Complete(context.Background(), llm.Request{Schema: []byte(invoiceSchema), Messages: []llm.Message{{Text: "x"}}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestTimeOutStopsTheCall(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, func(llmtest.Recorded) llmtest.Reply {
		return llmtest.Reply{Delay: 5 * time.Second, Body: "{}"}
	})
	c := client(srv, 0, nil)
	start := time.Now()
	_, err := c.Complete(context.Background(), llm.Request{Timeout: 200 * time.Millisecond, Messages: []llm.Message{{Text: "x"}}})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Fatalf("err %v after %v", err, time.Since(start))
	}
}

func TestFallbackModelAnswersWhenThePrimaryFails(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.OpenAIChat(`not json`, 5, 5, 0), llmtest.OpenAIChat(`{"total": 1}`, 7, 3, 0))
	c := client(srv, 0, func(cfg *llm.Config) { cfg.FallbackModel = "openai:gpt-4o" })
	meter := llm.NewMeter(nil)
	resp, err := c.Complete(llm.WithMeter(context.Background(), meter), llm.Request{Agent: llm.AgentExtractor, Schema: []byte(invoiceSchema), Messages: []llm.Message{{Text: "x"}}})
	if err != nil || resp.Model != "openai:gpt-4o" {
		t.Fatalf("resp %+v err %v", resp, err)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 || reqs[1].Body["model"] != "gpt-4o" {
		t.Fatalf("second request %v", reqs)
	}
	// Both calls spent tokens; both are counted, each under its model.
	sum, _ := meter.Summary()
	if sum.Calls != 2 || sum.ByModel["openai:gpt-4o-mini"].TotalTokens != 10 || sum.ByModel["openai:gpt-4o"].TotalTokens != 10 {
		t.Fatalf("meter %+v", sum)
	}
}

func TestConcurrencyIsCappedPerProvider(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, func(llmtest.Recorded) llmtest.Reply {
		r := llmtest.OpenAIChat("ok", 1, 1, 0)
		r.Delay = 50 * time.Millisecond
		return r
	})
	c := client(srv, 0, func(cfg *llm.Config) { cfg.MaxConcurrent = 2 })
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := c.Complete(context.Background(), llm.Request{Messages: []llm.Message{{Text: "x"}}})
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := srv.MaxInFlight(); got != 2 {
		t.Fatalf("max in flight %d, want 2", got)
	}
}

func TestEmbeddings(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.OpenAIEmbeddings([][]float64{{0.1, 0.2}, {0.3, 0.4}}, 6))
	p := openai.New(openai.Config{BaseURL: srv.URL + "/v1"})
	vecs, u, err := p.Embed(context.Background(), "text-embedding-3-small", []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != 2 || vecs[1][1] != float32(0.4) || u.InputTokens != 6 {
		t.Fatalf("vectors %v usage %+v", vecs, u)
	}
	if got := srv.Requests()[0]; got.Path != "/v1/embeddings" || got.Body["model"] != "text-embedding-3-small" {
		t.Fatalf("request %+v", got)
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
