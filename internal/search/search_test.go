package search

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

func TestTermsSplitLikeTheIndexes(t *testing.T) {
	t.Parallel()
	got := Terms(`Invoice FTR-2024-001 from [MASKED_NAME], invoice "Köln" OR x`)
	// '_' is neither a letter nor a digit: it splits like the indexes do.
	want := []string{"invoice", "ftr", "2024", "001", "from", "masked", "name", "köln", "or", "x"}
	if !slices.Equal(got, want) {
		t.Fatalf("Terms = %q, want %q", got, want)
	}
	long := strings.Repeat("w1 w2 w3 w4 ", 40) + strings.Join(func() []string {
		var s []string
		for i := range 100 {
			s = append(s, "t"+strconv.Itoa(i))
		}
		return s
	}(), " ")
	if n := len(Terms(long)); n != MaxTerms {
		t.Fatalf("a long query kept %d terms, want %d", n, MaxTerms)
	}
	if len(Terms(" -- !! ")) != 0 {
		t.Fatal("punctuation alone must give no terms")
	}
}

func TestMatchExpressionsQuoteEveryTerm(t *testing.T) {
	t.Parallel()
	terms := []string{"near", "a\"b", "o'k"}
	if got := FTS5Match(terms); got != `"near" OR "a""b" OR "o'k"` {
		t.Fatalf("FTS5Match = %s", got)
	}
	if got := TSQuery(terms); got != `'near' | 'a"b' | 'o''k'` {
		t.Fatalf("TSQuery = %s", got)
	}
}

func TestTextScoreKeepsOrderInsideZeroOne(t *testing.T) {
	t.Parallel()
	prev := -1.0
	for _, r := range []float64{0, 0.01, 0.5, 3, 40} {
		s := TextScore(r)
		if s < 0 || s >= 1 || s <= prev && r > 0 {
			t.Fatalf("TextScore(%v) = %v after %v", r, s, prev)
		}
		prev = s
	}
}

func TestSnippetHighlightsTheDensestWindow(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("filler words here ", 30) + "the total amount of the invoice is 1500 TRY and the total is due " + strings.Repeat("tail ", 40)
	s := Snippet(text, []string{"total", "invoice"}, 12)
	if !strings.Contains(s, "<mark>total</mark>") || !strings.Contains(s, "<mark>invoice</mark>") {
		t.Fatalf("snippet misses the marks: %q", s)
	}
	if !strings.HasPrefix(s, "… ") || !strings.HasSuffix(s, " …") {
		t.Fatalf("a cut window must show ellipses: %q", s)
	}
	if strings.Count(s, " ") > 20 {
		t.Fatalf("snippet is longer than its window: %q", s)
	}
	// Case-insensitive, and markup in the document is escaped.
	s = Snippet(`<b>Invoice</b> INVOICE`, []string{"invoice"}, 10)
	if s != "&lt;b&gt;<mark>Invoice</mark>&lt;/b&gt; <mark>INVOICE</mark>" {
		t.Fatalf("escaped snippet = %q", s)
	}
	if s := Snippet("no match here", []string{"zzz"}, 10); s != "no match here" {
		t.Fatalf("no-hit snippet = %q", s)
	}
}

func TestEncodeDecodeIsUnitAndCompact(t *testing.T) {
	t.Parallel()
	b, err := Encode([]float32{3, 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 8 {
		t.Fatalf("2 dimensions took %d bytes", len(b))
	}
	v := Decode(b, nil)
	if math.Abs(float64(v[0])-0.6) > 1e-7 || math.Abs(float64(v[1])-0.8) > 1e-7 {
		t.Fatalf("decoded %v", v)
	}
	for _, bad := range [][]float32{nil, {0, 0}, {float32(math.NaN()), 1}} {
		if _, err := Encode(bad); err == nil {
			t.Fatalf("Encode(%v) must fail", bad)
		}
	}
	if _, ok := DotEncoded([]float32{1, 0, 0}, b); ok {
		t.Fatal("a vector of another dimension must not score")
	}
}

// TestTopKMatchesASortOfEverything checks the heap against the obvious
// answer: score every vector in float64, sort, take k.
func TestTopKMatchesASortOfEverything(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	const dim, n, k = 64, 2000, 10
	randVec := func() []float32 {
		v := make([]float32, dim)
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		return v
	}
	q, _ := Normalize(randVec())
	type row struct {
		id  string
		raw []float32
		enc []byte
	}
	rows := make([]row, n)
	for i := range rows {
		raw := randVec()
		enc, err := Encode(raw)
		if err != nil {
			t.Fatal(err)
		}
		rows[i] = row{"c" + strconv.Itoa(i), raw, enc}
	}
	top := NewTopK(k)
	for _, r := range rows {
		s, ok := DotEncoded(q, r.enc)
		if !ok {
			t.Fatal("dimension mismatch")
		}
		top.Push(r.id, s)
	}
	exact := make([]Scored, n)
	for i, r := range rows {
		var dot, nn float64
		for j := range r.raw {
			dot += float64(q[j]) * float64(r.raw[j])
			nn += float64(r.raw[j]) * float64(r.raw[j])
		}
		exact[i] = Scored{r.id, dot / math.Sqrt(nn)}
	}
	sort.Slice(exact, func(i, j int) bool { return exact[i].Score > exact[j].Score })
	got := top.Results()
	if len(got) != k {
		t.Fatalf("kept %d", len(got))
	}
	for i := range got {
		if got[i].ID != exact[i].ID || math.Abs(got[i].Score-exact[i].Score) > 1e-5 {
			t.Fatalf("rank %d: got %v, want %v", i, got[i], exact[i])
		}
	}
}

func TestFuseWeighsBothSides(t *testing.T) {
	t.Parallel()
	text := []Scored{{"a", 0.8}, {"b", 0.4}}
	vec := []Scored{{"b", 0.9}, {"c", 0.5}, {"d", -0.3}}
	// alpha 0: text only (normalised by its best); vector-only hits score 0.
	got := Fuse(text, vec, 0, 10)
	if got[0].ID != "a" || got[0].Score != 1 || got[1].ID != "b" || got[1].Score != 0.5 {
		t.Fatalf("alpha 0 = %v", got)
	}
	// alpha 1: cosine only, negatives count as 0.
	got = Fuse(text, vec, 1, 2)
	if len(got) != 2 || got[0].ID != "b" || got[1].ID != "c" {
		t.Fatalf("alpha 1 = %v", got)
	}
	// alpha 0.5: b is on both sides and wins.
	got = Fuse(text, vec, 0.5, 10)
	if got[0].ID != "b" || math.Abs(got[0].Score-(0.5*0.5+0.5*0.9)) > 1e-12 {
		t.Fatalf("alpha 0.5 = %v", got)
	}
}
