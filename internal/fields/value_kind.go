package fields

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/checkdigit"
)

// kind is the value shape a field expects; it decides how candidate words
// are parsed and whether a candidate fits at all.
type kind int

const (
	kText kind = iota
	kDate
	kAmount
	kInteger
	kBool
	kIBAN
	kEmail
	kCurrency
	kID    // an identifier: one token with at least one digit
	kTaxID // an identifier that is a tax number (taxIDShape)
	kBIC   // a bank identifier code: 8 or 11 letters and digits, often no digit at all
)

var idConcepts = map[string]bool{"invoice_number": true, "po_number": true, "employee_id": true, "vendor_tax_id": true,
	"customer_tax_id": true, "account_number": true, "tckn": true, "receipt_number": true}
var dateConcepts = map[string]bool{"issue_date": true, "due_date": true, "order_date": true, "delivery_date": true, "date": true}

// kindOf derives the expected shape from type, format, validators and, for
// strings without any of those, the field's concept or name words.
func kindOf(f *api.Field) kind {
	switch f.EffectiveType() {
	case api.TypeNumber:
		return kAmount
	case api.TypeInteger:
		return kInteger
	case api.TypeBoolean:
		return kBool
	}
	if f.Format != nil {
		switch *f.Format {
		case "date", "date-time":
			return kDate
		case "email":
			return kEmail
		case "currency":
			return kCurrency
		}
	}
	for _, v := range f.Validators {
		switch v.Name {
		case "iban":
			return kIBAN
		case "date", "datetime", "iso_8601":
			return kDate
		case "email":
			return kEmail
		case "currency_code":
			return kCurrency
		case "vat_id", "nif", "nie", "cif", "tckn", "ssn", "passport_number":
			return idKind(conceptFor(f.Name, f.Description))
		case "bic":
			return kBIC
		}
	}
	c := conceptFor(f.Name, f.Description)
	switch {
	case c == "iban":
		return kIBAN
	case c == "email":
		return kEmail
	case c == "currency":
		return kCurrency
	case dateConcepts[c]:
		return kDate
	case idConcepts[c]:
		return idKind(c)
	}
	for _, w := range strings.Fields(SplitName(f.Name)) {
		switch w {
		case "date", "tarih", "datum", "fecha":
			return kDate
		case "iban":
			return kIBAN
		case "email":
			return kEmail
		case "bic", "swift":
			return kBIC
		}
	}
	return kText
}

// parsed is a value read from the start of a candidate's words.
type parsed struct {
	value any
	n     int     // words used
	q     float64 // parse quality
}

var (
	reEmail    = regexp.MustCompile(`^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$`)
	reIBAN     = regexp.MustCompile(`^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$`)
	reIBANHead = regexp.MustCompile(`^[A-Z]{2}\d{2}`)
)

var boolWords = map[string]bool{
	"yes": true, "y": true, "true": true, "evet": true, "var": true, "ja": true, "oui": true, "si": true, "x": true,
	"no": false, "n": false, "false": false, "hayir": false, "yok": false, "nein": false, "non": false,
}

// parseAs reads a value of kind k from the start of words.
func parseAs(k kind, words []string, loc Locale, f *api.Field, re *regexp.Regexp) (parsed, bool) {
	if len(words) == 0 {
		return parsed{}, false
	}
	switch k {
	case kDate:
		iso, n, q := parseDateWords(words, loc)
		if n == 0 {
			return parsed{}, false
		}
		return parsed{iso, n, q}, true
	case kAmount, kInteger:
		v, _, n, q := parseAmountWords(words)
		if n == 0 {
			return parsed{}, false
		}
		if k == kInteger {
			if v != float64(int64(v)) {
				return parsed{}, false
			}
			return parsed{int64(v), n, q}, true
		}
		return parsed{v, n, q}, true
	case kBool:
		if b, ok := boolWords[foldToken(words[0])]; ok {
			return parsed{b, 1, 1}, true
		}
		return parsed{}, false
	case kEmail:
		w := strings.Trim(words[0], "<>(),;")
		if reEmail.MatchString(w) {
			return parsed{w, 1, 1}, true
		}
		return parsed{}, false
	case kCurrency:
		for i, w := range words {
			if i > 2 {
				break
			}
			if c, ok := CurrencyCode(w); ok {
				if i > 0 {
					return parsed{}, false
				}
				return parsed{c, 1, 1}, true
			}
		}
		return parsed{}, false
	case kIBAN:
		// Take the longest run of printed groups, then the longest prefix
		// of it that passes mod-97 (a group from the next column must not
		// be swallowed, and a prefix may pass by chance).
		var s string
		var ends []int
		for i, w := range words {
			u := strings.Trim(w, ":,;")
			if i == 0 {
				u = strings.ToUpper(u)
				if len(u) >= 4 {
					// Check digits are digits: OCR reads "DE59" as "DES9".
					u = u[:2] + ibanDigits.Replace(u[2:4]) + u[4:]
				}
			}
			// Printed IBANs start with country and check digits, then come
			// in upper-case groups (of four, unless OCR merged them).
			if !isAlnum(u) || len(s)+len(u) > 34 || (i == 0 && !reIBANHead.MatchString(u)) {
				break
			}
			s += u
			ends = append(ends, len(s))
		}
		for k := len(ends) - 1; k >= 0; k-- {
			c := s[:ends[k]]
			if reIBAN.MatchString(c) && ibanOK(c) {
				return parsed{c, k + 1, 1}, true
			}
			// An OCR slip of a digit into a letter breaks the checksum;
			// accept the repaired reading only when it then passes.
			if r := c[:4] + ibanDigits.Replace(c[4:]); r != c && reIBAN.MatchString(r) && ibanOK(r) {
				return parsed{r, k + 1, 0.9}, true
			}
		}
		if len(ends) > 0 && reIBAN.MatchString(s) {
			return parsed{s, len(ends), 0.6}, true
		}
		return parsed{}, false
	case kBIC:
		// "DEUTDEFF" has no digit, so the identifier rule cannot read it;
		// the BIC's own structure (with a real country) decides.
		w := strings.ToUpper(strings.Trim(words[0], ".,;:()#"))
		if checkdigit.BICWithCountry(w) != nil {
			return parsed{}, false
		}
		return parsed{w, 1, 0.9}, true
	case kID, kTaxID:
		w := strings.TrimRight(words[0], ".,;:)")
		w = strings.TrimLeft(w, "#(:")
		// A number sign glued to the value: "n°562044387", "Nr.123".
		for _, p := range []string{"N°", "n°", "Nº", "nº", "No.", "no.", "Nr.", "nr.", "N.", "n."} {
			if strings.HasPrefix(w, p) && len(w) > len(p) && hasDigit(w[len(p):]) {
				w = strings.TrimLeft(w[len(p):], " :#")
				break
			}
		}
		if w == "" {
			return parsed{}, false
		}
		n := 1
		// "DE 123 456 789", "ATU 1234 5678", "FR 604 219 388 61": glue
		// short digit groups to a country prefix or to the digits before.
		for n < len(words) && n < 6 && isDigits(words[n]) && len(words[n]) <= 4 && (len(w) <= 3 || isDigits(w[len(w)-1:])) {
			if rest := strings.TrimLeft(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"); rest != "" && !isDigits(rest) {
				break
			}
			w += words[n]
			n++
		}
		if !hasDigit(w) || k == kTaxID && !taxIDShape(w) {
			return parsed{}, false
		}
		if re != nil && !re.MatchString(w) {
			return parsed{}, false
		}
		return parsed{w, n, 1}, true
	}
	// Text: the whole candidate, without the rule fragments ("_", "|")
	// OCR reads from table lines.
	s := strings.TrimSpace(strings.Trim(strings.Join(words, " "), ":;,_|"))
	if s == "" {
		return parsed{}, false
	}
	if re != nil {
		if re.MatchString(s) {
			return parsed{s, len(words), 1}, true
		}
		for i, w := range words {
			if re.MatchString(w) && i == 0 {
				return parsed{w, 1, 1}, true
			}
		}
		return parsed{}, false
	}
	if len(f.Enum) > 0 {
		fs := Fold(s)
		for _, e := range f.Enum {
			if es, ok := e.(string); ok && Fold(es) == fs {
				return parsed{es, len(words), 1}, true
			}
		}
		for _, e := range f.Enum {
			if es, ok := e.(string); ok && Fold(es) == foldToken(words[0]) {
				return parsed{es, 1, 0.9}, true
			}
		}
		return parsed{}, false
	}
	return parsed{s, len(words), 0.9}, true
}

func isAlnum(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func hasDigit(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' {
			return true
		}
	}
	return false
}

// ibanDigits maps letters OCR confuses with digits.
var ibanDigits = strings.NewReplacer("O", "0", "Q", "0", "D", "0", "I", "1", "L", "1", "S", "5", "B", "8", "Z", "2", "G", "6")

// ibanOK checks the ISO 13616 mod-97 checksum of a 15-34 character run.
// The country length table is deliberately not applied: the caller tries
// ever shorter prefixes and already grades a checksum-valid run highest.
func ibanOK(s string) bool {
	return len(s) >= checkdigit.IBANMinLen && len(s) <= checkdigit.IBANMaxLen && checkdigit.IBANChecksum(s)
}

// taxIDConcepts are the concepts whose values are tax numbers.
var taxIDConcepts = map[string]bool{"vendor_tax_id": true, "customer_tax_id": true}

// idKind is the kind of an identifier of concept c: a tax number's, whose
// shape parseAs checks, or any other's. Decided once per field, not per
// candidate word.
func idKind(c string) kind {
	if taxIDConcepts[c] {
		return kTaxID
	}
	return kID
}

// taxIDShape reports whether w can be a tax number: six digits at least
// (the shortest VAT, TIN and GST numbers have eight or more; SIREN nine),
// no currency sign and not an amount with cents, so that the amount a
// "VAT" label also prints ("VAT ** $0.00", "VAT 20% 1,234,567.00") is
// never taken for the number.
func taxIDShape(w string) bool {
	digits := 0
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case unicode.Is(unicode.Sc, r):
			return false
		}
	}
	return digits >= 6 && !reAmountLike.MatchString(w)
}

// reAmountLike is an amount with cents ("1,234,567.00", "980.50"): tax
// numbers with separators end in groups of three ("CHE-123.456.789").
var reAmountLike = regexp.MustCompile(`^[\d.,' ]*[.,]\d{2}$`)
