package rules

import (
	"math"
	"strings"
	"time"
	"unicode"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/common/types/traits"
)

// amountTolerance is half a cent: two amounts that round to the same cent
// are the same amount, whatever binary floating point did to their sum.
const amountTolerance = 0.005

// helpers are the functions docs/rules.md documents. They exist so the
// checks callers write most (totals, dates, country codes) read as one
// call instead of a page of CEL. now is the run's clock, fixed per
// evaluation so a rule gives the same answer twice.
func helpers(now time.Time) []cel.EnvOption {
	return []cel.EnvOption{
		cel.Function("sum",
			cel.Overload("sum_list", []*cel.Type{cel.ListType(cel.DynType)}, cel.DoubleType,
				cel.UnaryBinding(sumList))),
		cel.Function("same_amount",
			cel.Overload("same_amount_dyn_dyn", []*cel.Type{cel.DynType, cel.DynType}, cel.BoolType,
				cel.BinaryBinding(sameAmount))),
		cel.Function("has_value",
			cel.Overload("has_value_dyn", []*cel.Type{cel.DynType}, cel.BoolType,
				cel.UnaryBinding(hasValue))),
		cel.Function("date",
			cel.Overload("date_string", []*cel.Type{cel.StringType}, cel.TimestampType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					t, err := parseDate(v)
					if err != nil {
						return err
					}
					return types.Timestamp{Time: t}
				}))),
		cel.Function("days_since",
			cel.Overload("days_since_dyn", []*cel.Type{cel.DynType}, cel.IntType,
				cel.UnaryBinding(func(v ref.Val) ref.Val { return daysSince(v, now) }))),
		cel.Function("iban_country",
			cel.Overload("iban_country_string", []*cel.Type{cel.StringType}, cel.StringType,
				cel.UnaryBinding(func(v ref.Val) ref.Val { return countryPrefix(v, "iban_country", nil) }))),
		cel.Function("vat_country",
			cel.Overload("vat_country_string", []*cel.Type{cel.StringType}, cel.StringType,
				cel.UnaryBinding(func(v ref.Val) ref.Val { return countryPrefix(v, "vat_country", vatToISO) }))),
	}
}

// number reads a CEL numeric value.
func number(v ref.Val) (float64, bool) {
	switch n := v.(type) {
	case types.Double:
		return float64(n), true
	case types.Int:
		return float64(n), true
	case types.Uint:
		return float64(n), true
	}
	return 0, false
}

// sumList adds the numbers of a list. A null or non-numeric item is an
// error rather than a zero: a line without an amount must not make the
// lines add up.
func sumList(v ref.Val) ref.Val {
	l, ok := v.(traits.Lister)
	if !ok {
		return types.NewErr("sum: expects a list")
	}
	total := 0.0
	it := l.Iterator()
	for i := 0; it.HasNext() == types.True; i++ {
		item := it.Next()
		n, ok := number(item)
		if !ok {
			return types.NewErr("sum: item %d is %s, not a number", i, describe(item))
		}
		total += n
	}
	return types.Double(total)
}

func sameAmount(a, b ref.Val) ref.Val {
	x, okA := number(a)
	y, okB := number(b)
	if !okA || !okB {
		return types.NewErr("same_amount: both arguments must be numbers (got %s and %s)", describe(a), describe(b))
	}
	return types.Bool(math.Abs(x-y) < amountTolerance)
}

// hasValue is true for anything but null, a blank string and an empty
// list or map: what a caller means by "the field is populated".
func hasValue(v ref.Val) ref.Val {
	switch x := v.(type) {
	case types.Null:
		return types.False
	case types.String:
		return types.Bool(strings.TrimSpace(string(x)) != "")
	case traits.Sizer:
		return types.Bool(x.Size() != types.IntZero)
	}
	return types.True
}

// parseDate reads the dates extraction produces (YYYY-MM-DD) and RFC 3339
// date-times, as UTC.
func parseDate(v ref.Val) (time.Time, ref.Val) {
	s, ok := v.(types.String)
	if !ok {
		return time.Time{}, types.NewErr("date: expects a string, got %s", describe(v))
	}
	text := strings.TrimSpace(string(s))
	if t, err := time.Parse(time.DateOnly, text); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, text); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, types.NewErr("date: %q is not a YYYY-MM-DD date", text)
}

// daysSince counts whole calendar days from a date to the run's day; a
// date in the future gives a negative number.
func daysSince(v ref.Val, now time.Time) ref.Val {
	var t time.Time
	switch x := v.(type) {
	case types.Timestamp:
		t = x.Time.UTC()
	case types.String:
		var err ref.Val
		if t, err = parseDate(x); err != nil {
			return err
		}
	default:
		return types.NewErr("days_since: expects a date string or a timestamp, got %s", describe(v))
	}
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	return types.Int(day(now.UTC()).Sub(day(t)).Hours() / 24)
}

// vatToISO maps the VAT prefixes that differ from ISO 3166 (Greece uses
// EL, Northern Ireland XI) to the country code an IBAN carries.
var vatToISO = map[string]string{"EL": "GR", "XI": "GB"}

// countryPrefix reads the two-letter country code that leads an IBAN or a
// VAT number, ignoring spaces and case; "" when there is none.
func countryPrefix(v ref.Val, fn string, remap map[string]string) ref.Val {
	s, ok := v.(types.String)
	if !ok {
		return types.NewErr("%s: expects a string, got %s", fn, describe(v))
	}
	var code []rune
	for _, r := range strings.ToUpper(string(s)) {
		if unicode.IsSpace(r) {
			continue
		}
		if r < 'A' || r > 'Z' || len(code) == 2 {
			break
		}
		code = append(code, r)
	}
	if len(code) < 2 {
		return types.String("")
	}
	cc := string(code)
	if iso, ok := remap[cc]; ok {
		cc = iso
	}
	return types.String(cc)
}

// describe names a value's CEL type for error messages.
func describe(v ref.Val) string {
	if v == nil {
		return "nothing"
	}
	if v.Type() == types.NullType {
		return "null"
	}
	return v.Type().TypeName()
}
