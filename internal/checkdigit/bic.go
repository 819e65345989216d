package checkdigit

// BIC checks the shape of a BIC (ISO 9362, the SWIFT code): 8 or 11
// characters (ErrLength); four letters for the institution, two for the
// country, two letters or digits for the location and an optional
// three-character branch (ErrFormat). Which country codes to accept is
// the caller's policy: a schema validator takes any ISO 3166 code, a PII
// scanner only the ones it expects in documents.
func BIC(s string) error {
	if len(s) != 8 && len(s) != 11 {
		return ErrLength
	}
	if !allLetters(s[:6]) || !allAlnum(s[6:]) {
		return ErrFormat
	}
	return nil
}
