package pii

import "net/netip"

// IPv6 addresses are found from their colons, not as runs: ':' starts a
// parse that walks back and forth over hex digits, colons and dots, so
// every written form is read whole: full, "::"-compressed anywhere
// ("::1", "fe80::", "2001:db8::8a2e:370:7334"), with an embedded IPv4
// tail ("::ffff:192.0.2.1", "64:ff9b::198.51.100.1"), with a zone
// ("fe80::1%eth0") and with a CIDR prefix length ("2001:db8::/32").
// netip decides what is an address; the walk only finds the span.

func isHexColon(c byte) bool {
	return class[c] == clDigit || c == ':' || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func (s *scanner) ipv6(i int) int {
	t := s.text
	// "::" may start the address; otherwise a hex digit stands on both
	// sides of the colon.
	if i+1 >= len(t) || !isHexColon(t[i+1]) || (t[i+1] != ':' && (i == 0 || !isHexColon(t[i-1]))) {
		return i + 1
	}
	a := i
	for a > 0 && i-a < 40 && isHexColon(t[a-1]) {
		a--
	}
	if a > 0 && class[t[a-1]] != 0 {
		return i + 1 // part of a longer word: "std::cout", "text2001:db8::1"
	}
	b := i
	for b < len(t) && b-a < 46 && (isHexColon(t[b]) || t[b] == '.') {
		b++
	}
	for b > i && (t[b-1] == '.' || (t[b-1] == ':' && (b < 2 || t[b-2] != ':'))) {
		b--
	}
	// A zone ("%eth0") belongs to the address.
	addrEnd := b
	if b+1 < len(t) && t[b] == '%' && class[t[b+1]] != 0 {
		z := b + 1
		for z < len(t) && z-b < 16 && class[t[z]] != 0 {
			z++
		}
		addrEnd = z
	}
	colons := 0
	for k := a; k < b; k++ {
		if t[k] == ':' {
			colons++
		}
	}
	if colons < 2 {
		return i + 1
	}
	addr, err := netip.ParseAddr(t[a:addrEnd])
	if err != nil {
		if addrEnd == b {
			return i + 1
		}
		addrEnd = b // an unreadable zone: the address without it
		if addr, err = netip.ParseAddr(t[a:b]); err != nil {
			return i + 1
		}
	}
	if !addr.Is6() || t[a:b] == "::" {
		// "::" alone (the unspecified address, or a C++ scope) names no
		// one.
		return i + 1
	}
	end := addrEnd + prefixLen(t[addrEnd:], 128)
	if end < len(t) && class[t[end]] != 0 {
		return i + 1 // glued to a word: "fe80::1text"
	}
	s.dropTokensFrom(a)
	if d := byName["ip_v6"]; d != nil {
		cx := s.context(a)
		cx.neg, cx.owned = false, false // an IPv6 address is never an invoice number
		s.emit(d, a, end, s.score(d, d.base, &cx))
	}
	return end
}

// prefixLen returns the length of a CIDR suffix ("/24") at the start of
// rest when its value is at most max, else 0.
func prefixLen(rest string, max int) int {
	if len(rest) < 2 || rest[0] != '/' || !isDigit(rest[1]) {
		return 0
	}
	n, k := 0, 1
	for k < len(rest) && k <= 4 && isDigit(rest[k]) {
		n = n*10 + int(rest[k]-'0')
		k++
	}
	if n > max || (k < len(rest) && class[rest[k]] != 0) {
		return 0
	}
	return k
}
