package classify

import "testing"

func TestCloseRaces(t *testing.T) {
	t.Parallel()
	v := func(scores ...float64) Verdict {
		var r []Candidate
		for i, s := range scores {
			r = append(r, Candidate{ID: string(rune('a' + i)), Score: s})
		}
		return Verdict{Ranking: r}
	}
	cases := []struct {
		v    Verdict
		want bool
	}{
		{v(10, 9), true},    // a 10 % lead
		{v(10, 7), false},   // a 30 % lead
		{v(2, 0), true},     // under the floor a match needs
		{v(0, 0), true},     // no evidence at all
		{v(10), false},      // one type: nothing to choose
		{Verdict{}, false},  // built-in classification has no ranking
		{v(3, 2.5), true},   // just over the floor, close
		{v(12, 9.5), false}, // a lead just over the margin
	}
	for i, c := range cases {
		if got := c.v.Close(); got != c.want {
			t.Errorf("case %d %+v: Close() = %v", i, c.v.Ranking, got)
		}
	}
}
