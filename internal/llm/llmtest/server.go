// Package llmtest stands in for LLM providers in tests: a local HTTP
// server that speaks the OpenAI Chat Completions / Embeddings and the
// Anthropic Messages wire formats, answers from a script, and records
// every request the official SDKs send so tests can check them.
package llmtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Reply is one scripted answer.
type Reply struct {
	Status int               // default 200
	Header map[string]string // e.g. Retry-After
	Body   string            // raw body; use the builders below
	Delay  time.Duration     // wait before answering (time-out tests)
}

// Recorded is one request as the server saw it.
type Recorded struct {
	Method, Path string
	Header       http.Header
	Body         map[string]any // decoded JSON body
	Raw          []byte
}

// Server is the stand-in provider.
type Server struct {
	URL string
	srv *httptest.Server

	mu       sync.Mutex
	script   []Reply
	fallback func(Recorded) Reply
	requests []Recorded
	inFlight int
	maxIn    int
}

// New starts a server closed with the test. fallback answers when the
// script is empty (nil = 500 "script exhausted").
func New(t testing.TB, fallback func(Recorded) Reply) *Server {
	s := &Server{fallback: fallback}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// Script queues replies, answered in order before the fallback.
func (s *Server) Script(r ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, r...)
}

// Requests returns what was received so far.
func (s *Server) Requests() []Recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Recorded(nil), s.requests...)
}

// MaxInFlight is the most requests the server held at once.
func (s *Server) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxIn
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	rec := Recorded{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Raw: raw}
	_ = json.Unmarshal(raw, &rec.Body)
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	s.inFlight++
	if s.inFlight > s.maxIn {
		s.maxIn = s.inFlight
	}
	var reply Reply
	switch {
	case len(s.script) > 0:
		reply, s.script = s.script[0], s.script[1:]
	case s.fallback != nil:
		reply = s.fallback(rec)
	default:
		reply = Reply{Status: 500, Body: `{"error":{"message":"llmtest: script exhausted"}}`}
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	if reply.Delay > 0 {
		select {
		case <-time.After(reply.Delay):
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	for k, v := range reply.Header {
		w.Header().Set(k, v)
	}
	if reply.Status == 0 {
		reply.Status = 200
	}
	w.WriteHeader(reply.Status)
	_, _ = io.WriteString(w, reply.Body)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// OpenAIChat is a chat completion answering content.
func OpenAIChat(content string, prompt, completion, cached int) Reply {
	return Reply{Body: mustJSON(map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion", "created": 1, "model": "test",
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": content}}},
		"usage": map[string]any{"prompt_tokens": prompt, "completion_tokens": completion,
			"total_tokens": prompt + completion, "prompt_tokens_details": map[string]any{"cached_tokens": cached}},
	})}
}

// OpenAIEmbeddings answers vectors in order.
func OpenAIEmbeddings(vectors [][]float64, prompt int) Reply {
	data := make([]any, len(vectors))
	for i, v := range vectors {
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": v}
	}
	return Reply{Body: mustJSON(map[string]any{"object": "list", "model": "test", "data": data,
		"usage": map[string]any{"prompt_tokens": prompt, "total_tokens": prompt}})}
}

// AnthropicUsage is the usage block of a Messages answer.
type AnthropicUsage struct{ Input, Output, CacheWrite, CacheRead int }

func (u AnthropicUsage) wire() map[string]any {
	return map[string]any{"input_tokens": u.Input, "output_tokens": u.Output,
		"cache_creation_input_tokens": u.CacheWrite, "cache_read_input_tokens": u.CacheRead}
}

// AnthropicToolUse is a Messages answer calling tool with input.
func AnthropicToolUse(tool string, input any, u AnthropicUsage) Reply {
	return Reply{Body: mustJSON(map[string]any{
		"id": "msg_test", "type": "message", "role": "assistant", "model": "test",
		"stop_reason": "tool_use", "usage": u.wire(),
		"content": []any{map[string]any{"type": "tool_use", "id": "toolu_1", "name": tool, "input": input}},
	})}
}

// AnthropicText is a plain text Messages answer.
func AnthropicText(text string, u AnthropicUsage) Reply {
	return Reply{Body: mustJSON(map[string]any{
		"id": "msg_test", "type": "message", "role": "assistant", "model": "test",
		"stop_reason": "end_turn", "usage": u.wire(),
		"content": []any{map[string]any{"type": "text", "text": text}},
	})}
}

// Error is an API error answer in the shape both families use.
func Error(status int, message string, header map[string]string) Reply {
	return Reply{Status: status, Header: header, Body: mustJSON(map[string]any{
		"type": "error", "error": map[string]any{"type": "api_error", "message": message}})}
}
