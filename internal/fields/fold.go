// Package fields extracts schema-declared values from a document layout
// without any language model: labels are located with multilingual
// synonyms, values are read right of or below them and normalised by type,
// and every value is grounded to the words it came from.
package fields

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldRune maps letters to a lower-case, accent-free form so that "Fatura
// Numarası", "FATURA NUMARASI" and an OCR'd "Fatura Numarasi" compare equal.
// Turkish dotless/dotted i are folded by hand because unicode.ToLower alone
// would keep "ı".
var foldTable = map[rune]string{
	'ı': "i", 'İ': "i", 'ş': "s", 'Ş': "s", 'ğ': "g", 'Ğ': "g", 'ç': "c", 'Ç': "c",
	'ö': "o", 'Ö': "o", 'ü': "u", 'Ü': "u", 'ä': "a", 'Ä': "a", 'ß': "ss",
	'á': "a", 'à': "a", 'â': "a", 'ã': "a", 'å': "a", 'Á': "a", 'À': "a", 'Â': "a",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'É': "e", 'È': "e", 'Ê': "e",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'Í': "i", 'Î': "i",
	'ó': "o", 'ò': "o", 'ô': "o", 'õ': "o", 'Ó': "o", 'Ô': "o",
	'ú': "u", 'ù': "u", 'û': "u", 'Ú': "u", 'Û': "u",
	'ñ': "n", 'Ñ': "n", 'ÿ': "y", 'œ': "oe", 'Œ': "oe", 'æ': "ae",
	'°': "o", 'º': "o", 'ª': "a",
}

// Fold lower-cases s and strips accents.
func Fold(s string) string {
	if foldedASCII(s) {
		return s // most words of most documents: no copy
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if m, ok := foldTable[r]; ok {
			b.WriteString(m)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// foldedASCII reports whether s is ASCII without upper-case letters, which
// Fold leaves as it is.
func foldedASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// foldToken folds a word and trims the punctuation that glues labels to
// their colon or brackets ("No.:" -> "no", "(EUR)" -> "eur"). Inner
// punctuation stays, so "INV-2025/001" keeps its shape.
func foldToken(s string) string {
	f := Fold(s)
	return strings.TrimFunc(f, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '#' && r != '%'
	})
}

// Tokens folds a phrase into comparable tokens, dropping empty ones.
func Tokens(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if t := foldToken(w); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// SplitName turns snake_case, kebab-case and camelCase identifiers into
// lower-case words: "invoiceNumber" and "invoice_number" -> "invoice number".
func SplitName(name string) string {
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case r == '_' || r == '-' || r == '.' || r == '/':
			b.WriteByte(' ')
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))):
			b.WriteByte(' ')
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// isPunct reports whether a raw word is only punctuation (":", "-", "#"),
// the filler that sits between a label and its value.
func isPunct(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

var (
	joinPunct  = strings.NewReplacer("-", "", ".", "")
	splitPunct = strings.NewReplacer("-", " ", "/", " ", "_", " ", ".", " ")
)

// labelTok is the form tokens take for label matching: folded, with
// French/Italian elisions dropped ("d'échéance" -> "echeance") and inner
// hyphens and dots removed ("USt-IdNr." -> "ustidnr"). Values are always
// read from the words themselves, never from these tokens.
func labelTok(s string) string {
	t := foldToken(s)
	if i := strings.LastIndexAny(t, "'’"); i >= 0 {
		t = t[i+len(string([]rune(t[i:])[0])):]
	}
	t = joinPunct.Replace(t)
	if t == "n" || t == "nr" || t == "nro" || t == "num" {
		t = "no" // "N°", "Nº", "Nr.", "Nro." all mean number
	}
	return t
}
