package pii

import (
	"math/rand/v2"
	"strings"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// India.

// inStates are the state and union-territory codes that open a vehicle
// registration number.
const inStates = "AN AP AR AS BR CG CH DD DL DN GA GJ HP HR JH JK KA KL LA LD MH ML MN MP MZ NL OD OR PB PY RJ SK TN TR TS UK UP WB"

// validVehicleIN checks SS NN L{0,3} NNNN: a state code, a 1-2 digit
// district, up to three series letters and a 4-digit number.
func validVehicleIN(b []byte) bool {
	if len(b) < 7 || len(b) > 11 || !isLetter(b[0]) || !isLetter(b[1]) || !strings.Contains(inStates, string(b[:2])) {
		return false
	}
	k := 2
	for k < len(b) && k < 4 && isDigit(b[k]) {
		k++
	}
	if k == 2 {
		return false
	}
	l := k
	for l < len(b) && isLetter(b[l]) {
		l++
	}
	return l-k <= 3 && len(b)-l == 4 && allDigits(b[l:])
}

func synthPAN(r *rand.Rand) string {
	return string(randLetters(r, 3, upperAZ)) + string("PCHFT"[r.IntN(5)]) + string(randLetters(r, 1, upperAZ)) +
		string(randNonZero(r)) + string(randDigits(r, 3)) + string(randLetters(r, 1, upperAZ))
}

func init() {
	def{name: "pan_in", jur: JurisdictionIN, country: "IN", check: "shape (holder type)",
		desc:    "Indian Permanent Account Number: five letters (the fourth a holder type), four digits, a letter",
		example: "ACUPA7085R", label: "PAN", labels: "pan", labelLang: "en",
		base: 0.55, min: 10, max: 10, alnum: true, valid: validErr(checkdigit.PAN), synth: synthPAN}.register()
	def{name: "aadhaar_in", jur: JurisdictionIN, country: "IN", check: "Verhoeff",
		desc:    "Aadhaar number: 12 digits, first 2-9, Verhoeff check digit; printed 4-4-4 or after an Aadhaar label",
		example: "2341 2341 2346", label: "Aadhaar", labels: "aadhaar aadhar uidai uid", labelLang: "en",
		base: 0.4, bonus: 0.2, min: 12, max: 12, groups: [][]int{{4, 4, 4}}, valid: validErr(checkdigit.Aadhaar),
		synth: func(r *rand.Rand) string {
			v := retry(r, func(r *rand.Rand) (string, bool) {
				s := string(byte('2'+r.IntN(8))) + string(randDigits(r, 10))
				s += string(checkdigit.VerhoeffDigit(s))
				return s, checkdigit.Aadhaar(s) == nil
			})
			return group(v, " ", 4, 4)
		}}.register()
	def{name: "gstin_in", jur: JurisdictionIN, country: "IN", check: "Luhn mod 36 + PAN",
		desc:    "Indian GST identification number: state code, PAN, entity number, Z and a Luhn mod 36 check character",
		example: "27AAPFU0939F1ZV", label: "GSTIN", labels: "gstin gst", labelLang: "en",
		base: 0.8, min: 15, max: 15, alnum: true, valid: validErr(checkdigit.GSTIN),
		synth: func(r *rand.Rand) string {
			s := d2(1+r.IntN(37)) + synthPAN(r) + string(randNonZero(r)) + "Z"
			return s + string(checkdigit.GSTINCheck(s))
		}}.register()
	def{name: "voter_id_in", jur: JurisdictionIN, country: "IN", check: "Luhn",
		desc:    "Indian voter id (EPIC): three letters and seven digits, Luhn on the digits; needs a voter or EPIC label",
		example: "WKH1186253", label: "EPIC No", labels: "epic voter elector", labelLang: "en",
		base: 0.4, min: 10, max: 10, alnum: true, valid: validErr(checkdigit.EPIC),
		synth: func(r *rand.Rand) string {
			d := string(randDigits(r, 6))
			return string(randLetters(r, 3, upperAZ)) + d + string(luhnDigit([]byte(d)))
		}}.register()
	def{name: "vehicle_registration_in", jur: JurisdictionIN, country: "IN", check: "shape (state code)",
		desc:    "Indian vehicle registration: state code, district, series letters and a 4-digit number (MH 12 AB 1234, MH12AB1234); needs a vehicle or RTO label",
		example: "MH 12 AB 1234", label: "Vehicle No", labels: "vehicle rto registration", labelLang: "en",
		// Label-gated: unlabelled, every 7-11 character code with letters
		// would meet this check, which cost 7 % of the scan on invoices.
		base: 0.3, bonus: 0.1, min: 7, max: 11, alnum: true, seps: sepSpace | sepDash,
		groups: [][]int{{2, 2, 2, 4}, {2, 2, 1, 4}, {2, 1, 2, 4}, {2, 2, 3, 4}, {2, 2, 4}}, valid: validVehicleIN,
		synth: func(r *rand.Rand) string {
			st := strings.Fields(inStates)
			return st[r.IntN(len(st))] + " " + d2(1+r.IntN(99)) + " " + string(randLetters(r, 2, upperAZ)) + " " + string(randNonZero(r)) + string(randDigits(r, 3))
		}}.register()
}
