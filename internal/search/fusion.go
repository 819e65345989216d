package search

import "sort"

// Fuse merges full-text and vector candidates for hybrid mode into one
// list of at most k, best first: score = alpha·vector + (1-alpha)·text.
// Text scores are divided by the best text score of the list first, so
// both parts reach 1 and alpha means what it says whatever BM25's scale;
// vector scores are cosines, negative ones counted as 0. A candidate
// found by one side only gets 0 from the other.
func Fuse(text, vector []Scored, alpha float64, k int) []Scored {
	alpha = min(1, max(0, alpha))
	top := 0.0
	for _, s := range text {
		top = max(top, s.Score)
	}
	sum := map[string]float64{}
	for _, s := range text {
		part := 0.0 // a list of zero scores still names candidates
		if top > 0 {
			part = (1 - alpha) * s.Score / top
		}
		sum[s.ID] += part
	}
	for _, s := range vector {
		sum[s.ID] += alpha * max(0, s.Score)
	}
	out := make([]Scored, 0, len(sum))
	for id, sc := range sum {
		out = append(out, Scored{id, sc})
	}
	sort.Slice(out, func(i, j int) bool { return worse(out[j], out[i]) })
	if len(out) > k {
		out = out[:k]
	}
	return out
}
