// Package search is the pure part of Quarry's search (issue 17): query
// parsing into terms, the full-text match expressions each database
// takes, highlighted snippets, the compact vector encoding with an exact
// top-k scan, and the fusion of full-text and vector scores for hybrid
// mode. It holds no SQL and reads no rows: the store drivers run the
// queries, internal/searchindex drives both.
package search

// Modes a search runs in.
const (
	ModeAuto       = "auto"
	ModeStructured = "structured"
	ModeSemantic   = "semantic"
	ModeHybrid     = "hybrid"
)

// ValidMode reports whether m is one of the four modes.
func ValidMode(m string) bool {
	switch m {
	case ModeAuto, ModeStructured, ModeSemantic, ModeHybrid:
		return true
	}
	return false
}

// Limits of one query.
const (
	MaxQueryChars = 1000
	MaxTopK       = 50
	DefaultTopK   = 10
	// MaxTerms bounds the terms a query expands to: each is an OR branch
	// in the full-text index, so a pasted page must not become a
	// thousand-branch query.
	MaxTerms = 32
	// DefaultAlpha weighs the vector score in hybrid mode; the text
	// score gets 1-alpha.
	DefaultAlpha = 0.5
)
