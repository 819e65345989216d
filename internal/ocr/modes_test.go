package ocr

import "testing"

// TestPageScore: more words read surely score higher; specks score nothing.
func TestPageScore(t *testing.T) {
	t.Parallel()
	page := func(ws ...Word) Page { return Page{Lines: []Line{{Words: ws}}} }
	good := page(Word{Text: "TOTAL", Conf: 0.9}, Word{Text: "57.80", Conf: 0.8})
	fewer := page(Word{Text: "TOTAL", Conf: 0.9})
	specks := page(Word{Text: "TOTAL", Conf: 0.9}, Word{Text: ".", Conf: 0.95}, Word{Text: "~", Conf: 0.9})
	if !(good.Score() > fewer.Score()) {
		t.Errorf("two sure words %.2f should beat one %.2f", good.Score(), fewer.Score())
	}
	if specks.Score() != fewer.Score() {
		t.Errorf("specks added to the score: %.2f != %.2f", specks.Score(), fewer.Score())
	}
	noisy := page(Word{Text: "TOTAL", Conf: 0.9}, Word{Text: "57.80", Conf: 0.8}, Word{Text: "ee", Conf: 0.2}, Word{Text: "oe", Conf: 0.3})
	if !(good.Score() > noisy.Score()) {
		t.Errorf("noise read as words should cost: %.2f <= %.2f", good.Score(), noisy.Score())
	}
	if (Page{}).Score() != 0 {
		t.Error("an empty page scores 0")
	}
}
