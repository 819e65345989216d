package pii

import (
	"strings"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// BIC codes (ISO 9362): four letters for the bank, the ISO 3166 country
// (any assigned code: banks outside the IBAN world have BICs too), two
// letters or digits for the location and an optional three-character
// branch. There is no check digit, so the shape alone proves little:
// eight capital letters are often a word. A BIC is therefore reported
// after a BIC/SWIFT label in any case and any common label spelling, and
// without a label only in the shapes words do not take: a digit in the
// location or branch (ABNANL2A, DEUTDEFF500), the XXX head-office
// branch (BKCHCNBJXXX) or right after an IBAN, written in capitals and
// not after a document label.

// bicLabelWords may stand between a BIC label and the code: "BIC/SWIFT
// code:", "SWIFT-Code", "Swift Kodu", "BIC (SWIFT) is".
var bicLabelWords = map[string]bool{"bic": true, "swift": true, "code": true, "kodu": true, "kod": true,
	"codice": true, "codigo": true, "no": true, "nr": true, "number": true, "nummer": true, "numero": true,
	"address": true, "adresse": true, "adres": true, "is": true, "ist": true, "est": true, "es": true,
	"der": true, "de": true, "la": true, "the": true, "bank": true, "banka": true}

// bicAfterLabel reads the code that follows a BIC or SWIFT label ending
// at k.
func (s *scanner) bicAfterLabel(k int) {
	d := byName["bic"]
	if d == nil || !s.cfg.enabled.has(d.idx) {
		return
	}
	t := s.text
	for words := 0; words < 4; words++ {
		k = skipBICGap(t, k)
		e := k
		for e < len(t) && class[t[e]] != 0 {
			e++
		}
		if e == k || e-k > 12 {
			return
		}
		var w [12]byte
		for i := k; i < e; i++ {
			w[i-k] = upper(t[i])
		}
		if (e-k == 8 || e-k == 11) && (e == len(t) || t[e] < 0x80) && checkdigit.BICWithCountry(string(w[:e-k])) == nil {
			s.emit(d, k, e, d.base)
			return
		}
		for i := range w[:e-k] {
			w[i] += 'a' - 'A'
		}
		if !bicLabelWords[strings.ToLower(string(w[:e-k]))] {
			// "SWIFT code for the transfer: DEUTDEFF": further on the
			// line, a capitalised code is still the label's.
			s.bicLaterOnLine(d, e)
			return
		}
		k = e
	}
}

// bicLaterOnLine looks at up to five more words on the line after a BIC
// label and reports the first one written in capitals that is a BIC.
func (s *scanner) bicLaterOnLine(d *detector, k int) {
	t := s.text
	for words := 0; words < 5 && k < len(t); words++ {
		for k < len(t) && class[t[k]] == 0 {
			if t[k] == '\n' {
				return
			}
			k++
		}
		e := k
		for e < len(t) && class[t[e]] != 0 {
			e++
		}
		if n := e - k; (n == 8 || n == 11) && (e == len(t) || t[e] < 0x80) && checkdigit.BICWithCountry(t[k:e]) == nil {
			s.emit(d, k, e, d.base)
			return
		}
		k = e
	}
}

// skipBICGap skips the punctuation and at most one line break between a
// label and its value.
func skipBICGap(t string, k int) int {
	breaks := 0
	for n := 0; k < len(t) && n < 10; n++ {
		switch t[k] {
		case '\n':
			if breaks++; breaks > 1 {
				return k
			}
		case ' ', '\t', '\r', ':', '-', '=', '|', '(', ')', '/', '#', '.', ',', '"', '\'':
		default:
			return k
		}
		k++
	}
	return k
}

// bareBIC reports a capitalised word [i,j) of 8 or 11 characters that has
// a BIC's shape and one of the unlabelled shapes words do not take.
func (s *scanner) bareBIC(i, j, digits int) {
	d := byName["bic"]
	if d == nil || !s.cfg.enabled.has(d.idx) {
		return
	}
	t := s.text
	if digits == 0 && !(j-i == 11 && t[i+8:j] == "XXX") && !s.afterIBAN(i) {
		return
	}
	if (i > 0 && !bicBoundary(t[i-1])) || (j < len(t) && !bicBoundary(t[j])) {
		return
	}
	if checkdigit.BICWithCountry(t[i:j]) != nil {
		return
	}
	if n := len(s.found); n > 0 && s.found[n-1].Start == i {
		return // already read after its label
	}
	cx := s.context(i)
	if cx.neg {
		return
	}
	s.emit(d, i, j, s.score(d, 0.7, &cx))
}

// afterIBAN reports whether an IBAN of the same country as the code at i
// was reported just before it (within 80 bytes): the code next to an
// account number is its bank's BIC ("DE89 3704 0044 0532 0130 00
// COBADEFF"), and a word that happens to have a BIC's shape rarely names
// the account's country too.
func (s *scanner) afterIBAN(i int) bool {
	n := len(s.found)
	if n == 0 || i+6 > len(s.text) {
		return false
	}
	f := s.found[n-1]
	return ibanTypes.has(f.idx) && f.End <= i && i-f.End <= 80 &&
		upper(f.Value[0]) == s.text[i+4] && upper(f.Value[1]) == s.text[i+5]
}

// bicBoundary: a BIC stands alone, not inside a longer code or path.
func bicBoundary(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == ':' ||
		c == '(' || c == ')' || c == '"' || c == '\'' || c == '.'
}
