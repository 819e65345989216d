package judge

import (
	"fmt"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/fields"
)

// isoDay is a value's date part when it is an ISO date ("2025-05-15",
// "2025-05-15T10:00:00Z"); ISO dates compare in order as strings.
func isoDay(s *slot) (string, bool) {
	if s == nil {
		return "", false
	}
	v, ok := s.f.Value.(string)
	if !ok || !isISODate(v) {
		return "", false
	}
	return v[:10], true
}

func firstDate(ss []*slot) *slot {
	for _, s := range ss {
		if _, ok := isoDay(s); ok {
			return s
		}
	}
	return nil
}

// dateOrder checks issue <= due and each period's start <= end. Period
// bounds pair by the rest of their names ("period_start"/"period_end");
// a single start and a single end pair with each other.
func (j *judgement) dateOrder() {
	j.ordered(firstDate(j.top[roleIssueDate]), firstDate(j.top[roleDueDate]), "issue date", "due date")
	var starts, ends []*slot
	for _, s := range j.top[rolePeriodStart] {
		if _, ok := isoDay(s); ok {
			starts = append(starts, s)
		}
	}
	for _, s := range j.top[rolePeriodEnd] {
		if _, ok := isoDay(s); ok {
			ends = append(ends, s)
		}
	}
	if len(starts) == 1 && len(ends) == 1 {
		j.ordered(starts[0], ends[0], starts[0].f.Name, ends[0].f.Name)
		return
	}
	for _, a := range starts {
		for _, b := range ends {
			if periodStem(a.f.Name) == periodStem(b.f.Name) {
				j.ordered(a, b, a.f.Name, b.f.Name)
			}
		}
	}
}

func (j *judgement) ordered(a, b *slot, aName, bName string) {
	x, ok1 := isoDay(a)
	y, ok2 := isoDay(b)
	if !ok1 || !ok2 {
		return
	}
	if x <= y {
		j.record(CheckDateOrder, passed, true, fmt.Sprintf("%s %s is not after %s %s", aName, x, bName, y), a, b)
		return
	}
	j.record(CheckDateOrder, failed, true, fmt.Sprintf("%s %s is after %s %s", aName, x, bName, y), a, b)
}

// agreement checks that fields meaning the same thing (two totals in two
// groups, a header date and a footer date) hold the same value.
func (j *judgement) agreement() {
	for r, ss := range j.top {
		if len(ss) < 2 || r == rolePeriodStart || r == rolePeriodEnd {
			continue // two bounds of different periods need not agree
		}
		var withValue []*slot
		for _, s := range ss {
			if s.f.Value != nil && !isList(s.f.Value) {
				withValue = append(withValue, s)
			}
		}
		for i := 1; i < len(withValue); i++ {
			a, b := withValue[0], withValue[i]
			if sameValue(a.f.Value, b.f.Value) {
				j.record(CheckAgreement, passed, true, fmt.Sprintf("%s and %s agree (%v)", a.path, b.path, a.f.Value), a, b)
			} else {
				j.record(CheckAgreement, failed, true, fmt.Sprintf("%s is %v but %s is %v: both are the %s", a.path, a.f.Value, b.path, b.f.Value, r), a, b)
			}
		}
	}
}

func isList(v any) bool {
	_, ok := v.([]api.ExtractedField)
	return ok
}

func sameValue(a, b any) bool {
	x, ok1 := decimalOf(a)
	y, ok2 := decimalOf(b)
	if ok1 && ok2 {
		return x.Cmp(y) == 0
	}
	return compact(fmt.Sprint(a)) == compact(fmt.Sprint(b))
}

// Symbols several currencies print: a "$" agrees with any dollar or peso.
var symbolFamilies = map[string][]string{
	"$":  {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "TWD", "MXN", "ARS", "CLP", "COP", "UYU", "BRL"},
	"kr": {"SEK", "NOK", "DKK", "ISK"},
	"¥":  {"JPY", "CNY"},
	"rs": {"INR", "PKR", "LKR"},
}

// maxCurrencyWords bounds the currency scan on very long documents.
const maxCurrencyWords = 20000

// currency checks the currency field against the codes and symbols the
// document prints: it passes when the page names it, fails when the page
// names only other currencies, and cannot tell when it names none.
func (j *judgement) currency() {
	l := j.in.Layout
	if l == nil {
		return
	}
	if len(j.top[roleCurrency]) == 0 {
		return
	}
	seen, families := j.printedCurrencies()
	for _, s := range j.top[roleCurrency] {
		code, ok := s.f.Value.(string)
		if !ok || len(code) != 3 {
			continue
		}
		code = strings.ToUpper(code)
		switch {
		case seen[code]:
			j.record(CheckCurrency, passed, false, fmt.Sprintf("the document prints %s or its symbol", code), s)
		case familyHas(families, code):
			j.record(CheckCurrency, passed, false, fmt.Sprintf("the document prints a symbol %s uses", code), s)
		case len(seen) > 0:
			j.record(CheckCurrency, failed, false, fmt.Sprintf("the document prints %s, never %s", strings.Join(sortedKeys(seen), ", "), code), s)
		default:
			j.record(CheckCurrency, inconclusive, false, "the document prints no currency code or symbol", s)
		}
	}
}

func familyHas(families map[string]bool, code string) bool {
	for sym := range families {
		for _, c := range symbolFamilies[sym] {
			if c == code {
				return true
			}
		}
	}
	return false
}

// printedCurrencies lists the codes the layout's words name, alone or
// glued to an amount ("$4.11", "12,50TL"), and which ambiguous symbols
// occur.
func (j *judgement) printedCurrencies() (map[string]bool, map[string]bool) {
	seen, families := map[string]bool{}, map[string]bool{}
	for i, w := range j.in.Layout.Words {
		if i >= maxCurrencyWords {
			break
		}
		for _, tok := range currencyTokens(w.Text) {
			if _, ok := symbolFamilies[strings.ToLower(tok)]; ok {
				families[strings.ToLower(tok)] = true
				continue
			}
			if c, ok := fields.CurrencyCode(tok); ok {
				seen[c] = true
			}
		}
	}
	return seen, families
}

// currencyTokens returns the word itself and, when it is glued to a
// number, the letters or symbols before and after the digits.
func currencyTokens(w string) []string {
	out := []string{w}
	rs := []rune(w)
	i := 0
	for i < len(rs) && !isDigit(rs[i]) {
		i++
	}
	if i > 0 && i < len(rs) && i <= 3 {
		out = append(out, string(rs[:i]))
	}
	k := len(rs)
	for k > 0 && !isDigit(rs[k-1]) {
		k--
	}
	if k > 0 && k < len(rs) && len(rs)-k <= 3 {
		out = append(out, string(rs[k:]))
	}
	return out
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
