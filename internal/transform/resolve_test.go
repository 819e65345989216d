package transform

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

func TestExactKeyAndTokens(t *testing.T) {
	t.Parallel()
	keys := map[string]string{"12.345.678-z": "12345678Z", " x1234567l ": "X1234567L", "--": "", "ñ-1": "Ñ1"}
	for in, want := range keys {
		if got := exactKey(in); got != want {
			t.Errorf("exactKey(%q) = %q, want %q", in, got, want)
		}
	}
	toks := map[string]string{"MARÍA  García-López": "garcia lopez maria", "Ça va, Zoë!": "ca va zoe", "": ""}
	for in, want := range toks {
		var got []string
		for tok := range tokens(in) {
			got = append(got, tok)
		}
		sort.Strings(got)
		if strings.Join(got, " ") != want {
			t.Errorf("tokens(%q) = %v, want %q", in, got, want)
		}
	}
}

func TestTokensMatch(t *testing.T) {
	t.Parallel()
	set := func(s string) map[string]bool { return tokens(s) }
	cases := []struct {
		a, b string
		min  int
		want bool
	}{
		{"juan perez", "Juan Pérez Sánchez", 2, true},
		{"Juan Pérez Sánchez", "juan perez", 2, true},
		{"ana", "ana ruiz", 2, false},
		{"ana", "ana ruiz", 1, true},
		{"pedro ruiz", "ana ruiz", 1, false},
		{"", "", 1, false},
		{"a b c", "a b c", 3, true},
	}
	for _, c := range cases {
		if got := tokensMatch(set(c.a), set(c.b), c.min); got != c.want {
			t.Errorf("tokensMatch(%q, %q, %d) = %v", c.a, c.b, c.min, got)
		}
	}
}

func TestBetterMemberOrder(t *testing.T) {
	t.Parallel()
	f := func(v any) api.ExtractedField { return api.ExtractedField{Name: "x", Value: v} }
	cases := []struct {
		a, b any
		want bool
	}{
		{"x", nil, true}, {nil, "x", false}, {"", "  ", false}, {"abc", "ab", true}, {"ab", "abc", false},
		{"abc", "abd", true}, {"abd", "abc", false}, {12.5, "", true}, {[]api.ExtractedField{}, "a", false},
	}
	for _, c := range cases {
		if got := better(f(c.a), f(c.b)); got != c.want {
			t.Errorf("better(%v, %v) = %v", c.a, c.b, got)
		}
	}
}

// Many keyless rows with one shared surname: the token index keeps the
// work proportional to real candidates, and nothing merges by accident.
func TestManyKeylessRowsStayApart(t *testing.T) {
	t.Parallel()
	var rows []row
	for i := range 3000 {
		rows = append(rows, newRow("p", []api.ExtractedField{{Name: "dni"}, {Name: "nombre", Value: fmt.Sprintf("Nombre%d Garcia", i)}}, nil, 0.5, api.RowSource{Row: i}))
	}
	if got := len(resolve(rows, []string{"dni", "nombre"}, 2)); got != 3000 {
		t.Fatalf("%d clusters", got)
	}
}

// A keyless row whose name holds a shorter name already placed joins it
// (found through the subset lookup); one whose name is inside a longer
// placed name joins that (found through its rarest token).
func TestKeylessRowsJoinInBothDirections(t *testing.T) {
	t.Parallel()
	r := func(dni, nombre string) row {
		return newRow("p", []api.ExtractedField{{Name: "dni", Value: dni}, {Name: "nombre", Value: nombre}}, nil, 0.5, api.RowSource{})
	}
	rows := []row{r("1", "Juan Pérez"), r("2", "Ana María Ruiz Gómez"), r("", "juan perez sanchez"), r("", "ana ruiz"), r("", "Luis")}
	got := fmt.Sprint(resolve(rows, []string{"dni", "nombre"}, 2))
	if got != "[[0 2] [1 3] [4]]" {
		t.Fatalf("clusters %s", got)
	}
}
