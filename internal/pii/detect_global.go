package pii

import (
	"fmt"
	"math/rand/v2"
)

// Universal types: e-mail, payment cards, IP addresses, BIC, crypto
// wallets.

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "email", Jurisdiction: JurisdictionGlobal,
			Description: "E-mail address (local part @ domain with a letter TLD)", Example: "jane.doe@example.com"},
		base: 0.95, kind: kindTrigger, label: "E-mail",
		synth: func(r *rand.Rand) string {
			return fmt.Sprintf("%s.%s%d@example.%s", string(randLetters(r, 5, "abcdefghijklmnop")),
				string(randLetters(r, 6, "qrstuvwxyz")), r.IntN(100), []string{"com", "org", "net"}[r.IntN(3)])
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "credit_card", Jurisdiction: JurisdictionGlobal,
			Description: "Payment card number: 13-19 digits, known issuer prefix, Luhn check", Example: "4111 1111 1111 1111", Checksum: true},
		base: 0.85, minLen: 13, maxLen: 19, seps: sepSpace | sepDash, label: "Card number",
		check: func(c *cand) (float64, bool) {
			b := c.compact
			if !cardIssuer(b) || !luhn(b) {
				return 0, false
			}
			for _, g := range c.groups {
				if len(c.groups) > 1 && (g < 3 || g > 6) {
					return 0, false
				}
			}
			return 0, true
		},
		synth: func(r *rand.Rand) string {
			b := append([]byte{'4'}, randDigits(r, 14)...)
			b = append(b, luhnDigit(b))
			return group(string(b), " ", 4, 4, 4)
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "ip", Jurisdiction: JurisdictionGlobal,
			Description: "IPv4 address in dotted-quad form, with its CIDR prefix length when one follows", Example: "192.168.10.24"},
		base: 0.7, minLen: 4, maxLen: 14, seps: sepDot | sepSlash, label: "IP",
		check: func(c *cand) (float64, bool) {
			n := len(c.groups)
			if n != 4 && n != 5 {
				return 0, false
			}
			if n == 5 && !cidrSuffix(c) {
				return 0, false
			}
			if n == 4 && c.seps != sepDot {
				return 0, false
			}
			off := 0
			for _, g := range c.groups[:4] {
				if g > 3 || (g > 1 && c.compact[off] == '0') || num(c.compact[off:off+g]) > 255 {
					return 0, false
				}
				off += g
			}
			return 0, true
		},
		synth: func(r *rand.Rand) string {
			return fmt.Sprintf("%d.%d.%d.%d", 10+r.IntN(180), r.IntN(256), r.IntN(256), 1+r.IntN(254))
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "ip_v6", Jurisdiction: JurisdictionGlobal,
			Description: "IPv6 address (full or :: compressed)", Example: "2001:db8:85a3::8a2e:370:7334"},
		base: 0.85, kind: kindTrigger, label: "IPv6",
		synth: func(r *rand.Rand) string {
			return fmt.Sprintf("2001:db8:%x:%x::%x", r.IntN(0xffff)+1, r.IntN(0xffff)+1, r.IntN(0xffff)+1)
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "bic", Jurisdiction: JurisdictionGlobal,
			Description: "BIC / SWIFT code after a BIC or SWIFT label (bank, country, location, branch)", Example: "DEUTDEFF500"},
		base: 0.9, kind: kindTrigger, label: "BIC",
		synth: func(r *rand.Rand) string {
			return string(randLetters(r, 4, upperAZ)) + []string{"DE", "FR", "TR", "ES", "IT", "NL"}[r.IntN(6)] +
				string(randLetters(r, 2, upperAZ)) + []string{"", "XXX"}[r.IntN(2)]
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "crypto_wallet", Jurisdiction: JurisdictionGlobal,
			Description: "Crypto wallet address: Bitcoin base58check or bech32, Ethereum 0x + 40 hex (EIP-55 when mixed case)",
			Example:     "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", Checksum: true},
		base: 0.9, minLen: 26, maxLen: 62, alnum: true, label: "Wallet",
		check: func(c *cand) (float64, bool) {
			if len(c.groups) != 1 {
				return 0, false
			}
			w := c.text[c.start:c.end] // case matters: use the original text
			return 0, validWallet(w)
		},
		synth: synthWallet,
	})
}

// cidrSuffix reports whether a five-group candidate is a dotted quad
// followed by "/n" with n at most 32: 10.0.0.0/8.
func cidrSuffix(c *cand) bool {
	v := c.text[c.start:c.end]
	slash := len(v) - c.groups[4] - 1
	if slash < 0 || v[slash] != '/' || c.groups[4] > 2 || num(c.compact[len(c.compact)-c.groups[4]:]) > 32 {
		return false
	}
	for i := 0; i < slash; i++ {
		if v[i] == '/' {
			return false
		}
	}
	return true
}

// cardIssuer checks the issuer identification number ranges of the major
// networks (and Troy, common in Turkey).
func cardIssuer(b []byte) bool {
	n := len(b)
	p2, p3, p4 := num(b[:2]), num(b[:3]), num(b[:4])
	switch {
	case b[0] == '4':
		return n == 13 || n == 16 || n == 19
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720:
		return n == 16
	case p2 == 34 || p2 == 37:
		return n == 15
	case p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649):
		return n >= 16
	case p4 >= 3528 && p4 <= 3589:
		return n >= 16
	case p2 == 36 || p2 == 38 || p2 == 39 || (p3 >= 300 && p3 <= 305):
		return n >= 14
	case p2 == 62 || p4 == 9792:
		return n >= 16
	case p2 == 50 || (p2 >= 56 && p2 <= 69):
		return n >= 12
	}
	return false
}
