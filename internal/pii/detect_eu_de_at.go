package pii

import (
	"math/rand/v2"
	"strings"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// Germany and Austria.

const deIDLetters = "CFGHJKLMNPRTVWXYZ"

func validDEPersonalausweis(b []byte) bool { return checkdigit.IDCardDE(string(b)) == nil }

// deIDSerial: a card serial of nine characters, a letter of the card
// alphabet first and at least one digit among the rest.
func deIDSerial(b []byte) bool {
	if strings.IndexByte(deIDLetters, b[0]) < 0 {
		return false
	}
	digits := 0
	for _, c := range b[1:] {
		switch {
		case isDigit(c):
			digits++
		case strings.IndexByte(deIDLetters, c) < 0:
			return false
		}
	}
	return digits > 0
}

// prefixedNumber reports whether b is two or more letters followed only
// by digits, the shape of a document number with a series prefix.
func prefixedNumber(b []byte) bool {
	i := 0
	for i < len(b) && isLetter(b[i]) {
		i++
	}
	return i >= 2 && allDigits(b[i:])
}

func validSteuerID(b []byte) bool { return checkdigit.SteuerID(string(b)) == nil }

func synthSteuerID(r *rand.Rand) string {
	for {
		perm := r.Perm(10)
		b := make([]byte, 0, 11)
		for _, p := range perm[:9] {
			b = append(b, byte('0'+p))
		}
		b = append(b, b[r.IntN(9)])
		if b[0] == '0' {
			continue
		}
		for d := byte('0'); d <= '9'; d++ {
			if validSteuerID(append(b[:10:10], d)) {
				return string(append(b, d))
			}
		}
	}
}

func validRVNR(b []byte) bool { return checkdigit.RVNR(string(b)) == nil }

func validATSV(b []byte) bool { return checkdigit.SVNR(string(b)) == nil }

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "national_id_de", Jurisdiction: JurisdictionEU, Country: "DE",
			Description: "German identity card (Personalausweis) number: 9 characters from the ID alphabet, with its 7-3-1 check digit or, after an ID label, without it", Example: "T220001293", Checksum: true},
		base: 0.55, minLen: 9, maxLen: 10, alnum: true, label: "Personalausweis",
		check: func(c *cand) (float64, bool) {
			if len(c.groups) != 1 || c.letters == 0 {
				return 0, false
			}
			if len(c.compact) == 9 {
				// The card prints the serial alone; the check digit only
				// appears in the MRZ. Nine characters prove little, so the
				// bare serial needs its label.
				return -0.3, deIDSerial(c.compact)
			}
			if !validDEPersonalausweis(c.compact) {
				return 0, false
			}
			if prefixedNumber(c.compact) {
				// Two letters then digits is how invoices and orders are
				// numbered (FT26785859); a card number needs its label.
				return -0.1, true
			}
			return 0, true
		},
		synth: func(r *rand.Rand) string {
			b := append([]byte{deIDLetters[r.IntN(len(deIDLetters))]}, randDigits(r, 8)...)
			return string(append(b, checkdigit.MRZDigit(string(b))))
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "tax_id_de", Jurisdiction: JurisdictionEU, Country: "DE",
			Description: "German tax identification number (Steuer-ID, IdNr): 11 digits, digit-repetition rule, ISO 7064 MOD 11,10", Example: "86095742719", Checksum: true},
		base: 0.6, minLen: 11, maxLen: 11, seps: sepSpace | sepDot | sepDash | sepSlash, label: "Steuer-ID",
		check: func(c *cand) (float64, bool) { return 0, validSteuerID(c.compact) },
		synth: synthSteuerID,
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "social_id_de", Jurisdiction: JurisdictionEU, Country: "DE",
			Description: "German pension insurance number (Rentenversicherungsnummer): area, birth date, initial, serial, check digit", Example: "73220890G041", Checksum: true},
		base: 0.8, minLen: 12, maxLen: 12, alnum: true, seps: sepSpace | sepDash, label: "Rentenversicherungsnummer",
		check: func(c *cand) (float64, bool) { return 0, validRVNR(c.compact) },
		synth: func(r *rand.Rand) string {
			y, m, d := randDate(r)
			b := []byte(d2(10+r.IntN(80)) + d2(d) + d2(m) + d2(y%100) + string(randLetters(r, 1, upperAZ)) + string(randDigits(r, 2)))
			return string(append(b, checkdigit.RVNRCheckDigit(string(b))))
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "social_id_at", Jurisdiction: JurisdictionEU, Country: "AT",
			Description: "Austrian social insurance number (SV-Nummer): serial, mod-11 check digit, birth date DDMMYY", Example: "1237 010180", Checksum: true},
		maxAdj: 0.15, base: 0.45, minLen: 10, maxLen: 10, seps: sepSpace | sepDash | sepDot | sepSlash, label: "SV-Nummer",
		check: func(c *cand) (float64, bool) {
			if !validATSV(c.compact) {
				return 0, false
			}
			if groupsAre(c, 4, 6) {
				return 0.15, true
			}
			return 0, true
		},
		synth: func(r *rand.Rand) string {
			for {
				y, m, d := randDate(r)
				b := []byte(string(randNonZero(r)) + string(randDigits(r, 2)) + "0" + d2(d) + d2(m) + d2(y%100))
				ck := checkdigit.SVNRCheckDigit(string(b))
				if ck < 10 {
					b[3] = byte('0' + ck)
					return string(b[:4]) + " " + string(b[4:])
				}
			}
		},
	})
}
