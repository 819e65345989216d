package split

import (
	"context"
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
)

func TestNearBoundaries(t *testing.T) {
	t.Parallel()
	cases := []struct {
		b    Boundary
		want bool
	}{
		{Boundary{Score: 3.5, Reasons: []string{"x"}}, true},
		{Boundary{Score: 2.1, Reasons: []string{"x"}}, true},
		{Boundary{Score: 4.0, Reasons: []string{"x"}}, false},
		{Boundary{Score: 1.5, Reasons: []string{"x"}}, false},
		{Boundary{Score: 3, Reasons: []string{"blank page: compared past"}}, false},
	}
	for _, c := range cases {
		if got := c.b.Near(); got != c.want {
			t.Errorf("%+v: Near() = %v", c.b, got)
		}
	}
}

// Resegment follows the boundaries a reviewer changed.
func TestResegmentFollowsChangedBoundaries(t *testing.T) {
	t.Parallel()
	l := &doc.Layout{Text: "a\fb\fc", Pages: []doc.Page{{Number: 1, Start: 0, End: 1}, {Number: 2, Start: 2, End: 3}, {Number: 3, Start: 4, End: 5}}}
	bounds := []Boundary{{Page: 2, Score: 3.5, Split: false, Reasons: []string{"kept"}}, {Page: 3, Score: 6, Split: true, Reasons: []string{"new"}}}
	segs := Resegment(l, bounds, nil)
	if len(segs) != 2 || segs[0].First != 1 || segs[0].Last != 2 || segs[1].First != 3 || segs[1].Reasons[0] != "new" {
		t.Fatalf("segments %+v", segs)
	}
	if _, err := Split(context.Background(), &doc.Layout{}, Options{}); err == nil {
		t.Fatal("an empty layout split")
	}
}
