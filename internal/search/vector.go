package search

import (
	"container/heap"
	"encoding/binary"
	"errors"
	"math"
	"sort"
)

// Vectors are stored as unit-length float32 values, little-endian, four
// bytes a dimension (6 KiB for 1536 dimensions): half the size of
// float64 with no loss a ranking can see (float32 keeps ~7 significant
// digits; cosine scores differ in the third). Normalising once at write
// time makes cosine similarity a plain dot product at query time.

// ErrBadVector is a vector that cannot be stored: empty, or with a zero,
// NaN or infinite length.
var ErrBadVector = errors.New("search: vector is empty or has no direction")

// Normalize returns v scaled to unit length.
func Normalize(v []float32) ([]float32, error) {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	n := math.Sqrt(sum)
	if len(v) == 0 || n == 0 || math.IsNaN(n) || math.IsInf(n, 0) {
		return nil, ErrBadVector
	}
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(float64(x) / n)
	}
	return out, nil
}

// Encode normalises v and packs it as little-endian float32.
func Encode(v []float32) ([]byte, error) {
	u, err := Normalize(v)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 4*len(u))
	for i, x := range u {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b, nil
}

// Decode unpacks an encoded vector into dst (grown as needed) and
// returns it; a scan reuses one dst for every row.
func Decode(b []byte, dst []float32) []float32 {
	n := len(b) / 4
	if cap(dst) < n {
		dst = make([]float32, n)
	}
	dst = dst[:n]
	for i := range dst {
		dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return dst
}

// DotEncoded is the dot product of a unit query q with an encoded unit
// vector, without decoding it into a slice: the cosine similarity. ok is
// false when the dimensions differ (a vector of another model).
func DotEncoded(q []float32, b []byte) (float64, bool) {
	if len(b) != 4*len(q) {
		return 0, false
	}
	var s float32
	for i, x := range q {
		s += x * math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return float64(s), true
}

// Scored is one candidate with its score.
type Scored struct {
	ID    string
	Score float64
}

// TopK keeps the k best-scored candidates seen so far in a min-heap: a
// scan over any number of rows holds k entries.
type TopK struct {
	k int
	h scoredHeap
}

// NewTopK returns an empty TopK keeping k (at least 1).
func NewTopK(k int) *TopK { return &TopK{k: max(1, k)} }

// Push offers a candidate.
func (t *TopK) Push(id string, score float64) {
	if len(t.h) < t.k {
		heap.Push(&t.h, Scored{id, score})
		return
	}
	if worse(t.h[0], Scored{id, score}) {
		t.h[0] = Scored{id, score}
		heap.Fix(&t.h, 0)
	}
}

// Results are the kept candidates, best first (ties by id, so the order
// is the same on every run).
func (t *TopK) Results() []Scored {
	out := append([]Scored(nil), t.h...)
	sort.Slice(out, func(i, j int) bool { return worse(out[j], out[i]) })
	return out
}

// worse orders candidates: lower score, then larger id, is worse.
func worse(a, b Scored) bool {
	if a.Score != b.Score {
		return a.Score < b.Score
	}
	return a.ID > b.ID
}

type scoredHeap []Scored

func (h scoredHeap) Len() int           { return len(h) }
func (h scoredHeap) Less(i, j int) bool { return worse(h[i], h[j]) }
func (h scoredHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *scoredHeap) Push(x any)        { *h = append(*h, x.(Scored)) }
func (h *scoredHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
