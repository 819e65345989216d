// Package pipeline is the orchestrator: it runs one request's files
// through the stages of the reference (load ... assemble) over one Run
// state. Every stage has a name, a toggle, a time limit and a trace entry;
// a failing stage after load is recorded in pipeline.errors and the run
// goes on with status "partial". Only load errors fail the request.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/obs"
)

// StageObserver receives each stage's outcome (metrics).
type StageObserver interface {
	ObserveStage(stage, status string, d time.Duration)
}

// Engine runs pipelines. It is safe for concurrent use.
type Engine struct {
	Loader   *ingest.Loader
	Observer StageObserver // may be nil
	// PIIKey is the service secret each workspace's hash masking key
	// derives from (pii.WorkspaceKey).
	PIIKey []byte
	// RedactDPI is the resolution of options.pii.redact's pages
	// (QUARRY_REDACT_DPI); 0 means redact.DefaultDPI.
	RedactDPI int
	// LLM calls language models when one is configured (nil = none): the
	// stages that need one say skipped with the reason otherwise.
	LLM *llm.Client
	// Vision bounds the page images sent to a vision model.
	Vision VisionLimits
	// ClientFor, when set, picks the client of the run's workspace from
	// its context (a workspace's own model settings); nil from it, or no
	// hook, means LLM. Consulted once per Run.
	ClientFor func(ctx context.Context) *llm.Client
	// caps is what the engine can do; the loader reads with caps.Tools.
	caps Capabilities
	// stages defaults to Stages(); tests swap single stages.
	stages []Stage
	now    func() time.Time
}

// New returns an engine that reads files within limits and does what caps
// says it can.
func New(limits ingest.Limits, caps Capabilities) *Engine {
	caps.OCRLanguages = slices.Clone(caps.OCRLanguages)
	return &Engine{Loader: ingest.NewLoader(limits, caps.Tools), caps: caps, stages: Stages(), now: time.Now}
}

// Stage is one pipeline node.
type Stage struct {
	Name    string
	Timeout time.Duration
	// Toggle names the options.stages switch; "" means always on.
	Toggle string
	// Fatal stages fail the request instead of landing in pipeline.errors.
	Fatal bool
	// Run does the work. It returns a non-empty skip reason when the stage
	// has nothing to do (the trace says "skipped" and why).
	Run func(e *Engine, ctx context.Context, r *Run) (skip string, err error)
}

// Error codes of pipeline.errors entries.
const (
	CodeStageFailed  = "stage_failed"
	CodeStageTimeout = "stage_timeout"
	CodeStagePanic   = "stage_panic"
	// CodeLLMFailed is a model call that failed; the deterministic result
	// it would have added to stands.
	CodeLLMFailed = "llm_failed"
)

// Run executes the pipeline for req under id. The returned error is a
// *problem.Problem for refused input, or the context's error when the
// caller's deadline passed.
func (e *Engine) Run(ctx context.Context, id string, req *api.ExtractRequest) (*api.ExtractionResult, error) {
	start := e.now()
	r := &Run{ID: id, Req: req, Options: req.Options}
	if r.Options == nil {
		r.Options = &api.Options{}
	}
	log := obs.Logger(ctx).With("extraction_id", id)
	r.llm = e.pickClient(ctx)
	ctx = e.withMeter(ctx, r)
	for _, st := range e.stages {
		entry, err := e.runStage(ctx, st, r)
		e.record(r, entry)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if st.Fatal {
				return nil, err
			}
			code := CodeStageFailed
			if errors.Is(err, context.DeadlineExceeded) {
				code = CodeStageTimeout
			} else if errors.Is(err, errPanic) {
				code = CodeStagePanic
			}
			r.Errors = append(r.Errors, api.PipelineError{Node: st.Name, Code: code, Message: err.Error()})
			log.Warn("stage failed", "stage", st.Name, "code", code, "err", err)
		}
	}
	res := e.assemble(r)
	res.Pipeline.LatencyMS = e.now().Sub(start).Milliseconds() // whole ms: the contract types it as an integer
	res.Pipeline.Trace = r.Trace
	log.Info("pipeline finished", "status", res.Status, "files", len(res.Files), "latency_ms", res.Pipeline.LatencyMS)
	return res, nil
}

var errPanic = errors.New("stage panicked")

// assemble builds the result after every other stage, whichever of them
// ran: it is what Run returns, so it is not a swappable stage. Its trace
// entry reads like any successful stage's.
func (e *Engine) assemble(r *Run) *api.ExtractionResult {
	entry := api.TraceEntry{Node: StageAssemble, Status: api.TraceSuccess, StartedAt: e.now().UTC()}
	res := assemble(r)
	if u := r.usage(); u != nil {
		res.Pipeline.Usage = u
		res.Pipeline.Model = e.model(r)
	}
	entry.CompletedAt = e.now().UTC()
	entry.LatencyMS = ms(entry.CompletedAt.Sub(entry.StartedAt))
	e.record(r, entry)
	return res
}

// record appends a stage's trace entry and reports it to the observer.
func (e *Engine) record(r *Run, entry api.TraceEntry) {
	r.Trace = append(r.Trace, entry)
	if e.Observer != nil {
		e.Observer.ObserveStage(entry.Node, entry.Status, entry.CompletedAt.Sub(entry.StartedAt))
	}
}

func (e *Engine) runStage(ctx context.Context, st Stage, r *Run) (entry api.TraceEntry, err error) {
	entry = api.TraceEntry{Node: st.Name, StartedAt: e.now().UTC()}
	defer func() {
		entry.CompletedAt = e.now().UTC()
		entry.LatencyMS = ms(entry.CompletedAt.Sub(entry.StartedAt))
	}()
	if st.Toggle != "" && !r.Options.Enabled(st.Toggle) {
		entry.Status, entry.Reason = api.TraceSkipped, "disabled by options.stages."+st.Toggle
		return entry, nil
	}
	limit := StageLimit(st, Budget(ctx), r.pages())
	sctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	skip, err := e.protect(sctx, st, r)
	if err == nil && sctx.Err() != nil && ctx.Err() == nil {
		err = fmt.Errorf("%s exceeded its %s time limit: %w", st.Name, limit, context.DeadlineExceeded)
	}
	switch {
	case err != nil:
		entry.Status, entry.Reason = api.TraceFailed, err.Error()
	case skip != "":
		entry.Status, entry.Reason = api.TraceSkipped, skip
	default:
		entry.Status = api.TraceSuccess
	}
	return entry, err
}

// protect turns a stage panic into a stage failure: one bad document must
// never take the process down.
func (e *Engine) protect(ctx context.Context, st Stage, r *Run) (skip string, err error) {
	defer func() {
		if p := recover(); p != nil {
			obs.Logger(ctx).Error("stage panic", "stage", st.Name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			skip, err = "", fmt.Errorf("%w: %v", errPanic, p)
		}
	}()
	return st.Run(e, ctx, r)
}

func ms(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}
