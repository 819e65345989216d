package judge

import (
	"encoding/json"
	"math/big"
	"strconv"
	"strings"

	"github.com/quarrydev/quarry/internal/fields"
)

// Amounts are compared as exact decimals (math/big.Rat built from the
// shortest decimal spelling of each value), so 0.1 + 0.2 is 0.3 and a
// tolerance of one cent means one cent, never a float artefact.

// decimalOf reads a field value as a number: a JSON number in any of the
// shapes the pipeline carries (float64, int64, json.Number), or a string
// amount such as "1.234,56 EUR" when a schema typed the amount as text.
func decimalOf(v any) (*big.Rat, bool) {
	var s string
	switch x := v.(type) {
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		s = strconv.FormatFloat(float64(x), 'f', -1, 32)
	case int64:
		s = strconv.FormatInt(x, 10)
	case int:
		s = strconv.Itoa(x)
	case json.Number:
		s = x.String()
	case string:
		f, _, ok := fields.ParseAmount(strings.TrimSuffix(strings.TrimSpace(x), "%"))
		if !ok {
			return nil, false
		}
		s = strconv.FormatFloat(f, 'f', -1, 64)
	default:
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// dec builds an exact decimal from its spelling; it is for constants.
func dec(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("judge: bad decimal constant " + s)
	}
	return r
}

func add(a, b *big.Rat) *big.Rat { return new(big.Rat).Add(a, b) }
func sub(a, b *big.Rat) *big.Rat { return new(big.Rat).Sub(a, b) }
func mul(a, b *big.Rat) *big.Rat { return new(big.Rat).Mul(a, b) }
func abs(a *big.Rat) *big.Rat    { return new(big.Rat).Abs(a) }

// within reports |a-b| <= tol.
func within(a, b, tol *big.Rat) bool { return abs(sub(a, b)).Cmp(tol) <= 0 }

// maxRat returns the larger of a and b.
func maxRat(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}

// show prints a decimal with two places, or more when it has them
// (unit prices such as 0.125), for notes a person reads.
func show(r *big.Rat) string {
	for places := 2; places <= 6; places++ {
		s := r.FloatString(places)
		back, _ := new(big.Rat).SetString(s)
		if back.Cmp(r) == 0 {
			return s
		}
	}
	return r.FloatString(6)
}
