package pii

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Universal types beyond the first catalogue: URLs, MAC addresses and
// dates.

func isHex(c byte) bool {
	return isDigit(c) || ('A' <= c && c <= 'F') || ('a' <= c && c <= 'f')
}

// urlStop are characters that end a URL in running text.
const urlStop = " \t\r\n\"'<>`{}|\\^"

// url reads a URL from a scheme word ("https") or a "www" word.
func (s *scanner) url(i, j int) {
	t := s.text
	if strings.EqualFold(t[i:j], "www") {
		if j >= len(t) || t[j] != '.' || (i > 0 && (t[i-1] == '/' || t[i-1] == '.' || t[i-1] == '@')) {
			return // not a bare www., or inside a URL / address already read
		}
	} else if !strings.HasPrefix(t[j:], "://") || (i > 0 && class[t[i-1]] != 0) {
		return
	}
	e := j
	for e < len(t) && e-i < 2048 && t[e] >= 0x21 && t[e] < 0x7f && strings.IndexByte(urlStop, t[e]) < 0 {
		e++
	}
	for e > j && strings.IndexByte(".,;:!?)]", t[e-1]) >= 0 {
		e--
	}
	host := strings.TrimPrefix(t[j:e], "://")
	if k := strings.IndexAny(host, "/?#"); k >= 0 {
		host = host[:k]
	}
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = host[at+1:]
	}
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 || len(host)-dot-1 < 2 {
		return
	}
	for k := dot + 1; k < len(host); k++ {
		if class[host[k]]&(clUpper|clLower) == 0 {
			return // the top-level domain is letters
		}
	}
	s.emitLabelled(byName["url"], i, e, byName["url"].base)
}

// macColon reads a MAC address written with colons when the scanner meets
// the first colon; ok is false when the text there is something else.
func (s *scanner) macColon(i int) (int, bool) {
	t := s.text
	a := i - 2
	b := a + 17
	if a < 0 || b > len(t) || (a > 0 && (class[t[a-1]] != 0 || t[a-1] == ':' || t[a-1] == '.')) ||
		(b < len(t) && (class[t[b]] != 0 || t[b] == ':')) {
		return 0, false
	}
	for k := 0; k < 6; k++ {
		if !isHex(t[a+3*k]) || !isHex(t[a+3*k+1]) || (k < 5 && t[a+3*k+2] != ':') {
			return 0, false
		}
	}
	s.dropTokensFrom(a)
	d := byName["mac_address"]
	s.emitLabelled(d, a, b, d.base)
	return b, true
}

// dateValid reads day, month and year from a date run in the orders
// documents use (D.M.Y, M/D/Y, Y-M-D, and YYYYMMDD or DDMMYYYY without
// separators) and reports whether one of the readings is a calendar date.
func dateValid(c *cand) bool {
	b := c.compact
	if len(c.groups) == 1 && len(b) == 8 { // 20240312 or 12032024
		y, m, d := num(b[:4]), num(b[4:6]), num(b[6:])
		y2, m2, d2 := num(b[4:]), num(b[2:4]), num(b[:2])
		return (y >= 1900 && y < 2100 && validDate(y, m, d)) || (y2 >= 1900 && y2 < 2100 && validDate(y2, m2, d2))
	}
	if len(c.groups) != 3 || (c.seps != sepDot && c.seps != sepSlash && c.seps != sepDash) {
		return false
	}
	g0, g1 := c.groups[0], c.groups[1]
	x, y, z := num(b[:g0]), num(b[g0:g0+g1]), num(b[g0+g1:])
	switch {
	case g0 == 4 && g1 <= 2 && c.groups[2] <= 2:
		return x >= 1900 && x < 2100 && validDate(x, y, z)
	case g0 <= 2 && g1 <= 2 && (c.groups[2] == 4 || c.groups[2] == 2):
		if c.groups[2] == 2 {
			z += 2000
		} else if z < 1900 || z >= 2100 {
			return false
		}
		return validDate(z, y, x) || validDate(z, x, y)
	}
	return false
}

// documentDateWords name the dates of a business document (issue, due,
// delivery, service period) in the catalogue's languages.
var documentDateWords = map[string]bool{"issue": true, "issued": true, "due": true, "delivery": true,
	"payment": true, "shipping": true, "service": true, "period": true, "start": true, "end": true,
	"echeance": true, "debut": true, "fin": true, "prestation": true, "livraison": true, "emission": true,
	"faellig": true, "lieferung": true, "leistung": true, "zahlung": true, "vade": true, "teslim": true,
	"duzenleme": true, "fattura": true, "scadenza": true, "consegna": true, "vencimiento": true, "entrega": true}

// businessLine reports whether a business word (invoice, order, total...)
// or a document-date word (issue, due, delivery) stands on the
// candidate's line before it: "Invoice date" is the document's date, not
// a person's.
func businessLine(c *cand) bool {
	t := c.text
	a := c.start - ctxWindow
	if a < 0 {
		a = 0
	}
	if nl := strings.LastIndexByte(t[a:c.start], '\n'); nl >= 0 {
		a += nl + 1
	}
	var buf [64]byte
	for k := a; k < c.start; {
		r, n := utf8.DecodeRuneInString(t[k:])
		if !unicode.IsLetter(r) {
			k += n
			continue
		}
		e := k
		for e < c.start {
			r, n := utf8.DecodeRuneInString(t[e:])
			if !unicode.IsLetter(r) {
				break
			}
			e += n
		}
		if w, ok := foldWord(t[k:e], buf[:0]); ok {
			if li := labels[string(w)]; (li != nil && li.neg) || documentDateWords[string(w)] {
				return true
			}
		}
		k = e
	}
	return false
}

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "url", Jurisdiction: JurisdictionGlobal,
			Description: "URL: http, https or ftp scheme, or a bare www. address, with a dotted host", Example: "https://example.com/profile?id=42", Check: "shape"},
		base: 0.85, kind: kindTrigger, label: "Website",
		synth: func(r *rand.Rand) string {
			return fmt.Sprintf("https://%s.example.%s/%s", string(randLetters(r, 6, "abcdefghij")), pickStr(r, "com", "org", "de"), string(randLetters(r, 4, "klmnop")))
		},
	})
	onWords("http https ftp www", func(s *scanner, i, j int) { s.url(i, j) })
	register(&detector{
		TypeInfo: TypeInfo{Name: "mac_address", Jurisdiction: JurisdictionGlobal,
			Description: "MAC address: six hex pairs with colons or hyphens, or three groups of four with dots", Example: "00:1A:2B:3C:4D:5E", Check: "shape"},
		base: 0.9, minLen: 12, maxLen: 12, alnum: true, seps: sepDash | sepDot, label: "MAC",
		check: func(c *cand) (float64, bool) {
			for _, ch := range c.compact {
				if !isHex(ch) {
					return 0, false
				}
			}
			return 0, (groupsAre(c, 2, 2, 2, 2, 2, 2) && c.seps == sepDash) || (groupsAre(c, 4, 4, 4) && c.seps == sepDot)
		},
		synth: func(r *rand.Rand) string {
			const hex = "0123456789ABCDEF"
			var b strings.Builder
			for k := 0; k < 6; k++ {
				if k > 0 {
					b.WriteByte(':')
				}
				b.WriteByte(hex[r.IntN(16)])
				b.WriteByte(hex[r.IntN(10)])
			}
			return b.String()
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "date_time", Jurisdiction: JurisdictionGlobal,
			Description: "Date after a date label (DD.MM.YYYY, MM/DD/YYYY, YYYY-MM-DD, two-digit years too); a birth-date label makes it date_of_birth, a business label on the line (invoice, order) drops it",
			Example:     "12.03.2024", Check: "calendar date + label"},
		base: 0.1, minLen: 6, maxLen: 8, seps: sepDot | sepSlash | sepDash, label: "Date",
		labels: "date datum tarih tarihi fecha dated", labelLang: "en",
		check: func(c *cand) (float64, bool) { return 0, dateValid(c) && !businessLine(c) },
		synth: func(r *rand.Rand) string {
			y, m, d := 2000+r.IntN(30), 1+r.IntN(12), 1+r.IntN(28)
			switch r.IntN(3) {
			case 0:
				return fmt.Sprintf("%d-%s-%s", y, d2(m), d2(d))
			case 1:
				return fmt.Sprintf("%s/%s/%d", d2(m), d2(d), y)
			}
			return fmt.Sprintf("%s.%s.%d", d2(d), d2(m), y)
		},
	})
}
