package pii

import "github.com/quarrydev/quarry/internal/checkdigit"

// Near misses. A run that has the shape of an IBAN (country code, two
// check digits, then about the country's BBAN length of groups) is an
// account number even when its check digits are wrong: a typo must not
// turn its digit groups into a phone number, a MERSIS or SIRET number or
// a PESEL. The scanner records such a run as a claim, and resolve drops
// every finding of a weaker type that overlaps it. Separately, a value
// right after a document label (invoice, order, receipt number...) is
// that document's number, so identity types are vetoed there (score).

type claimSpan struct{ start, end int }

// ibanSlack is how many characters an IBAN-shaped run may differ from its
// country's length and still be claimed: a dropped or doubled digit is
// the commonest typo.
const ibanSlack = 2

// claimIBANShapes records the IBAN-shaped spans of a run.
func (s *scanner) claimIBANShapes(toks []tok) {
	t := s.text
	for a := 0; a < len(toks); a++ {
		tk := toks[a]
		var cc [2]byte
		next := a + 1
		switch tk.end - tk.start {
		case 4: // "DE89"
			if tk.digits != 2 || !isDigit(t[tk.start+2]) || !isDigit(t[tk.start+3]) {
				continue
			}
			cc = [2]byte{upper(t[tk.start]), upper(t[tk.start+1])}
		case 2: // "DE 89"
			if tk.digits != 0 || next >= len(toks) || toks[next].end-toks[next].start != 2 || toks[next].digits != 2 {
				continue
			}
			cc = [2]byte{t[tk.start], t[tk.start+1]}
			next++
		default:
			continue
		}
		n, ok := checkdigit.IBANLength(string(cc[:]))
		if !ok {
			// A mistyped or unknown country code: any length an IBAN may
			// have, in at least four groups, written in capitals.
			if !isLetter(t[tk.start]) || !isLetter(t[tk.start+1]) || len(toks)-a < 4 {
				continue
			}
			n = checkdigit.IBANMaxLen - ibanSlack
		}
		length, end := 4, toks[next-1].end
		for b := next; b < len(toks); b++ {
			g := t[toks[b-1].end:toks[b].start]
			if m, _ := sepGap(g); m&^(sepSpace|sepDash) != 0 || length+toks[b].end-toks[b].start > n+ibanSlack {
				break
			}
			length += toks[b].end - toks[b].start
			end = toks[b].end
		}
		if length >= n-ibanSlack || (!ok && length >= checkdigit.IBANMinLen) {
			s.claims = append(s.claims, claimSpan{tk.start, end})
		}
	}
}

func upper(c byte) byte {
	if class[c] == clLower {
		return c - ('a' - 'A')
	}
	return c
}

// claimed reports whether a finding of type idx over [start,end) falls
// inside an IBAN-shaped run that it may not report piecewise.
func (s *scanner) claimed(idx, start, end int) bool {
	if ibanTypes.has(idx) {
		return false
	}
	// Claims come in text order and findings mostly do too: look back
	// only until the claims end before this finding.
	for k := len(s.claims) - 1; k >= 0; k-- {
		c := s.claims[k]
		if c.end <= start {
			break
		}
		if c.start < end {
			return true
		}
	}
	return false
}

// ibanTypes may report inside an IBAN-shaped run; vetoable holds the
// identity types a document label vetoes (everything but contact data,
// payment data and label-anchored types, which a document label does not
// turn into a business number).
var ibanTypes, vetoable typeSet

func buildNearMiss() {
	buildNationalLead()
	keep := map[string]bool{"email": true, "credit_card": true, "ip": true, "ip_v6": true, "bic": true,
		"crypto_wallet": true, "passport_mrz": true, "name": true, "address": true, "date_of_birth": true,
		"province_tr": true, "company_name_tr": true, "iban": true, "iban_tr": true, "iban_intl": true}
	for _, d := range registry {
		switch {
		case d.Name == "iban" || d.Name == "iban_tr" || d.Name == "iban_intl":
			ibanTypes.add(d.idx)
		case keep[d.Name] || len(d.Name) > 6 && d.Name[:6] == "phone_":
		default:
			vetoable.add(d.idx)
		}
	}
}

// docNumberWords may stand between a document label and its value:
// "Fatura No:", "Rechnung Nr.", "Invoice number #".
var docNumberWords = map[string]bool{"no": true, "nr": true, "n": true, "num": true, "number": true,
	"nummer": true, "numero": true, "numara": true, "numarasi": true, "id": true, "code": true, "kod": true,
	"kodu": true, "date": true}

// labelOwnsValue reports whether the text between a document label and a
// candidate is only a number word, punctuation and at most one line
// break, so that the value is the label's ("Fatura No:\nFT26785859").
func labelOwnsValue(g string) bool {
	breaks := 0
	for i := 0; i < len(g); {
		c := g[i]
		switch {
		case c == '\n':
			breaks++
			if breaks > 1 {
				return false
			}
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == ':' || c == '.' || c == '#' || c == '-' || c == '/':
			i++
		case c == 0xc2 && i+1 < len(g) && (g[i+1] == 0xb0 || g[i+1] == 0xba || g[i+1] == 0xa0): // ° º nbsp
			i += 2
		case class[c]&(clUpper|clLower) != 0:
			j := i
			for j < len(g) && class[g[j]]&(clUpper|clLower) != 0 {
				j++
			}
			var w [12]byte
			if j-i > len(w) {
				return false
			}
			for k := i; k < j; k++ {
				w[k-i] = upper(g[k]) + ('a' - 'A')
			}
			if !docNumberWords[string(w[:j-i])] {
				return false
			}
			i = j
		default:
			return false
		}
	}
	return true
}

// ibanHead reports whether a compact candidate starts like an IBAN: two
// letters and two digits.
func ibanHead(b []byte) bool {
	return isLetter(b[0]) && isLetter(b[1]) && isDigit(b[2]) && isDigit(b[3])
}

// inIBANRun reports whether a short letter group at i continues the
// pending run (the caller checks there is one) that began like an IBAN,
// so that "gb82 west 1234 ..." in lower case stays one run.
func (s *scanner) inIBANRun(i int) bool {
	h := s.toks[0]
	t := s.text
	return h.end-h.start == 4 && h.digits == 2 && i-h.start < 40 && class[t[h.start]]&(clUpper|clLower) != 0 &&
		class[t[h.start+1]]&(clUpper|clLower) != 0
}
