package einvoice

import (
	"math/big"
	"strings"
)

// newAmount keeps the text and adds its canonical decimal form.
func newAmount(raw string) Amount {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return Amount{}
	}
	return Amount{Raw: raw, Value: canonDecimal(raw)}
}

// canonDecimal returns s as a canonical xsd:decimal: no sign for positives,
// no leading zeros, no trailing fractional zeros. It returns "" when s is
// not a decimal. A lone decimal comma is accepted because some writers use
// their locale's; grouping separators are not, as they are ambiguous.
func canonDecimal(s string) string {
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" && frac == "" {
		return ""
	}
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return ""
			}
		}
	}
	if strings.Contains(frac, ".") {
		return ""
	}
	intPart = strings.TrimLeft(intPart, "0")
	frac = strings.TrimRight(frac, "0")
	if intPart == "" {
		intPart = "0"
	}
	out := intPart
	if frac != "" {
		out += "." + frac
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out
}

// sumAmounts adds decimals exactly; the raw text carries the largest scale
// among the terms, as a person adding them on paper would write it. It
// returns the zero Amount when there are no terms or one is not a decimal.
func sumAmounts(terms []Amount) Amount {
	if len(terms) == 0 {
		return Amount{}
	}
	total := new(big.Rat)
	scale := 0
	for _, t := range terms {
		if t.Value == "" {
			return Amount{}
		}
		r, ok := new(big.Rat).SetString(t.Value)
		if !ok {
			return Amount{}
		}
		total.Add(total, r)
		if _, f, ok := strings.Cut(strings.TrimLeft(t.Raw, "+-"), "."); ok && len(f) > scale {
			scale = len(f)
		}
	}
	return newAmount(total.FloatString(scale))
}

// normDate turns the date forms e-invoices use into YYYY-MM-DD: ISO dates
// (with time or zone suffixes) and CII's format 102 (YYYYMMDD). Text in no
// known form is returned trimmed, so a validator downstream can flag it.
func normDate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 10 && isDigits(s[0:4]) && s[4] == '-' && isDigits(s[5:7]) && s[7] == '-' && isDigits(s[8:10]) {
		return s[:10]
	}
	if len(s) == 8 && isDigits(s) {
		return s[0:4] + "-" + s[4:6] + "-" + s[6:8]
	}
	return s
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// creditNoteCodes are the UNCL1001 document types EN 16931 treats as
// credit notes, plus FatturaPA's credit notes (TD04, and TD08 simplified).
var creditNoteCodes = map[string]bool{
	"81": true, "83": true, "261": true, "262": true, "296": true, "308": true,
	"381": true, "396": true, "420": true, "458": true, "532": true,
	"TD04": true, "TD08": true,
}

func kindOf(typeCode string) Kind {
	if creditNoteCodes[strings.TrimSpace(typeCode)] {
		return KindCreditNote
	}
	return KindInvoice
}
