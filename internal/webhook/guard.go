// Package webhook delivers event envelopes to callback URLs: the SSRF
// guard (checked at submit and again on every connection, so a DNS answer
// that changes after submit cannot reach an internal address), the
// X-Flydocs-Signature HMAC, and one delivery attempt with a verdict on
// whether to retry.
package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// ErrForbiddenAddress is returned for a callback that resolves to an
// address a webhook must not reach.
var ErrForbiddenAddress = errors.New("webhook: callback address is not public")

// specialRange is one range a callback may not reach, named so a refusal
// tells the client which rule it hit.
type specialRange struct {
	prefix netip.Prefix
	name   string
}

// blocked holds every range of the IANA IPv4 and IPv6 special-purpose
// address registries, plus multicast and the deprecated site-local
// range. Ranges the registries mark "globally reachable" (AS112, AMT,
// parts of 2001::/23) are blocked as well: none of them hosts a webhook
// receiver, and a whole-prefix rule is easier to audit than a carve-out.
// Translation prefixes that embed an IPv4 address (IPv4-mapped and
// -compatible, SIIT, NAT64, 6to4, Teredo) are blocked whole: decoding them
// would only let through public IPv4 targets a client can name directly.
var blocked = func() []specialRange {
	var out []specialRange
	for _, r := range [][2]string{
		// IPv4 special-purpose registry.
		{"0.0.0.0/8", "this network"},
		{"10.0.0.0/8", "private"},
		{"100.64.0.0/10", "shared address space (CGNAT)"},
		{"127.0.0.0/8", "loopback"},
		{"169.254.0.0/16", "link-local (cloud metadata)"},
		{"172.16.0.0/12", "private"},
		{"192.0.0.0/24", "IETF protocol assignments"},
		{"192.0.2.0/24", "documentation (TEST-NET-1)"},
		{"192.31.196.0/24", "AS112-v4"},
		{"192.52.193.0/24", "AMT"},
		{"192.88.99.0/24", "6to4 relay anycast"},
		{"192.168.0.0/16", "private"},
		{"192.175.48.0/24", "AS112 direct delegation"},
		{"198.18.0.0/15", "benchmarking"},
		{"198.51.100.0/24", "documentation (TEST-NET-2)"},
		{"203.0.113.0/24", "documentation (TEST-NET-3)"},
		{"224.0.0.0/4", "multicast"},
		{"240.0.0.0/4", "reserved"},
		{"255.255.255.255/32", "limited broadcast"},
		// IPv6 special-purpose registry.
		{"::/128", "unspecified"},
		{"::1/128", "loopback"},
		{"::/96", "IPv4-compatible"},
		{"::ffff:0:0/96", "IPv4-mapped"},
		{"::ffff:0:0:0/96", "IPv4-translated (SIIT)"},
		{"64:ff9b::/96", "NAT64 well-known prefix"},
		{"64:ff9b:1::/48", "NAT64 local-use prefix"},
		{"100::/64", "discard-only"},
		{"100:0:0:1::/64", "dummy prefix"},
		{"2001::/32", "Teredo"},
		{"2001:db8::/32", "documentation"},
		{"2001::/23", "IETF protocol assignments"},
		{"2002::/16", "6to4"},
		{"2620:4f:8000::/48", "AS112-v6"},
		{"3fff::/20", "documentation"},
		{"5f00::/16", "SRv6 SIDs"},
		{"fc00::/7", "unique-local"},
		{"fe80::/10", "link-local"},
		{"fec0::/10", "site-local"},
		{"ff00::/8", "multicast"},
	} {
		out = append(out, specialRange{netip.MustParsePrefix(r[0]), r[1]})
	}
	return out
}()

// globalUnicast6 is the only IPv6 block IANA allocates for global unicast;
// anything outside it is unassigned or special and never a receiver.
var globalUnicast6 = netip.MustParsePrefix("2000::/3")

// whyBlocked names the rule that refuses ip, or returns "" for a public
// unicast address.
func whyBlocked(ip netip.Addr) string {
	if !ip.IsValid() {
		return "invalid address"
	}
	if ip.Zone() != "" {
		// A zone pins an interface (fe80::1%eth0, ::1%lo); Prefix.Contains
		// never matches a zoned address, so it must be refused on its own.
		return "zoned address"
	}
	for _, r := range blocked {
		if r.prefix.Contains(ip) {
			if ip.Is4In6() {
				return fmt.Sprintf("%s, embeds %s", r.name, ip.Unmap())
			}
			return r.name
		}
	}
	if ip.Is6() && !globalUnicast6.Contains(ip) {
		return "outside IPv6 global unicast 2000::/3"
	}
	return ""
}

// PublicAddr reports whether ip is a public unicast address a webhook may
// reach.
func PublicAddr(ip netip.Addr) bool { return whyBlocked(ip) == "" }

// forbidden wraps ErrForbiddenAddress with the address and the rule.
func forbidden(ip netip.Addr, why string) error {
	return fmt.Errorf("%w: %s (%s)", ErrForbiddenAddress, ip, why)
}

// Resolver looks up host addresses (net.DefaultResolver in production).
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Guard decides which callback URLs are allowed.
type Guard struct {
	AllowPrivate bool
	Resolver     Resolver // nil: net.DefaultResolver
}

func (g Guard) resolver() Resolver {
	if g.Resolver == nil {
		return net.DefaultResolver
	}
	return g.Resolver
}

// ErrInvalidURL is returned for a callback URL that can never be
// delivered to, whatever DNS says later; a delivery does not retry it.
var ErrInvalidURL = errors.New("webhook: invalid callback_url")

// errShape is the refusal for URLs that are not plain absolute http(s).
var errShape = fmt.Errorf("%w: must be an absolute http(s) URL without credentials", ErrInvalidURL)

// CheckURL validates the URL's shape and, unless private targets are
// allowed, that every address its host resolves to is public.
func (g Guard) CheckURL(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Hostname() == "" {
		return errShape
	}
	if g.AllowPrivate {
		return nil
	}
	addrs, err := g.lookup(ctx, u.Hostname())
	if err != nil {
		return err
	}
	return checkAll(u.Hostname(), addrs)
}

// checkAll refuses the host if any of its addresses is not public: a
// client that dials another of them later must not reach inside.
func checkAll(host string, addrs []netip.Addr) error {
	for _, a := range addrs {
		if why := whyBlocked(a); why != "" {
			if host != a.String() {
				return fmt.Errorf("%w: %s resolves to %s (%s)", ErrForbiddenAddress, host, a, why)
			}
			return forbidden(a, why)
		}
	}
	return nil
}

// lookup turns a URL host into the addresses a connection would use. IP
// literals are taken as they are; the numeric IPv4 spellings that
// inet_aton and browsers accept (2130706433, 0x7f.1, 017700000001, 127.1)
// are decoded to the address they mean, because a resolver or proxy on
// the way may decode them too; names go to the resolver.
func (g Guard) lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	if strings.Contains(host, "%") {
		// url.Parse keeps IPv6 zones ([::1%25lo] gives "::1%lo").
		return nil, fmt.Errorf("%w: %s (zoned address)", ErrForbiddenAddress, host)
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, nil
	}
	if !isHostname(host) {
		return nil, fmt.Errorf("%w: host %q is not a valid DNS name or IP address (use punycode for IDNs)", ErrInvalidURL, host)
	}
	name := strings.ToLower(strings.TrimSuffix(host, "."))
	if endsInNumber(name) {
		// WHATWG URL rule: a host whose last label is a number is an IPv4
		// address, never a DNS name.
		ip, ok := parseInetAton(name)
		if !ok {
			return nil, fmt.Errorf("%w: host %q is not a valid IPv4 address", ErrInvalidURL, host)
		}
		if why := whyBlocked(ip); why != "" {
			return nil, fmt.Errorf("%w: %s means %s (%s)", ErrForbiddenAddress, host, ip, why)
		}
		// Public, but spelled so that resolvers disagree on its meaning:
		// ask for the canonical form rather than guess.
		return nil, fmt.Errorf("%w: host %q must be written as dotted-decimal %s", ErrInvalidURL, host, ip)
	}
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return nil, fmt.Errorf("%w: %s (loopback name)", ErrForbiddenAddress, host)
	}
	addrs, err := g.resolver().LookupNetIP(ctx, "ip", name)
	if err != nil {
		return nil, &ResolveError{Host: host, Err: err}
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("could not resolve host %q: it has no addresses", host)
	}
	return addrs, nil
}

// ResolveError is a failed lookup of a callback host. Its message is for
// the caller and names only the host: the resolver's error names the
// resolver's own address (lookup x on 10.0.0.53:53), which is none of the
// caller's business. Unwrap gives it to logs.
type ResolveError struct {
	Host string
	Err  error
}

func (e *ResolveError) Error() string { return fmt.Sprintf("could not resolve host %q", e.Host) }

// Unwrap returns the resolver's error.
func (e *ResolveError) Unwrap() error { return e.Err }

// isHostname accepts ASCII letters, digits, '-', '_' and '.', which is
// every DNS name in its wire (punycode) form. Anything else (full-width
// digits, backslashes, spaces) is parsed differently by different
// clients, so it is refused rather than interpreted.
func isHostname(h string) bool {
	if h == "" || len(h) > 254 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// endsInNumber is the WHATWG "ends in a number" test: the last label is
// decimal digits or a 0x hex number.
func endsInNumber(name string) bool {
	last := name[strings.LastIndexByte(name, '.')+1:]
	if last == "" {
		return false
	}
	if strings.HasPrefix(last, "0x") {
		last = last[2:]
		for i := 0; i < len(last); i++ {
			if !strings.ContainsRune("0123456789abcdef", rune(last[i])) {
				return false
			}
		}
		return true
	}
	for i := 0; i < len(last); i++ {
		if last[i] < '0' || last[i] > '9' {
			return false
		}
	}
	return true
}

// parseInetAton decodes the 1-4 part numeric IPv4 forms of inet_aton: each
// part decimal, octal (leading 0) or hex (0x); the last part fills the
// remaining bytes.
func parseInetAton(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	var vals []uint64
	for _, p := range parts {
		base := 10
		switch {
		case strings.HasPrefix(p, "0x"):
			base, p = 16, p[2:]
			if p == "" {
				p = "0" // "0x" alone is zero for inet_aton and WHATWG
			}
		case len(p) > 1 && p[0] == '0':
			base, p = 8, p[1:]
		}
		v, err := strconv.ParseUint(p, base, 32)
		if err != nil {
			return netip.Addr{}, false
		}
		vals = append(vals, v)
	}
	var n uint64
	for i, v := range vals[:len(vals)-1] {
		if v > 255 {
			return netip.Addr{}, false
		}
		n |= v << (8 * (3 - i))
	}
	last := vals[len(vals)-1]
	if last >= 1<<(8*(5-len(vals))) {
		return netip.Addr{}, false
	}
	n |= last
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}), true
}

// dialContext resolves with the guard's resolver and refuses the host if
// any answer is not public, then dials the addresses in order. Resolving
// here rather than in net.Dialer is what lets a test (and a deployment
// with its own resolver) see the rebinding case.
func (g Guard) dialContext(d *net.Dialer) func(ctx context.Context, network, address string) (net.Conn, error) {
	return func(ctx context.Context, network, address string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(address)
		if err != nil {
			return nil, err
		}
		var addrs []netip.Addr
		if ip, err := netip.ParseAddr(host); err == nil {
			addrs = []netip.Addr{ip}
		} else if g.AllowPrivate {
			if addrs, err = g.resolver().LookupNetIP(ctx, "ip", host); err != nil {
				return nil, err
			}
		} else if addrs, err = g.lookup(ctx, host); err != nil {
			return nil, err
		}
		if !g.AllowPrivate {
			if err := checkAll(host, addrs); err != nil {
				return nil, err
			}
		}
		var firstErr error
		for _, a := range addrs {
			c, err := d.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
			if err == nil {
				return c, nil
			}
			if firstErr == nil {
				firstErr = err
			}
		}
		if firstErr == nil {
			firstErr = fmt.Errorf("webhook: %s has no addresses", host)
		}
		return nil, firstErr
	}
}

// dialControl refuses connections to non-public addresses. It runs on the
// socket address actually connected to, the last line behind dialContext
// should anything else (a future proxy setting, a changed transport) dial.
func (g Guard) dialControl(_, address string, _ any) error {
	if g.AllowPrivate {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, address)
	}
	if why := whyBlocked(ap.Addr()); why != "" {
		return forbidden(ap.Addr(), why)
	}
	return nil
}
