package validate

import "testing"

func TestPhoneE164(t *testing.T) {
	t.Parallel()
	runValidator(t, "phone_e164", []vcase{
		{"compact", "+34600123456", nil, true},
		{"printed", "+1 (415) 555-2671", nil, true},
		{"no plus", "34600123456", nil, false},
		{"leading zero", "+0600123456", nil, false},
		{"16 digits", "+1234567890123456", nil, false},
		{"too short", "+12345", nil, false},
	})
}

func TestCountryAndLanguage(t *testing.T) {
	t.Parallel()
	runValidator(t, "country_code", []vcase{
		{"ES", "ES", nil, true},
		{"lower", "tr", nil, true},
		{"unassigned", "ZZ", nil, false},
		{"alpha-3", "ESP", nil, false},
		{"UK is not ISO", "UK", nil, false},
	})
	runValidator(t, "language_code", []vcase{
		{"es", "es", nil, true},
		{"upper", "TR", nil, true},
		{"unassigned", "qq", nil, false},
		{"alpha-3", "spa", nil, false},
	})
}

func TestPostalCode(t *testing.T) {
	t.Parallel()
	c := func(cc string) map[string]any { return map[string]any{"country": cc} }
	runValidator(t, "postal_code", []vcase{
		{"ES", "28013", c("ES"), true},
		{"ES province 53", "53013", c("ES"), false},
		{"FR", "75008", c("FR"), true},
		{"FR 4 digits", "7500", c("FR"), false},
		{"DE", "10115", c("DE"), true},
		{"DE 00", "00115", c("DE"), false},
		{"IT", "00184", c("IT"), true},
		{"IT letters", "0018A", c("IT"), false},
		{"GB", "SW1A 1AA", c("GB"), true},
		{"GB lower case", "ec1a1bb", c("gb"), true},
		{"GB bad", "SW1A 1A", c("GB"), false},
		{"US zip+4", "94105-1804", c("US"), true},
		{"US 4 digits", "9410", c("US"), false},
		{"PT", "1000-001", c("PT"), true},
		{"PT without suffix", "1000", c("PT"), false},
		{"NL", "1012 AB", c("NL"), true},
		{"NL leading 0", "0123 AB", c("NL"), false},
		{"BE", "1000", c("BE"), true},
		{"BE 5 digits", "10000", c("BE"), false},
		{"BR", "01310-100", c("BR"), true},
		{"BR short", "01310-10", c("BR"), false},
		{"TR", "34710", c("TR"), true},
		{"TR province 82", "82000", c("TR"), false},
		{"IE eircode", "D02 X285", c("IE"), true},
		{"lenient default", "SE-123", nil, true},
		{"unknown country is lenient", "12-345", c("ZZ"), true},
		{"lenient needs a digit", "ABCDE", nil, false},
		{"lenient too long", "12345678901", nil, false},
	})
}

func TestLatitudeLongitude(t *testing.T) {
	t.Parallel()
	runValidator(t, "latitude", []vcase{
		{"string", "40.4168", nil, true},
		{"number", -90.0, nil, true},
		{"above 90", "90.0001", nil, false},
		{"not a number", "north", nil, false},
		{"NaN", "NaN", nil, false},
	})
	runValidator(t, "longitude", []vcase{
		{"string", "-3.7038", nil, true},
		{"int", int64(180), nil, true},
		{"below -180", -180.5, nil, false},
		{"Inf", "Inf", nil, false},
	})
}
