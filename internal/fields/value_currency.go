package fields

import (
	"strings"
	"unicode"
)

// More currency spellings than value_amount.go's core table: the local
// abbreviations receipts print before amounts around the world. Codes that
// are also words on documents are left out on purpose: "BHD" (Bahraini
// dinar) is the "Berhad" of every Malaysian company name.
func init() {
	for sym, code := range map[string]string{
		"rm": "MYR", "s$": "SGD", "hk$": "HKD", "nt$": "TWD", "rp": "IDR", "₱": "PHP", "฿": "THB", "₫": "VND",
		"₩": "KRW", "kč": "CZK", "kc": "CZK", "ft": "HUF", "lei": "RON", "kn": "HRK", "₪": "ILS", "₴": "UAH",
		"sfr": "CHF", "₦": "NGN", "rs.": "INR", "₨": "PKR", "zł.": "PLN", "tl.": "TRY",
	} {
		if _, ok := currencySymbols[sym]; !ok {
			currencySymbols[sym] = code
		}
	}
	for _, c := range []string{"MYR", "IDR", "PHP", "THB", "VND", "TWD", "ILS", "UAH", "ISK", "HRK", "RSD", "KZT",
		"NGN", "KES", "PKR", "BDT", "LKR", "QAR", "KWD", "OMR", "JOD", "PEN", "UYU", "GHS"} {
		isoCurrencies[c] = true
	}
}

// splitGluedCurrency separates a currency written in letters and glued to
// an amount: "RM8.20", "TL12,50", "EUR100", "12,50TL", "9.99zł". It
// returns the amount part and the code; ok is false when the token is not
// such a pair.
func splitGluedCurrency(tok string) (string, string, bool) {
	rs := []rune(tok)
	// Leading letters: "RM8.20", "USD5".
	i := 0
	for i < len(rs) && (unicode.IsLetter(rs[i]) || rs[i] == '$') {
		i++
	}
	if i > 0 && i <= 3 && i < len(rs) {
		num := strings.TrimLeft(string(rs[i:]), ".")
		if c, ok := CurrencyCode(string(rs[:i])); ok && num != "" && num[0] >= '0' && num[0] <= '9' {
			return num, c, true
		}
	}
	// Trailing letters: "12,50TL", "9.99zł".
	j := len(rs)
	for j > 0 && unicode.IsLetter(rs[j-1]) {
		j--
	}
	if j < len(rs) && len(rs)-j <= 3 && j > 0 && rs[0] >= '0' && rs[0] <= '9' {
		if c, ok := CurrencyCode(string(rs[j:])); ok {
			return string(rs[:j]), c, true
		}
	}
	return "", "", false
}
