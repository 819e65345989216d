package providers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
)

// The embeddings server answers each batch with vectors that encode the
// input's position in the batch, so order can be checked across batches.
func embedServer(t *testing.T) *llmtest.Server {
	return llmtest.New(t, func(r llmtest.Recorded) llmtest.Reply {
		in, _ := r.Body["input"].([]any)
		vecs := make([][]float64, len(in))
		for i, v := range in {
			var n float64
			_, _ = fmt.Sscanf(v.(string), "text %g", &n)
			vecs[i] = []float64{n, 1}
		}
		return llmtest.OpenAIEmbeddings(vecs, len(in)*2)
	})
}

func TestEmbedBatchesInOrderAndMeters(t *testing.T) {
	t.Parallel()
	srv := embedServer(t)
	c, err := New(Settings{EmbeddingModel: "vllm:bge-m3", Getenv: env(map[string]string{"QUARRY_VLLM_BASE_URL": srv.URL + "/v1"})})
	if err != nil {
		t.Fatal(err)
	}
	texts := make([]string, 2*llm.EmbedBatch+5)
	for i := range texts {
		texts[i] = fmt.Sprintf("text %d", i)
	}
	m := llm.NewMeter(nil)
	vecs, err := c.Embed(llm.WithMeter(context.Background(), m), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != len(texts) {
		t.Fatalf("%d vectors for %d texts", len(vecs), len(texts))
	}
	for i, v := range vecs {
		if v[0] != float32(i) {
			t.Fatalf("vector %d belongs to text %v: batches out of order", i, v[0])
		}
	}
	reqs := srv.Requests()
	if len(reqs) != 3 || reqs[0].Path != "/v1/embeddings" || reqs[0].Body["model"] != "bge-m3" {
		t.Fatalf("requests: %d, first %s %v", len(reqs), reqs[0].Path, reqs[0].Body["model"])
	}
	if n := len(reqs[0].Body["input"].([]any)); n != llm.EmbedBatch {
		t.Fatalf("first batch holds %d texts, want %d", n, llm.EmbedBatch)
	}
	s, ok := m.Summary()
	if !ok || s.Calls != 3 || s.ByAgent[llm.AgentEmbedder].InputTokens != int64(2*len(texts)) {
		t.Fatalf("meter: %+v", s)
	}
}

func TestEmbedRefusals(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.Error(401, "bad key", nil))
	none, _ := New(Settings{Model: "openai:gpt-4o"})
	if _, err := none.Embed(context.Background(), []string{"a"}); !errors.Is(err, llm.ErrNoEmbeddingModel) {
		t.Fatalf("no model: %v", err)
	}
	anth, _ := New(Settings{EmbeddingModel: "anthropic:claude-haiku-4-5"})
	if _, err := anth.Embed(context.Background(), []string{"a"}); err == nil || !strings.Contains(err.Error(), "no embeddings API") {
		t.Fatalf("anthropic: %v", err)
	}
	bad, _ := New(Settings{EmbeddingModel: "openai:text-embedding-3-small", Getenv: env(map[string]string{"QUARRY_OPENAI_BASE_URL": srv.URL + "/v1"})})
	if _, err := bad.Embed(context.Background(), []string{"a"}); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("401: %v", err)
	}
}
