package mcp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// backend carries a tool's call to Quarry's REST API with the caller's
// key: in-process through the server's own handler (quarry serve, quarry
// mcp on the local data folder) or over the network (quarry mcp --url).
// Either way auth, roles, workspace isolation, credits and plan rules
// are the REST routes' own, so a tool can do no more than its key can.
type backend struct {
	client *http.Client
	base   string // scheme://host, no trailing slash
}

// inProcess is a backend that serves every call with h, no network.
func inProcess(h http.Handler) *backend {
	return &backend{client: &http.Client{Transport: handlerTransport{h}}, base: "http://quarry.internal"}
}

// remote is a backend over HTTP to a running Quarry.
func remote(base string, c *http.Client) *backend {
	if c == nil {
		c = &http.Client{}
	}
	return &backend{client: c, base: strings.TrimRight(base, "/")}
}

// reply is one answer of the REST API, its body read up to a limit.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// callError is a REST error as a tool sees it: the HTTP status, the
// machine code (/v1 error.code or /api/v1 problem code) and the message.
type callError struct {
	Status  int
	Code    string
	Message string
}

func (e *callError) Error() string {
	if e.Code == "" {
		return fmt.Sprintf("HTTP %d: %s", e.Status, e.Message)
	}
	return fmt.Sprintf("%s (HTTP %d): %s", e.Code, e.Status, e.Message)
}

// errTooLarge is an answer past the tool's size limit.
var errTooLarge = errors.New("the answer is larger than this tool returns inline")

// do sends one request. body is JSON-encoded unless it is an io.Reader
// (then ctype names it). At most limit bytes of the answer are read.
func (b *backend) do(ctx context.Context, key, method, path string, body any, ctype string, limit int64) (*reply, error) {
	var rd io.Reader
	switch v := body.(type) {
	case nil:
	case io.Reader:
		rd = v
	default:
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		rd, ctype = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, b.base+path, rd)
	if err != nil {
		return nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Accept", "application/json")
	if key != "" {
		req.Header.Set("X-API-Key", key)
	}
	res, err := b.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errTooLarge
	}
	return &reply{status: res.StatusCode, header: res.Header, body: data}, nil
}

// jsonLimit bounds the JSON answers tools read; files have their own.
const jsonLimit = 32 << 20

// v1 calls a /v1 route and returns the envelope's data, or the
// envelope's error as a callError.
func (b *backend) v1(ctx context.Context, key, method, path string, body any) (json.RawMessage, error) {
	r, err := b.do(ctx, key, method, path, body, "", jsonLimit)
	if err != nil {
		return nil, err
	}
	return r.v1Data()
}

func (r *reply) v1Data() (json.RawMessage, error) {
	var env struct {
		Data  json.RawMessage `json:"data"`
		Error *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.body, &env); err != nil {
		return nil, &callError{Status: r.status, Message: "the answer is not JSON: " + snippet(r.body)}
	}
	if r.status >= 300 || env.Error != nil {
		e := &callError{Status: r.status}
		if env.Error != nil {
			e.Code, e.Message = env.Error.Code, env.Error.Message
		} else {
			e.Message = snippet(r.body)
		}
		return nil, e
	}
	return env.Data, nil
}

// api calls an /api/v1 route and returns its JSON body, or its RFC 7807
// problem as a callError.
func (b *backend) api(ctx context.Context, key, method, path string, body any) (json.RawMessage, error) {
	r, err := b.do(ctx, key, method, path, body, "", jsonLimit)
	if err != nil {
		return nil, err
	}
	if r.status >= 300 {
		return nil, r.problem()
	}
	return r.body, nil
}

// problem reads an /api/v1 error: title, detail and the field errors,
// which is what an agent needs to fix its arguments.
func (r *reply) problem() *callError {
	var p struct {
		Code       string `json:"code"`
		Title      string `json:"title"`
		Detail     string `json:"detail"`
		Extensions struct {
			Errors []struct {
				Path    string `json:"path"`
				Message string `json:"message"`
			} `json:"errors"`
		} `json:"extensions"`
	}
	if json.Unmarshal(r.body, &p) != nil {
		return &callError{Status: r.status, Message: snippet(r.body)}
	}
	msg := p.Detail
	if msg == "" {
		msg = p.Title
	}
	for _, f := range p.Extensions.Errors {
		msg += fmt.Sprintf("; %s: %s", f.Path, f.Message)
	}
	return &callError{Status: r.status, Code: p.Code, Message: msg}
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}

// handlerTransport is an http.RoundTripper that serves requests with a
// handler in this process. The answer streams through a pipe, so a large
// body is never held whole here and a reader that stops early (a size
// limit) ends the handler's writes instead of leaving it blocked.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	r := req.Clone(ctx)
	if r.Body == nil {
		r.Body = http.NoBody
	}
	r.RemoteAddr = "127.0.0.1:0" // the caller is this process
	r.RequestURI = r.URL.RequestURI()
	pr, pw := io.Pipe()
	w := &pipeWriter{header: http.Header{}, pw: pw, ready: make(chan struct{})}
	go func() {
		defer func() {
			if p := recover(); p != nil {
				w.WriteHeader(http.StatusInternalServerError)
				pw.CloseWithError(fmt.Errorf("handler panicked: %v", p))
				return
			}
			w.WriteHeader(http.StatusOK) // no-op when the handler wrote one
			pw.Close()
		}()
		t.h.ServeHTTP(w, r)
	}()
	select {
	case <-w.ready:
	case <-ctx.Done():
		pr.CloseWithError(ctx.Err())
		return nil, ctx.Err()
	}
	return &http.Response{StatusCode: w.status, Status: http.StatusText(w.status), Header: w.sent, Body: pr,
		ContentLength: -1, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Request: req}, nil
}

// pipeWriter is the ResponseWriter of an in-process call.
type pipeWriter struct {
	header http.Header
	sent   http.Header
	status int
	once   sync.Once
	ready  chan struct{}
	pw     *io.PipeWriter
}

func (w *pipeWriter) Header() http.Header { return w.header }

func (w *pipeWriter) WriteHeader(code int) {
	w.once.Do(func() {
		w.status, w.sent = code, w.header.Clone()
		close(w.ready)
	})
}

func (w *pipeWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.pw.Write(p)
}

// Flush is a no-op: every Write reaches the reader already.
func (w *pipeWriter) Flush() {}
