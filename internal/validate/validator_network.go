package validate

import (
	"net/netip"
	"net/url"
	"regexp"
	"strings"
)

func init() {
	register(validator{info: Info{Name: "email", Category: CatNetwork,
		Description: "E-mail address: local part and a domain with a dot; no display name.",
		Example:     "ana.garcia@example.es"}, check: checkEmail})
	register(validator{info: Info{Name: "uri", Category: CatNetwork,
		Description: "Absolute URI (RFC 3986): a scheme followed by anything that parses, e.g. mailto: or urn:.",
		Example:     "urn:isbn:0451450523"}, check: checkURI})
	register(validator{info: Info{Name: "url", Category: CatNetwork,
		Description: "URL with a scheme and a host.",
		Example:     "https://quarry.dev/docs"}, check: checkURL})
	register(validator{info: Info{Name: "domain", Category: CatNetwork,
		Description: "DNS host name: at most 253 characters, labels of 1-63 letters, digits or inner hyphens, at least two labels.",
		Example:     "example.co.uk"}, check: checkDomain})
	register(validator{info: Info{Name: "slug", Category: CatNetwork,
		Description: "Lower-case slug: [a-z0-9]+ groups joined by single hyphens.",
		Example:     "annual-report-2025"}, check: checkSlug})
	register(validator{info: Info{Name: "ipv4", Category: CatNetwork,
		Description: "Dotted-decimal IPv4 address without leading zeros.",
		Example:     "192.168.1.10"}, check: checkIPv4})
	register(validator{info: Info{Name: "ipv6", Category: CatNetwork,
		Description: "IPv6 address (compressed forms and embedded IPv4 allowed, zones refused).",
		Example:     "2001:db8::8a2e:370:7334"}, check: checkIPv6})
}

func checkEmail(s string, _ params) string {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return "not an e-mail address"
	}
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 || strings.ContainsAny(local, " \t\"(),:;<>@[\\]") ||
		strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return "invalid e-mail local part"
	}
	if checkDomain(domain, nil) != "" {
		return "invalid e-mail domain"
	}
	return ""
}

func checkURI(s string, _ params) string {
	if strings.ContainsAny(s, " \t\n") {
		return "URI contains white space"
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return "not an absolute URI"
	}
	return ""
}

func checkURL(s string, _ params) string {
	if strings.ContainsAny(s, " \t\n") {
		return "URL contains white space"
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" || u.Hostname() == "" {
		return "not a URL with scheme and host"
	}
	return ""
}

func checkDomain(s string, _ params) string {
	s = strings.TrimSuffix(s, ".")
	if len(s) == 0 || len(s) > 253 {
		return "domain must have 1-253 characters"
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return "domain needs at least two labels"
	}
	for _, l := range labels {
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return "invalid domain label"
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return "invalid character in domain"
			}
		}
	}
	if allDigits(labels[len(labels)-1]) {
		return "top-level domain cannot be numeric"
	}
	return ""
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func checkSlug(s string, _ params) string {
	if !slugRE.MatchString(s) {
		return "not a slug"
	}
	return ""
}

func checkIPv4(s string, _ params) string {
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		return "not an IPv4 address"
	}
	return ""
}

func checkIPv6(s string, _ params) string {
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is6() || a.Zone() != "" {
		return "not an IPv6 address"
	}
	return ""
}
