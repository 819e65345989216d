package search

import (
	"strings"
	"unicode"
)

// Terms splits a query into lower-case terms: runs of letters and digits,
// the way both databases' tokenizers (SQLite FTS5 unicode61, PostgreSQL's
// 'simple' configuration) cut text, so a term the query asks for is a
// term the index holds. Duplicates go; at most MaxTerms are kept, in
// query order.
func Terms(q string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		t := strings.ToLower(f)
		if seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
		if len(out) == MaxTerms {
			break
		}
	}
	return out
}

// FTS5Match is the MATCH expression of terms for SQLite FTS5: each term a
// quoted string (so no term is read as an operator or a column filter),
// joined by OR so a chunk matching some of the terms is still found and
// BM25 ranks those matching more, and rarer, terms first.
func FTS5Match(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	return strings.Join(parts, " OR ")
}

// TSQuery is the to_tsquery('simple', ...) text of terms for PostgreSQL:
// quoted lexemes joined by |, the same OR semantics as FTS5Match.
func TSQuery(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = "'" + strings.ReplaceAll(t, "'", "''") + "'"
	}
	return strings.Join(parts, " | ")
}

// TextScore maps a database's unbounded relevance (BM25's negated value,
// or ts_rank_cd) to (0, 1): r/(1+r), which keeps the order and gives
// scores a client can compare with a threshold.
func TextScore(r float64) float64 {
	if r <= 0 {
		return 0
	}
	return r / (1 + r)
}
