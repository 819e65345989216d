package pipeline

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/api/wiretest"
	"github.com/quarrydev/quarry/internal/quality"
)

// azureInvoice is a real third-party invoice (invoice2data's test set)
// whose text layer prints lines, subtotal, a 15 % tax and the total.
const azureInvoice = "../../../shared/corpus/invoices/AzureInterior.pdf"

func judgedRequest(t *testing.T, stages api.StageToggles, esc *api.EscalationConfig) *api.ExtractRequest {
	t.Helper()
	data, err := os.ReadFile(azureInvoice)
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return &api.ExtractRequest{Files: []api.FileInput{{Filename: "AzureInterior.pdf", Data: data}},
		Options: &api.Options{Stages: &stages, Escalation: esc}}
}

func on() *bool { b := true; return &b }

// judgeEngine returns an engine that can read PDFs; tamper, when given,
// runs on each loaded file's layout right after load.
func judgeEngine(t *testing.T, tamper func(t *testing.T, r *Run)) *Engine {
	t.Helper()
	e := newEngine(t)
	if e.caps.Tools.PDFToText == "" {
		t.Skip("pdftotext is not installed")
	}
	if tamper != nil {
		load := e.stages[0].Run
		e.stages[0].Run = func(e *Engine, ctx context.Context, r *Run) (string, error) {
			skip, err := load(e, ctx, r)
			tamper(t, r)
			return skip, err
		}
	}
	return e
}

func traceReason(res *api.ExtractionResult, node string) string {
	for _, e := range res.Pipeline.Trace {
		if e.Node == node {
			return e.Reason
		}
	}
	return ""
}

func fileQuality(t *testing.T, res *api.ExtractionResult) quality.Report {
	t.Helper()
	var q quality.Report
	if err := json.Unmarshal(res.Files[0].Quality, &q); err != nil {
		t.Fatal(err)
	}
	return q
}

// The untouched invoice adds up: no field fails, the totals pass with the
// arithmetic named, the trace shows judge as success, and escalation
// reports the fail rate and skips for want of a second judge.
func TestJudgeRealInvoice(t *testing.T) {
	t.Parallel()
	req := judgedRequest(t, api.StageToggles{Judge: on(), JudgeEscalation: on()}, &api.EscalationConfig{Threshold: 0.25, Model: "anthropic:claude-opus-4-7"})
	res, err := judgeEngine(t, nil).Run(context.Background(), "ext_judge", req)
	if err != nil {
		t.Fatal(err)
	}
	if st := traceStatus(res); st[StageJudge] != api.TraceSuccess || st[StageJudgeEscalation] != api.TraceSkipped {
		t.Fatalf("trace = %v", st)
	}
	reason := traceReason(res, StageJudgeEscalation)
	if !strings.Contains(reason, "judge fail rate 0.000") || !strings.Contains(reason, "needs an LLM") {
		t.Errorf("escalation reason = %q", reason)
	}
	if len(res.Documents) != 1 {
		t.Fatalf("%d documents", len(res.Documents))
	}
	got := fieldsByName(res.Documents[0])
	for _, name := range []string{"subtotal", "tax_amount", "total_amount", "line_items"} {
		jd := got[name].Judge
		if jd == nil || jd.Status != api.JudgePass || jd.FlagForReview || jd.Notes == nil {
			t.Errorf("%s: %+v", name, jd)
		}
	}
	total := got["total_amount"].Judge
	if total == nil || total.Notes == nil {
		t.Fatalf("total: %+v", total)
	}
	if !strings.Contains(*total.Notes, "subtotal 262.90 + tax 16.94 = total 279.84") || total.Evidence == nil || *total.Evidence != "$ 279.84" {
		t.Errorf("total notes %q evidence %v", *total.Notes, total.Evidence)
	}
	var walk func(fs []api.ExtractedField)
	walk = func(fs []api.ExtractedField) {
		for _, f := range fs {
			if f.Judge == nil || f.Judge.Status == api.JudgeFail {
				t.Errorf("%s: %+v", f.Name, f.Judge)
			}
			if kids, ok := f.Value.([]api.ExtractedField); ok {
				walk(kids)
			}
		}
	}
	for _, g := range res.Documents[0].FieldGroups {
		walk(g.Fields)
	}
	for _, r := range fileQuality(t, res).Reasons {
		if strings.Contains(r, "arithmetic") {
			t.Errorf("quality reason %q on an invoice that adds up", r)
		}
	}
}

// retype rewrites the first word from of the text layer, as a forger
// editing the PDF would; the replacement keeps the word's length so every
// offset of the layout stays true.
func retype(t *testing.T, r *Run, from, to string) { retypeAt(t, r, from, to, false) }

// retypeLast rewrites the last such word.
func retypeLast(t *testing.T, r *Run, from, to string) { retypeAt(t, r, from, to, true) }

func retypeAt(t *testing.T, r *Run, from, to string, last bool) {
	t.Helper()
	if len(from) != len(to) {
		t.Fatal("retype keeps the length")
	}
	l := r.Files[0].File.Layout
	at := -1
	for i := range l.Words {
		if l.Words[i].Text == from {
			at = i
			if !last {
				break
			}
		}
	}
	if at < 0 {
		t.Fatalf("no word %q in the layout", from)
	}
	w := &l.Words[at]
	w.Text = to
	l.Text = l.Text[:w.Start] + to + l.Text[w.End:]
	// Table cells keep their own copy of the text.
	for pi := range l.Pages {
		for ti := range l.Pages[pi].Tables {
			cells := l.Pages[pi].Tables[ti].Cells
			for ci := range cells {
				if cells[ci].FirstWord <= at && at < cells[ci].EndWord {
					cells[ci].Text = strings.Replace(cells[ci].Text, from, to, 1)
				}
			}
		}
	}
}

// A misread total (the extracted value edited to 297.84, the page and
// its XML saying 279.84) fails on the arithmetic and on the page: the
// notes name the sum, the subtotal is cleared by its lines, the grade
// loses its A, and escalation would be due.
func TestJudgeCatchesATamperedTotal(t *testing.T) {
	t.Parallel()
	req := judgedRequest(t, api.StageToggles{Judge: on(), JudgeEscalation: on()}, &api.EscalationConfig{Threshold: 0.05, Model: "anthropic:claude-opus-4-7"})
	e := judgeEngine(t, nil)
	for i := range e.stages {
		if e.stages[i].Name == StageExtract {
			extract := e.stages[i].Run
			e.stages[i].Run = func(e *Engine, ctx context.Context, r *Run) (string, error) {
				skip, err := extract(e, ctx, r)
				setField(t, r, "total_amount", 297.84)
				return skip, err
			}
		}
	}
	res, err := e.Run(context.Background(), "ext_tampered", req)
	if err != nil {
		t.Fatal(err)
	}
	if st := traceStatus(res); st[StageJudge] != api.TraceSuccess {
		t.Fatalf("trace = %v", st)
	}
	got := fieldsByName(res.Documents[0])
	total := got["total_amount"].Judge
	if total == nil || total.Status != api.JudgeFail || !total.FlagForReview || total.Notes == nil {
		t.Fatalf("total: %+v", total)
	}
	for _, want := range []string{"totals_sum: subtotal 262.90 + tax 16.94 = 279.84, but the total is 297.84", `presence: the value is 297.84 but the page shows "$ 279.84"`} {
		if !strings.Contains(*total.Notes, want) {
			t.Errorf("total notes %q lack %q", *total.Notes, want)
		}
	}
	if sub := got["subtotal"].Judge; sub == nil || sub.Status != api.JudgePass || !strings.Contains(deref(sub.Notes), "lines_sum") {
		t.Errorf("subtotal: %+v notes %q", sub, *sub.Notes)
	}
	q := fileQuality(t, res)
	if q.Grade == "A" || q.Score > 84 || !strings.Contains(strings.Join(q.Reasons, "|"), "arithmetic check(s) of the judge failed") {
		t.Errorf("quality = %+v", q)
	}
	if reason := traceReason(res, StageJudgeEscalation); !strings.Contains(reason, "escalation is due") || strings.Contains(reason, "fail rate 0.000") {
		t.Errorf("escalation reason = %q", reason)
	}
	if res.Pipeline.Escalation != nil {
		t.Errorf("escalation = %+v: nothing was escalated", res.Pipeline.Escalation)
	}
	// Verdicts, notes and evidence stay within the contract's wire schema.
	body, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	wiretest.Validate(t, "ExtractionResult", body)
}

// setField overwrites a top-level extracted value, as a misreading
// extractor would.
func setField(t *testing.T, r *Run, name string, v any) {
	t.Helper()
	for _, task := range r.Tasks {
		for gi := range task.Doc.FieldGroups {
			fs := task.Doc.FieldGroups[gi].Fields
			for fi := range fs {
				if fs[fi].Name == name {
					fs[fi].Value = v
					return
				}
			}
		}
	}
	t.Fatalf("no field %s", name)
}

// A forged page (279.84 printed as 297.84) on a hybrid invoice: the
// embedded XML still says 279.84 and wins, so the arithmetic holds, but
// the page no longer prints the XML's total anywhere.
func TestJudgeCatchesAForgedPage(t *testing.T) {
	t.Parallel()
	req := judgedRequest(t, api.StageToggles{Judge: on()}, nil)
	e := judgeEngine(t, func(t *testing.T, r *Run) { retype(t, r, "279.84", "297.84") })
	res, err := e.Run(context.Background(), "ext_forged", req)
	if err != nil {
		t.Fatal(err)
	}
	total := fieldsByName(res.Documents[0])["total_amount"]
	if total.Judge == nil {
		t.Fatal("the total has no verdict")
	}
	if total.Value != 279.84 || total.Judge.Status != api.JudgeFail || total.Judge.Notes == nil ||
		!strings.Contains(*total.Judge.Notes, "xml_agreement: the embedded invoice XML states 279.84 but the page prints 297.84, and 279.84 nowhere") {
		t.Fatalf("total %v: %+v notes %q", total.Value, total.Judge, deref(total.Judge.Notes))
	}
	if q := fileQuality(t, res); q.Grade == "A" || !strings.Contains(strings.Join(q.Reasons, "|"), "arithmetic") {
		t.Errorf("quality = %+v", q)
	}
}

// sammyInvoice has no XML: a forged total can only be caught by adding up.
const sammyInvoice = "../../../shared/corpus/invoices/SammyMaystoneLinesTest.pdf"

func TestJudgeArithmeticCatchesAForgedTotalWithoutXML(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(sammyInvoice)
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	req := &api.ExtractRequest{Files: []api.FileInput{{Filename: "sammy.pdf", Data: data}}, Options: &api.Options{Stages: &api.StageToggles{Judge: on()}}}
	// The page prints $127.50 three times (balance due, subtotal, total):
	// the forger edits the amount asked for, the balance due and the
	// total, and leaves the lines and the subtotal.
	e := judgeEngine(t, func(t *testing.T, r *Run) {
		retype(t, r, "$127.50", "$172.50")
		retypeLast(t, r, "$127.50", "$172.50")
	})
	res, err := e.Run(context.Background(), "ext_sammy", req)
	if err != nil {
		t.Fatal(err)
	}
	total := fieldsByName(res.Documents[0])["total_amount"]
	if total.Judge == nil {
		t.Fatal("the total has no verdict")
	}
	if total.Value != 172.5 || total.Judge.Status != api.JudgeFail || total.Judge.Notes == nil ||
		!strings.Contains(*total.Judge.Notes, "totals_sum: subtotal 127.50 + tax 0.00 = 127.50, but the total is 172.50") {
		t.Fatalf("total %v: %+v notes %q", total.Value, total.Judge, deref(total.Judge.Notes))
	}
	if traceStatus(res)[StageJudge] != api.TraceSuccess {
		t.Fatalf("trace = %v", traceStatus(res))
	}
}

// The judge is off by default (the reference's toggle): fields keep the
// "no judge ran" verdict, and escalation has no first pass to look at.
func TestJudgeOffByDefault(t *testing.T) {
	t.Parallel()
	req := judgedRequest(t, api.StageToggles{JudgeEscalation: on()}, nil)
	res, err := judgeEngine(t, nil).Run(context.Background(), "ext_off", req)
	if err != nil {
		t.Fatal(err)
	}
	if traceStatus(res)[StageJudge] != api.TraceSkipped || traceReason(res, StageJudge) != "disabled by options.stages.judge" {
		t.Fatalf("judge trace: %v %q", traceStatus(res), traceReason(res, StageJudge))
	}
	if reason := traceReason(res, StageJudgeEscalation); !strings.Contains(reason, "judge did not run") {
		t.Errorf("escalation reason = %q", reason)
	}
	if jd := fieldsByName(res.Documents[0])["total_amount"].Judge; jd != nil {
		t.Errorf("total judged with the judge off: %+v", jd)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
