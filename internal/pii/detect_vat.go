package pii

import (
	"math/rand/v2"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// EU VAT numbers (and the UK's): the two-letter prefix, then the national
// body with its published check (checkdigit.VAT). People write them
// glued (DE136695976), spaced or dotted (DE 136.695.976), with a colon
// after the prefix (DE: 136695976) and Belgians with the leading zero in
// brackets (BE (0)403.170.701); the scanner joins all of these into one
// run. A VAT number of a country that has its own tax type reports as
// that type (tax_id_de for DE..., tax_id_uk for GB and XI), as the French,
// Dutch, Polish and Portuguese types always did; the others report as
// vat_eu.

// sepColon marks a colon after a VAT country prefix ("DE: 1366...").
const sepColon uint8 = 1 << 5

var vatDetector *detector

// vatOwnType names the national type a country's VAT number reports as.
var vatOwnType = map[string]string{"DE": "tax_id_de", "ES": "tax_id_es", "IT": "tax_id_it", "GB": "tax_id_uk",
	"XI": "tax_id_uk", "FR": "tax_id_fr", "NL": "tax_id_nl", "PL": "tax_id_pl", "PT": "tax_id_pt"}

func init() {
	vatDetector = &detector{
		TypeInfo: TypeInfo{Name: "vat_eu", Jurisdiction: JurisdictionEU,
			Description: "EU (and Swiss) VAT identification number: country prefix and the national body with its check digits (countries without a tax type of their own; DE, ES, IT, FR, NL, PL, PT and GB report as their tax type)",
			Example:     "CZ25123891", Checksum: true},
		base: 0.85, minLen: 4, maxLen: 15, alnum: true, seps: sepSpace | sepDot | sepDash | sepParen | sepColon,
		label: "VAT",
		check: vatCheck,
		synth: synthVAT,
	}
	register(vatDetector)
}

// vatCheck accepts a candidate that starts with a known prefix and whose
// body passes the country's check. The prefix must be its own group or
// glued to the digits; a body shorter than seven characters (Romania
// issues them from two) needs a VAT label.
func vatCheck(c *cand) (float64, bool) {
	b := c.compact
	if !isLetter(b[0]) || !isLetter(b[1]) || !checkdigit.VATCountry(string(b[:2])) {
		return 0, false
	}
	if c.groups[0] != 2 && !(c.groups[0] >= 3 && c.text[c.start:c.start+2] == string(b[:2])) {
		return 0, false
	}
	if c.seps&sepColon != 0 && c.groups[0] != 2 {
		return 0, false
	}
	if checkdigit.VAT(string(b)) != nil {
		return 0, false
	}
	if len(b)-2 < 7 {
		return -0.4, true
	}
	return 0, true
}

// vatReportAs returns the detector the finding is reported under: the
// country's own tax type when it exists and is enabled.
func (s *scanner) vatReportAs(d *detector, c *cand) *detector {
	if own := byName[vatOwnType[string(c.compact[:2])]]; own != nil && s.cfg.enabled.has(own.idx) {
		return own
	}
	return d
}

// vatPrefixTok reports whether token tk is a VAT country prefix in capitals,
// the only token a colon may join to the number after it.
func (s *scanner) vatPrefixTok(tk tok) bool {
	return tk.end-tk.start == 2 && tk.digits == 0 && class[s.text[tk.start]] == clUpper &&
		class[s.text[tk.start+1]] == clUpper && checkdigit.VATCountry(s.text[tk.start:tk.end])
}

// synthVAT makes Czech company numbers (weights 8..2, mod 11).
func synthVAT(r *rand.Rand) string {
	for {
		b := "CZ" + string(randNonZero(r)) + string(randDigits(r, 6))
		for d := byte('0'); d <= '9'; d++ {
			if v := b + string(d); checkdigit.VAT(v) == nil && b[2] != '9' {
				return v
			}
		}
	}
}
