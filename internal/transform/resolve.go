package transform

import (
	"math/bits"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// DefaultMinSharedTokens is min_shared_tokens when the request omits it.
const DefaultMinSharedTokens = 2

// exactKey is the first match_by value reduced to what identifies it:
// upper case, letters and digits only, so "12.345.678-z" and "12345678Z"
// are one key.
func exactKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// tokens is a name as a set of accent-free lower-case words, so "María
// GARCÍA" and "maria garcia lopez" can be compared word for word.
func tokens(s string) map[string]bool {
	set := map[string]bool{}
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			set[word.String()] = true
			word.Reset()
		}
	}
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent: drop it, keep the letter it sat on
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return set
}

// tokensMatch holds when one set contains the other and the smaller has at
// least min tokens: a shorter form of the same name, never two names that
// merely share a surname.
func tokensMatch(a, b map[string]bool, min int) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) < min || len(a) == 0 {
		return false
	}
	for t := range a {
		if !b[t] {
			return false
		}
	}
	return true
}

// resolve clusters rows into entities and returns each cluster's row
// indices, clusters ordered by their first row.
//
// Phase 1: rows whose first match_by value gives a key join the rows with
// the same key. Phase 2: a row without a key joins the first cluster
// holding a row whose second match_by value's tokens match its own;
// otherwise it starts a cluster. A single match_by field has no phase 2:
// keyless rows stay on their own.
func resolve(rows []row, matchBy []string, minShared int) [][]int {
	if minShared < 1 {
		minShared = 1
	}
	clusterOf := make([]int, len(rows))
	var clusters [][]int
	byKey := map[string]int{}
	var keyless []int
	for i := range rows {
		k := exactKey(rows[i].text(matchBy[0]))
		if k == "" {
			keyless = append(keyless, i)
			clusterOf[i] = -1
			continue
		}
		c, ok := byKey[k]
		if !ok {
			c = len(clusters)
			byKey[k] = c
			clusters = append(clusters, nil)
		}
		clusters[c] = append(clusters[c], i)
		clusterOf[i] = c
	}
	var sets []map[string]bool
	idx := newTokenIndex()
	if len(matchBy) > 1 {
		sets = make([]map[string]bool, len(rows))
		for i := range rows {
			sets[i] = tokens(rows[i].text(matchBy[1]))
			if clusterOf[i] >= 0 {
				idx.add(i, sets[i])
			}
		}
	}
	for _, i := range keyless {
		best := -1
		if sets != nil {
			for _, j := range idx.candidates(sets[i], minShared) {
				if c := clusterOf[j]; (best < 0 || c < best) && tokensMatch(sets[i], sets[j], minShared) {
					best = c
				}
			}
		}
		if best < 0 {
			best = len(clusters)
			clusters = append(clusters, nil)
		}
		clusters[best] = append(clusters[best], i)
		clusterOf[i] = best
		if sets != nil {
			idx.add(i, sets[i])
		}
	}
	return clusters
}

// tokenIndex finds the placed rows whose token set may match a new one
// without comparing every pair: a common surname would otherwise make
// each new row meet every earlier one.
type tokenIndex struct {
	postings map[string][]int // token -> rows holding it
	exact    map[string][]int // whole sorted token set -> rows with exactly it
}

func newTokenIndex() *tokenIndex {
	return &tokenIndex{postings: map[string][]int{}, exact: map[string][]int{}}
}

func (x *tokenIndex) add(i int, set map[string]bool) {
	for t := range set {
		x.postings[t] = append(x.postings[t], i)
	}
	x.exact[setKey(sorted(set))] = append(x.exact[setKey(sorted(set))], i)
}

// maxSubsetTokens bounds the subset walk (2^n lookups); longer names fall
// back to every row sharing a token.
const maxSubsetTokens = 10

// candidates lists rows that may match set: supersets hold its rarest
// token; proper subsets are looked up whole, one subset at a time.
func (x *tokenIndex) candidates(set map[string]bool, minShared int) []int {
	toks := sorted(set)
	if len(toks) == 0 {
		return nil
	}
	seen := map[int]bool{}
	var out []int
	note := func(rows []int) {
		for _, j := range rows {
			if !seen[j] {
				seen[j] = true
				out = append(out, j)
			}
		}
	}
	if len(toks) > maxSubsetTokens {
		for _, t := range toks {
			note(x.postings[t])
		}
		return out
	}
	rarest := toks[0]
	for _, t := range toks[1:] {
		if len(x.postings[t]) < len(x.postings[rarest]) {
			rarest = t
		}
	}
	note(x.postings[rarest])
	for mask := 1; mask < 1<<len(toks)-1; mask++ {
		if bits.OnesCount(uint(mask)) < minShared {
			continue
		}
		sub := make([]string, 0, len(toks))
		for b, t := range toks {
			if mask&(1<<b) != 0 {
				sub = append(sub, t)
			}
		}
		note(x.exact[setKey(sub)])
	}
	return out
}

func sorted(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// setKey joins sorted tokens with a byte no token holds.
func setKey(toks []string) string { return strings.Join(toks, "\x00") }
