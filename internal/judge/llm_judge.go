package judge

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fields"
	"github.com/quarrydev/quarry/internal/llm"
)

// The model's part in judging (docs/judge.md, "The model's part"): the
// fields the checks could not decide are sent in one call per document,
// and a verdict is kept only when the quote it rests on is printed in the
// document.

// DefaultMaxText is the default bound on the document text sent.
const DefaultMaxText = 24 << 10

// minQuoteRunes is the shortest quote accepted as evidence: "1" or "EUR"
// occur in almost any invoice and prove nothing.
const minQuoteRunes = 4

// maxValueBytes bounds a value as the prompt shows it.
const maxValueBytes = 200

// maxQuoteBytes is the longest quote accepted: evidence is a passage; a
// quoted page would prove that the page exists, not that the value holds.
const maxQuoteBytes = 500

// ModelInput is one document for the model judge.
type ModelInput struct {
	Layout     *doc.Layout
	Spec       api.DocumentTypeSpec
	Candidates []Candidate
	// Model is the model to ask ("" = the client's default).
	Model string
	// MaxTextBytes bounds the document text (default DefaultMaxText).
	MaxTextBytes int
	// Language and Country read dates and amounts in quotes the way the
	// document writes them.
	Language, Country string
}

// ModelReport says what the model's answer did.
type ModelReport struct {
	Model    string // the model that answered
	Asked    int    // fields sent
	Accepted int    // verdicts written
	Rejected int    // verdicts refused (quote not in the document, unknown field)
}

const judgeSystem = `You check values extracted from a business document against the document's text.
For each field, answer pass when the text shows the value is right, fail when the text shows it is wrong, uncertain otherwise.
Every pass or fail must quote, in evidence, the exact words of the document that show it. Never invent a quote; answer uncertain instead.`

// verdictSchema is the answer's shape: one verdict per field, the field
// and status constrained to what was asked.
func verdictSchema(paths []string) json.RawMessage {
	s := map[string]any{
		"type": "object", "additionalProperties": false, "required": []string{"verdicts"},
		"properties": map[string]any{"verdicts": map[string]any{
			"type": "array",
			"items": map[string]any{
				"type": "object", "additionalProperties": false,
				"required": []string{"field", "status", "confidence", "evidence", "notes"},
				"properties": map[string]any{
					"field":      map[string]any{"type": "string", "enum": paths},
					"status":     map[string]any{"type": "string", "enum": []string{api.JudgePass, api.JudgeFail, api.JudgeUncertain}},
					"confidence": map[string]any{"type": "number", "minimum": 0, "maximum": 1},
					"evidence":   map[string]any{"type": "string"},
					"notes":      map[string]any{"type": "string"},
				},
			},
		}},
	}
	raw, _ := json.Marshal(s) // a literal of maps and strings always marshals
	return raw
}

type modelVerdict struct {
	Field      string  `json:"field"`
	Status     string  `json:"status"`
	Confidence float64 `json:"confidence"`
	Evidence   string  `json:"evidence"`
	Notes      string  `json:"notes"`
}

// JudgeWithModel asks the model about the candidates (at most
// MaxCandidates) and writes the verdicts whose evidence is found in the
// document. A failed call or an answer that does not parse returns an
// error and changes nothing.
func JudgeWithModel(ctx context.Context, c *llm.Client, in ModelInput) (ModelReport, error) {
	var rep ModelReport
	cands := in.Candidates
	if len(cands) == 0 || in.Layout == nil {
		return rep, nil
	}
	if len(cands) > MaxCandidates {
		for _, c := range cands[MaxCandidates:] {
			addNote(c.Field.Judge, fmt.Sprintf("not sent to the model judge: one call judges at most %d fields", MaxCandidates))
		}
		cands = cands[:MaxCandidates]
	}
	byPath := make(map[string]Candidate, len(cands))
	paths := make([]string, 0, len(cands))
	for _, c := range cands {
		byPath[c.Path] = c
		paths = append(paths, c.Path)
	}
	rep.Asked = len(cands)
	resp, err := c.Complete(ctx, llm.Request{
		Agent:      llm.AgentJudge,
		Model:      in.Model,
		System:     judgeSystem,
		Messages:   []llm.Message{{Text: judgePrompt(in.Spec, cands, in.Layout, in.MaxTextBytes)}},
		Schema:     verdictSchema(paths),
		SchemaName: "verdicts",
		MaxTokens:  4096, // 40 verdicts with quotes and notes
	})
	if err != nil {
		return rep, fmt.Errorf("judge: model: %w", err)
	}
	rep.Model = resp.Model
	var answer struct {
		Verdicts []modelVerdict `json:"verdicts"`
	}
	if err := json.Unmarshal(resp.JSON, &answer); err != nil {
		return rep, fmt.Errorf("judge: model answer: %w", err)
	}
	text := foldText(in.Layout.Text)
	reader := &judgement{loc: fields.Locale{Language: in.Language, Country: in.Country}}
	seen := map[string]bool{}
	for _, v := range answer.Verdicts {
		cand, ok := byPath[v.Field]
		if !ok || seen[v.Field] {
			rep.Rejected++ // a field not asked about, or judged twice: the first answer stands
			continue
		}
		seen[v.Field] = true
		if applyVerdict(reader, cand, v, text, resp.Model) {
			rep.Accepted++
		} else {
			rep.Rejected++
		}
	}
	return rep, nil
}

// applyVerdict writes one verdict when its evidence holds; otherwise the field
// stays uncertain with a note saying what the model claimed. A pass must
// also not contradict its own quote: the quote is read like the text at
// a box (compareEvidence), and a quote showing another value refuses the
// pass, while one that does not show the value at all makes it a weak,
// flagged pass.
func applyVerdict(reader *judgement, c Candidate, v modelVerdict, foldedDoc, model string) bool {
	jd := c.Field.Judge
	if jd == nil || jd.Status != api.JudgeUncertain {
		return false // never overturn a deterministic verdict
	}
	if v.Status == api.JudgeUncertain {
		addNote(jd, fmt.Sprintf("the model judge (%s) could not decide either: %s", model, clip(v.Notes, maxValueBytes)))
		return false
	}
	if v.Status != api.JudgePass && v.Status != api.JudgeFail {
		addNote(jd, fmt.Sprintf("the model judge (%s) answered %q, which is not a verdict", model, clip(v.Status, 40)))
		return false
	}
	quote := foldText(v.Evidence)
	if len(quote) > maxQuoteBytes {
		addNote(jd, fmt.Sprintf("the model judge (%s) said %s quoting %d bytes; a quote longer than %d bytes is not evidence, so the verdict was not taken",
			model, v.Status, len(quote), maxQuoteBytes))
		return false
	}
	if len([]rune(quote)) < minQuoteRunes || !strings.Contains(foldedDoc, quote) {
		addNote(jd, fmt.Sprintf("the model judge (%s) said %s quoting %q, which is not in the document's text, so the verdict was not taken",
			model, v.Status, clip(v.Evidence, maxValueBytes)))
		return false
	}
	conf := v.Confidence
	if math.IsNaN(conf) || conf < 0 {
		conf = 0
	}
	conf = math.Round(math.Min(conf, 1)*1000) / 1000
	ev := strings.TrimSpace(v.Evidence)
	notes := fmt.Sprintf("Judged by a language model (%s)", model)
	if why := strings.TrimSpace(v.Notes); why != "" {
		notes += ": " + clip(why, 2*maxValueBytes)
	}
	if v.Status == api.JudgePass {
		switch quoteShows(reader, c.Field.Value, ev) {
		case failed:
			addNote(jd, fmt.Sprintf("the model judge (%s) said pass quoting %q, which shows another value, so the verdict was not taken",
				model, clip(ev, maxValueBytes)))
			return false
		case inconclusive:
			conf = math.Min(conf, clearedConfidence)
			notes += ". The quote does not show the value itself, so the pass is weak"
		}
	}
	*jd = api.Judgement{Status: v.Status, Confidence: conf, Evidence: &ev, Notes: &notes,
		FlagForReview: v.Status == api.JudgeFail || conf < flagBelow}
	return true
}

// quoteShows reads a quote the way the presence check reads the text at
// a box. A quote is usually a whole line ("Issue date 15 May 2025"), so
// when the whole says nothing, runs of up to four of its words are read
// too: one showing the value is enough, and one showing another value of
// the same kind (another date) counts against it.
func quoteShows(reader *judgement, value any, quote string) outcome {
	if o, _ := reader.compareEvidence(value, quote); o != inconclusive {
		return o
	}
	words := strings.Fields(quote)
	found := inconclusive
	for i := range words {
		for n := 1; n <= 4 && i+n <= len(words); n++ {
			switch o, _ := reader.compareEvidence(value, strings.Join(words[i:i+n], " ")); o {
			case passed:
				return passed
			case failed:
				if _, isStr := value.(string); !isStr || isISODate(value.(string)) {
					found = failed // a text's part may well differ from it; another date or amount does not
				}
			}
		}
	}
	return found
}

func addNote(jd *api.Judgement, s string) {
	if jd == nil {
		return
	}
	if jd.Notes != nil && *jd.Notes != "" {
		s = *jd.Notes + ". " + s
	}
	jd.Notes = &s
}

// foldText lower-cases and collapses every run of spaces (line and page
// breaks included) to one, so a quote is found however it was wrapped.
func foldText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// judgePrompt lists the fields with their values and descriptions, then
// the document text cut at maxText bytes on a word boundary.
func judgePrompt(spec api.DocumentTypeSpec, cands []Candidate, l *doc.Layout, maxText int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Document type: %s", spec.ID)
	if spec.Description != "" {
		fmt.Fprintf(&b, " (%s)", clip(spec.Description, maxValueBytes))
	}
	b.WriteString("\nFields to judge (path = extracted value):\n")
	for _, c := range cands {
		val, _ := json.Marshal(c.Field.Value)
		fmt.Fprintf(&b, "- %s = %s", c.Path, clip(string(val), maxValueBytes))
		if c.Description != "" {
			fmt.Fprintf(&b, " (%s)", clip(c.Description, maxValueBytes))
		}
		b.WriteString("\n")
	}
	b.WriteString("\nDocument text, page by page:\n")
	b.WriteString(cutText(l.Text, maxText))
	return b.String()
}

// cutText bounds the document text and marks its pages.
func cutText(text string, maxText int) string {
	if maxText <= 0 {
		maxText = DefaultMaxText
	}
	return llm.PagedText(text, maxText)
}

// clip cuts s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n] + "..."
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
