package fields

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// currencySymbols maps symbols and local abbreviations to ISO 4217 codes.
var currencySymbols = map[string]string{
	"€": "EUR", "$": "USD", "us$": "USD", "£": "GBP", "₺": "TRY", "tl": "TRY", "ytl": "TRY",
	"¥": "JPY", "₹": "INR", "rs": "INR", "chf": "CHF", "fr.": "CHF", "kr": "SEK", "zł": "PLN", "zl": "PLN",
	"r$": "BRL", "₽": "RUB", "$us": "USD", "c$": "CAD", "a$": "AUD",
}

// isoCurrencies are the codes we accept written out as words.
var isoCurrencies = map[string]bool{
	"EUR": true, "USD": true, "GBP": true, "TRY": true, "CHF": true, "JPY": true, "INR": true,
	"SEK": true, "NOK": true, "DKK": true, "PLN": true, "CZK": true, "HUF": true, "RON": true,
	"BGN": true, "CAD": true, "AUD": true, "NZD": true, "CNY": true, "BRL": true, "MXN": true,
	"ARS": true, "CLP": true, "COP": true, "ZAR": true, "RUB": true, "AED": true, "SAR": true,
	"SGD": true, "HKD": true, "KRW": true, "MAD": true, "TND": true, "DZD": true, "EGP": true,
}

// CurrencyCode returns the ISO code a word stands for ("€", "TL", "eur").
func CurrencyCode(w string) (string, bool) {
	t := strings.TrimFunc(w, func(r rune) bool { return r == ':' || r == ',' || r == '(' || r == ')' })
	if c, ok := currencySymbols[strings.ToLower(t)]; ok {
		return c, true
	}
	if u := strings.ToUpper(t); len(u) == 3 && isoCurrencies[u] {
		return u, true
	}
	return "", false
}

// ParseAmount reads a money amount such as "1.234,56", "1,234.56 €",
// "1'234.56", "(123.45)", "123.45-" or "EUR 1 234,56" and returns the
// number and the currency it names ("" when none).
func ParseAmount(s string) (float64, string, bool) {
	v, cur, n, _ := parseAmountWords(strings.Fields(s))
	if n == 0 || n != len(strings.Fields(s)) {
		return 0, "", false
	}
	return v, cur, true
}

// parseAmountWords reads an amount from the start of words, allowing a
// currency before or after it and digit groups split by spaces. It returns
// the value, currency, number of words used and a quality.
func parseAmountWords(words []string) (float64, string, int, float64) {
	i := 0
	cur := ""
	if len(words) > 0 {
		if c, ok := CurrencyCode(words[0]); ok {
			cur = c
			i = 1
		}
	}
	if i >= len(words) {
		return 0, "", 0, 0
	}
	// Glue digit groups written with spaces: "1 234 567,89".
	num := words[i]
	used := i + 1
	if isDigits(strings.TrimLeft(num, "-(")) && len(strings.TrimLeft(num, "-(")) <= 3 {
		for used < len(words) && used < i+4 && isGroup(words[used]) {
			num += words[used]
			used++
		}
	}
	if used < len(words) {
		if j, ok := joinSplitDecimal(num, words[used]); ok {
			num, used = j, used+1 // OCR split "79. 35"
		}
	}
	v, c2, q, ok := parseNumberToken(num)
	if !ok {
		// A bracket or rule OCR glued on ("63.60)", "10.50]"): only a
		// closing one without its opening, which would make it negative.
		if t := strings.TrimRight(num, ")]|,;"); t != num && !strings.ContainsAny(t, "([") {
			v, c2, q, ok = parseNumberToken(t)
		}
		if !ok {
			return 0, "", 0, 0
		}
	}
	if c2 != "" {
		cur = c2
	}
	if used < len(words) {
		if c, ok := CurrencyCode(words[used]); ok {
			if cur == "" {
				cur = c
			}
			used++
		} else if words[used] == "-" {
			v = -v
			used++
		}
	}
	return v, cur, used, q
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// isGroup matches a following thousands group: three digits, optionally
// with decimals and a closing bracket or trailing minus.
func isGroup(w string) bool {
	w = strings.TrimRight(w, ")-")
	if len(w) < 3 || !isDigits(w[:3]) {
		return false
	}
	rest := w[3:]
	if rest == "" {
		return true
	}
	return (rest[0] == ',' || rest[0] == '.') && isDigits(rest[1:]) && len(rest) <= 3
}

// glyphSymbols are the currency symbols that start with a sign rather
// than a letter ("€", "$us"), longest first so that the longer of two
// that both match is taken, in a fixed order. Built on first use, after
// every init has added its spellings.
var glyphSymbols = sync.OnceValue(func() []struct{ sym, code string } {
	var out []struct{ sym, code string }
	for sym, code := range currencySymbols {
		if r, _ := utf8.DecodeRuneInString(sym); sym != "" && !unicode.IsLetter(r) {
			out = append(out, struct{ sym, code string }{sym, code})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].sym) != len(out[j].sym) {
			return len(out[i].sym) > len(out[j].sym)
		}
		return out[i].sym < out[j].sym
	})
	return out
})

// parseNumberToken parses one glued token: signs, brackets, symbols and
// both decimal conventions. The separator that comes last and is followed
// by one, two or four-plus digits is the decimal mark; a lone separator
// followed by exactly three digits is a thousands mark.
func parseNumberToken(tok string) (float64, string, float64, bool) {
	t := strings.TrimSpace(tok)
	t = strings.TrimRight(t, ";:")
	if rest := strings.TrimLeft(t, ":"); rest != t && (strings.ContainsAny(rest, ".,") || strings.HasPrefix(rest, "-")) {
		// The label's colon glued to the amount ("ROUNDING :-0.01",
		// "Total :12.50"); a bare ":29" may be half a time.
		t = rest
	}
	neg := false
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		neg, t = true, t[1:len(t)-1]
	}
	if !strings.ContainsAny(t, "0123456789") {
		return 0, "", 0, false // most words of a page: no number to parse
	}
	cur := ""
	// Currency symbols glued to the number: "€1.234,56", "1.234,56€", "$-12".
	for _, gs := range glyphSymbols() {
		if strings.HasPrefix(t, gs.sym) {
			t, cur = t[len(gs.sym):], gs.code
		} else if strings.HasSuffix(t, gs.sym) {
			t, cur = t[:len(t)-len(gs.sym)], gs.code
		}
	}
	if num, code, ok := splitGluedCurrency(t); ok && cur == "" {
		t, cur = num, code // "RM8.20", "12,50TL"
	}
	t = strings.Replace(t, "−", "-", 1)
	if strings.HasPrefix(t, "-") {
		neg, t = !neg, t[1:]
	} else if strings.HasPrefix(t, "+") {
		t = t[1:]
	}
	if strings.HasSuffix(t, "-") {
		neg, t = !neg, t[:len(t)-1]
	}
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		neg, t = !neg, t[1:len(t)-1]
	}
	if t == "" || t[0] < '0' || t[0] > '9' {
		return 0, "", 0, false
	}
	t = strings.ReplaceAll(t, "'", "")
	t = strings.ReplaceAll(t, "’", "")
	t = strings.ReplaceAll(t, "\u00a0", "")
	t = strings.ReplaceAll(t, "\u202f", "")
	lastDot, lastComma := strings.LastIndexByte(t, '.'), strings.LastIndexByte(t, ',')
	q := 1.0
	var clean string
	switch {
	case lastDot >= 0 && lastComma >= 0:
		if lastDot > lastComma {
			clean = strings.ReplaceAll(t, ",", "")
		} else {
			clean = strings.ReplaceAll(strings.ReplaceAll(t, ".", ""), ",", ".")
		}
	case lastDot >= 0 || lastComma >= 0:
		sep := byte('.')
		pos := lastDot
		if lastComma >= 0 {
			sep, pos = ',', lastComma
		}
		count := strings.Count(t, string(sep))
		after := len(t) - pos - 1
		if count > 1 || (after == 3 && t[:pos] != "0") {
			clean = strings.ReplaceAll(t, string(sep), "")
			if count == 1 {
				q = 0.8 // "1.234" could still be a decimal in some hands
			}
		} else {
			clean = strings.Replace(t, string(sep), ".", 1)
		}
	default:
		clean = t
	}
	for _, r := range clean {
		if (r < '0' || r > '9') && r != '.' {
			return 0, "", 0, false
		}
	}
	v, err := strconv.ParseFloat(clean, 64)
	if err != nil {
		return 0, "", 0, false
	}
	if neg {
		v = -v
	}
	return v, cur, q, true
}
