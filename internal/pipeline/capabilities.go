package pipeline

import (
	"slices"

	"github.com/quarrydev/quarry/internal/ingest"
)

// Capabilities is what an engine can do on this machine, decided once
// when it is built (internal/app finds it) and never looked up again
// while a request runs. Stages consult it to say why they skip.
type Capabilities struct {
	// LLM names the configured language model; "" means none, and every
	// stage that needs one reports skipped with noLLM.
	LLM string
	// Tools are the external programs found (pdftotext, tesseract,
	// soffice...); the readers refuse a file whose program is missing.
	Tools ingest.Engines
	// OCRLanguages are the Tesseract language packs installed ("eng",
	// "tur", ...); nil when Tesseract is missing or could not say.
	OCRLanguages []string
}

// noLLM is the skip reason of stages that need a language model.
const noLLM = "needs an LLM and none is configured"

// noLLMClient is the skip reason of LLM stages when a model is named but
// the engine was built without a client for it (a wiring mistake that the
// app refuses at start; an embedded engine can still be built so): a
// stage is never faked.
const noLLMClient = "a model is named but the engine has no LLM client for it"

// llmSkip is the reason an LLM stage skips: no model configured, or no
// client to call it with.
func (c Capabilities) llmSkip() string {
	if c.LLM == "" {
		return noLLM
	}
	return noLLMClient
}

// Capabilities returns what the engine was built with.
func (e *Engine) Capabilities() Capabilities {
	c := e.caps
	c.OCRLanguages = slices.Clone(c.OCRLanguages)
	return c
}
