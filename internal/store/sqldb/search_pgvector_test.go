package sqldb

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/store"
)

func TestSearchVectorLiteral(t *testing.T) {
	t.Parallel()
	lit, err := VectorLiteral(EncodeFloat32([]float32{0.1, -0.2, 1, 0}))
	if err != nil || lit != "[0.1,-0.2,1,0]" {
		t.Fatalf("literal = %q, %v", lit, err)
	}
	// Every float32 reads back bit for bit from its text.
	r := rand.New(rand.NewPCG(1, 2))
	v := make([]float32, 512)
	for i := range v {
		v[i] = float32(r.NormFloat64()) * float32(math.Pow(10, float64(r.IntN(20)-10)))
	}
	v[0], v[1] = math.SmallestNonzeroFloat32, math.MaxFloat32
	lit, err = VectorLiteral(EncodeFloat32(v))
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(strings.TrimSuffix(strings.TrimPrefix(lit, "["), "]"), ",")
	if len(parts) != len(v) {
		t.Fatalf("%d values, want %d", len(parts), len(v))
	}
	for i, s := range parts {
		f, err := strconv.ParseFloat(s, 32)
		if err != nil || math.Float32bits(float32(f)) != math.Float32bits(v[i]) {
			t.Fatalf("value %d: %q reads back as %v (%v), want %v", i, s, f, err, v[i])
		}
	}
	for name, bad := range map[string][]byte{
		"NaN": EncodeFloat32([]float32{1, float32(math.NaN())}), "+Inf": EncodeFloat32([]float32{float32(math.Inf(1))}),
		"-Inf": EncodeFloat32([]float32{0, float32(math.Inf(-1))}), "empty": nil, "ragged": {1, 2, 3},
	} {
		if lit, err := VectorLiteral(bad); err == nil {
			t.Errorf("%s accepted as %q", name, lit)
		}
	}
}

func TestSearchPGVectorSQL(t *testing.T) {
	t.Parallel()
	p := NewPGVector("my schema", "0.7.4")
	if !strings.Contains(p.TableSQL(), `embedding    "my schema".vector NOT NULL`) ||
		!strings.Contains(p.TableSQL(), "REFERENCES search_chunks (id) ON DELETE CASCADE") {
		t.Fatalf("table: %s", p.TableSQL())
	}
	ix := p.IndexSQL(1536)
	want := `search_vectors_pg_hnsw_1536 ON search_vectors_pg USING hnsw
	((embedding::"my schema".vector(1536)) "my schema".vector_cosine_ops) WHERE dims = 1536`
	if !strings.Contains(ix, want) {
		t.Fatalf("index: %s", ix)
	}
	if p.IndexSQL(2001) != "" || p.IndexSQL(0) != "" {
		t.Fatal("an index beyond HNSW's 2,000 dimensions")
	}
	if p.IndexSQL(2000) == "" {
		t.Fatal("no index at 2,000 dimensions")
	}

	masked := true
	f := store.SearchFilter{WorkspaceID: "ws_a", DocType: "invoice", PIIMasked: &masked}
	q, args := p.NearestSQL(f, "[1,0,0]", 3, 7)
	// The ORDER BY must be the index's expression (on alias v) for the
	// planner to use the index, and the score the same distance.
	dist := `(v.embedding::"my schema".vector(3)) OPERATOR("my schema".<=>) (?::"my schema".vector(3))`
	if !strings.Contains(q, "ORDER BY "+dist+" LIMIT ?") || !strings.Contains(q, "SELECT v.chunk_id, 1 - "+dist+" AS score") {
		t.Fatalf("query: %s", q)
	}
	if strings.Contains(q, "ORDER BY "+dist+",") {
		t.Fatal("a tie-breaker keeps the index from ordering")
	}
	for _, must := range []string{"v.dims = 3", "v.workspace_id = ?", "c.workspace_id = ?", "c.doc_type = ?", "c.pii_masked = ?", "EXISTS (SELECT 1 FROM extractions"} {
		if !strings.Contains(q, must) {
			t.Errorf("query lacks %q: %s", must, q)
		}
	}
	if n := strings.Count(q, "?"); n != len(args) {
		t.Fatalf("%d placeholders, %d arguments", n, len(args))
	}
	if args[0] != "[1,0,0]" || args[1] != "ws_a" || args[len(args)-2] != "[1,0,0]" || args[len(args)-1] != 7 {
		t.Fatalf("arguments: %v", args)
	}
	// Dollar placeholders number in order.
	db := &DB{D: Dialect{Dollar: true}}
	if dq := db.q(q); !strings.Contains(dq, "$"+strconv.Itoa(len(args))) || strings.Contains(dq, "?") {
		t.Fatalf("dollar form: %s", dq)
	}
}

func TestSearchPGVectorIterativeScan(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]bool{"0.7.4": false, "0.8.0": true, "0.10.1": true, "1.0": true, "": false, "x": false} {
		if got := NewPGVector("public", v).iterative(); got != want {
			t.Errorf("%q: iterative = %v, want %v", v, got, want)
		}
	}
}
