package validate

import (
	"strings"
	"testing"
)

func TestEmail(t *testing.T) {
	t.Parallel()
	runValidator(t, "email", []vcase{
		{"simple", "ana@example.es", nil, true},
		{"plus and subdomain", "ana+bills@mail.example.co.uk", nil, true},
		{"no at", "ana.example.es", nil, false},
		{"no dot in domain", "ana@localhost", nil, false},
		{"display name", "Ana <ana@example.es>", nil, false},
		{"double dot", "ana..g@example.es", nil, false},
		{"space", "ana g@example.es", nil, false},
	})
}

func TestURIAndURL(t *testing.T) {
	t.Parallel()
	runValidator(t, "uri", []vcase{
		{"urn", "urn:isbn:0451450523", nil, true},
		{"mailto", "mailto:ana@example.es", nil, true},
		{"relative", "/docs/a", nil, false},
		{"space", "https://a b.com", nil, false},
	})
	runValidator(t, "url", []vcase{
		{"https", "https://quarry.dev/docs?x=1", nil, true},
		{"with port", "http://127.0.0.1:8080/", nil, true},
		{"no host", "mailto:ana@example.es", nil, false},
		{"no scheme", "quarry.dev/docs", nil, false},
	})
}

func TestDomain(t *testing.T) {
	t.Parallel()
	runValidator(t, "domain", []vcase{
		{"two labels", "example.com", nil, true},
		{"trailing dot", "example.com.", nil, true},
		{"hyphen inside", "my-site.example.org", nil, true},
		{"single label", "localhost", nil, false},
		{"leading hyphen", "-bad.com", nil, false},
		{"label of 64", strings.Repeat("a", 64) + ".com", nil, false},
		{"label of 63", strings.Repeat("a", 63) + ".com", nil, true},
		{"over 253", strings.Repeat("abcdefghi.", 26) + "com", nil, false},
		{"underscore", "my_site.com", nil, false},
		{"numeric tld", "1.2.3.4", nil, false},
	})
}

func TestSlugAndIP(t *testing.T) {
	t.Parallel()
	runValidator(t, "slug", []vcase{
		{"ok", "annual-report-2025", nil, true},
		{"upper", "Annual-report", nil, false},
		{"double hyphen", "a--b", nil, false},
		{"trailing hyphen", "a-", nil, false},
	})
	runValidator(t, "ipv4", []vcase{
		{"ok", "192.168.1.10", nil, true},
		{"octet 256", "192.168.1.256", nil, false},
		{"leading zero", "192.168.01.1", nil, false},
		{"ipv6", "::1", nil, false},
	})
	runValidator(t, "ipv6", []vcase{
		{"compressed", "2001:db8::8a2e:370:7334", nil, true},
		{"loopback", "::1", nil, true},
		{"embedded v4", "::ffff:192.0.2.1", nil, true},
		{"ipv4", "192.0.2.1", nil, false},
		{"zone", "fe80::1%eth0", nil, false},
		{"bad group", "2001:db8::g", nil, false},
	})
}

func TestTimeValidators(t *testing.T) {
	t.Parallel()
	runValidator(t, "date", []vcase{
		{"ok", "2025-05-15", nil, true},
		{"leap day", "2024-02-29", nil, true},
		{"no leap day", "2025-02-29", nil, false},
		{"month 13", "2025-13-01", nil, false},
		{"european order", "15/05/2025", nil, false},
		{"datetime", "2025-05-15T10:00:00Z", nil, false},
	})
	for _, name := range []string{"datetime", "iso_8601"} {
		runValidator(t, name, []vcase{
			{"utc", "2025-05-15T16:42:03Z", nil, true},
			{"offset and fraction", "2025-05-15T16:42:03.140+02:00", nil, true},
			{"local", "2025-05-15T16:42", nil, true},
			{"local seconds, space", "2025-05-15 16:42:03", nil, true},
			{"date only", "2025-05-15", nil, false},
			{"hour 24", "2025-05-15T24:00:00Z", nil, false},
			{"day 32", "2025-05-32T10:00:00", nil, false},
		})
	}
	runValidator(t, "time", []vcase{
		{"hh:mm", "09:30", nil, true},
		{"with offset", "09:30:15.5+01:00", nil, true},
		{"hour 24", "24:00", nil, false},
		{"one digit hour", "9:30", nil, false},
	})
}

func TestIdentifierValidators(t *testing.T) {
	t.Parallel()
	runValidator(t, "uuid", []vcase{
		{"v1", "123e4567-e89b-12d3-a456-426614174000", nil, true},
		{"upper v4", "F47AC10B-58CC-4372-A567-0E02B2C3D479", nil, true},
		{"no hyphens", "123e4567e89b12d3a456426614174000", nil, false},
		{"one short", "123e4567-e89b-12d3-a456-42661417400", nil, false},
	})
	runValidator(t, "json", []vcase{
		{"object", `{"a":1}`, nil, true},
		{"array", `[1,2]`, nil, true},
		{"scalar", `42`, nil, false},
		{"broken", `{"a":}`, nil, false},
	})
	runValidator(t, "hex_color", []vcase{
		{"6 digits", "#1A2b3C", nil, true},
		{"3 digits", "#fff", nil, true},
		{"8 digits", "#11223344", nil, true},
		{"no hash", "1a2b3c", nil, false},
		{"5 digits", "#12345", nil, false},
		{"not hex", "#ggg", nil, false},
	})
}
