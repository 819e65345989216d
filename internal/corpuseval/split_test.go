package corpuseval

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/split"
)

// splitFloor is the bar for boundary precision and recall on
// joined real documents.
const splitFloor = 0.95

// TestSplitBoundaryFloors joins the corpus's text-layer PDFs into 36
// multi-document files and requires the splitter to find where each
// document starts with precision and recall of at least 0.95. Scanned
// receipts join in bench/split (OCR is too slow for a unit test).
func TestSplitBoundaryFloors(t *testing.T) {
	t.Parallel()
	dir := corpusDir(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sources, err := LoadSplitSources(ctx, dir, 0, Options{Workers: runtime.NumCPU()}, DefaultLoader)
	if err != nil {
		t.Fatal(err)
	}
	files := SplitFiles(sources, 36, 15)
	var tally BoundaryTally
	boundaries := 0
	for _, f := range files {
		res, err := split.Split(ctx, f.Layout, split.Options{})
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		var got []int
		for _, s := range res.Segments {
			got = append(got, s.First)
		}
		tally.Add(f.Name, f.Starts, got, f.PageLabel(sources))
		boundaries += len(f.Starts) - 1
	}
	if boundaries < 60 {
		t.Fatalf("the set has only %d boundaries", boundaries)
	}
	t.Logf("%d files, %d boundaries: precision %.3f recall %.3f (tp %d fp %d fn %d)",
		len(files), boundaries, tally.Precision(), tally.Recall(), tally.TP, tally.FP, tally.FN)
	for _, m := range tally.Misses {
		t.Log(m)
	}
	if tally.Precision() < splitFloor || tally.Recall() < splitFloor {
		t.Fatalf("boundary precision %.3f / recall %.3f under the %.2f floor", tally.Precision(), tally.Recall(), splitFloor)
	}
}
