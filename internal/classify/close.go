package classify

// CloseMargin is the lead, as a share of the winner's score, under which
// two declared types are a close race: a 10 against a 9 says little about
// which one the document is.
const CloseMargin = 0.2

// Close reports whether the declared-type verdict is too weak to stand on
// its own: the best score is under the floor a match needs, or the
// runner-up is within CloseMargin of it. Only such verdicts are worth a
// second opinion (a language model's, when one is configured).
func (v Verdict) Close() bool {
	if len(v.Ranking) < 2 {
		return false // one declared type: nothing to choose between
	}
	best, second := v.Ranking[0].Score, v.Ranking[1].Score
	if best < minDeclaredScore {
		return true
	}
	return best-second < CloseMargin*best
}
