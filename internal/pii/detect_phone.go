package pii

import (
	"math/rand/v2"
	"strings"
)

// Phone numbers. One table of national numbering rules serves every
// country type: a number written with its country code (+CC or 00CC) is a
// strict shape and reports on its own; a national-format number (trunk 0,
// or none in ES/IT/PL) looks like many other numbers, so it needs a phone
// label nearby. The label's language (or the request locale) breaks ties
// between countries whose national formats overlap.

type phoneSpec struct {
	name, country, cc, lang string
	nsnMin, nsnMax          int
	first                   string // allowed first digits of the national significant number
	trunk                   byte   // national prefix, 0 when none
	example                 string
}

var phoneSpecs = []phoneSpec{
	{"phone_tr", "TR", "90", "tr", 10, 10, "23458", '0', "+90 532 123 45 67"},
	{"phone_de", "DE", "49", "de", 7, 11, "123456789", '0', "+49 30 12345678"},
	{"phone_fr", "FR", "33", "fr", 9, 9, "123456789", '0', "+33 6 12 34 56 78"},
	{"phone_it", "IT", "39", "it", 6, 11, "03", 0, "+39 06 1234 5678"},
	{"phone_nl", "NL", "31", "nl", 9, 9, "123456789", '0', "+31 6 12345678"},
	{"phone_es", "ES", "34", "es", 9, 9, "6789", 0, "+34 612 34 56 78"},
	{"phone_pl", "PL", "48", "pl", 9, 9, "123456789", 0, "+48 512 345 678"},
	{"phone_uk", "GB", "44", "en", 9, 10, "12378", '0', "+44 20 7946 0958"},
	{"phone_us", "US", "1", "en", 10, 10, "23456789", '1', "+1 212 555 0147"},
	// Outside Europe: Israel (0X-XXXXXXX, 05X-XXXXXXX), Japan (03-1234-5678,
	// 090-1234-5678), China (mobiles 1XX XXXX XXXX written without a trunk
	// prefix, landlines 0XX-XXXXXXXX) and the Philippines (09XX XXX XXXX).
	{"phone_il", "IL", "972", "he", 8, 9, "2345789", '0', "+972 54 123 4567"},
	{"phone_jp", "JP", "81", "ja", 9, 10, "123456789", '0', "+81 90 1234 5678"},
	{"phone_cn", "CN", "86", "zh", 10, 11, "123456789", '0', "+86 138 0013 8000"},
	{"phone_ph", "PH", "63", "en", 9, 10, "2345689", '0', "+63 917 123 4567"},
}

// callingCodes lists country calling codes for phone_intl.
var callingCodes = map[string]bool{}

func init() {
	for _, cc := range strings.Fields("1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98 " +
		"211 212 213 216 218 220 221 222 223 224 225 226 227 228 229 230 231 232 233 234 235 236 237 238 239 240 241 242 243 244 245 248 249 250 251 252 253 254 255 256 257 258 260 261 262 263 264 265 266 267 268 269 " +
		"290 291 297 298 299 350 351 352 353 354 355 356 357 358 359 370 371 372 373 374 375 376 377 378 380 381 382 383 385 386 387 389 420 421 423 " +
		"500 501 502 503 504 505 506 507 508 509 590 591 592 593 594 595 596 597 598 599 670 672 673 674 675 676 677 678 679 680 681 682 685 686 687 688 689 690 691 692 " +
		"850 852 853 855 856 880 886 960 961 962 963 964 965 966 967 968 970 971 972 973 974 975 976 977 992 993 994 995 996 998") {
		callingCodes[cc] = true
	}
	for _, ps := range phoneSpecs {
		ps := ps
		register(&detector{
			TypeInfo: TypeInfo{Name: ps.name, Jurisdiction: jurOf(ps.country), Country: ps.country,
				Description: "Phone number of " + ps.country + " (+" + ps.cc + " or national format near a phone label)", Example: ps.example},
			base: 0.8, natMax: natMax(ps.country), minLen: 6, maxLen: 17, seps: sepSpace | sepDash | sepDot | sepParen | sepSlash, plus: true,
			label: "Tel", lang: ps.lang,
			check: func(c *cand) (float64, bool) { return phoneCheck(&ps, c) },
			synth: func(r *rand.Rand) string { return synthPhone(r, &ps) },
		})
	}
	register(&detector{
		TypeInfo: TypeInfo{Name: "phone_intl", Jurisdiction: JurisdictionGlobal,
			Description: "Phone number in international format (+ or 00, a known calling code, 8-15 digits)", Example: "+971 50 123 4567"},
		base: 0.75, natMax: 0.75, minLen: 8, maxLen: 17, seps: sepSpace | sepDash | sepDot | sepParen | sepSlash, plus: true, label: "Tel",
		check: func(c *cand) (float64, bool) {
			b := c.compact
			if !c.plus {
				if len(b) < 10 || b[0] != '0' || b[1] != '0' || len(c.groups) < 2 {
					return 0, false
				}
				b = b[2:]
			}
			if len(b) < 8 || len(b) > 15 {
				return 0, false
			}
			for n := 1; n <= 3; n++ {
				if callingCodes[string(b[:n])] {
					return 0, b[n] != '0' || string(b[:n]) == "39"
				}
			}
			return 0, false
		},
		synth: func(r *rand.Rand) string {
			return "+971 5" + string(randDigits(r, 1)) + " " + string(randDigits(r, 3)) + " " + string(randDigits(r, 4))
		},
	})
}

// natMax is the best score of a national-format number (see phoneCheck
// and nationalShape).
func natMax(country string) float64 {
	switch country {
	case "US", "TR", "IL", "JP", "CN", "PH":
		return 0.6
	}
	return 0.3
}

func jurOf(country string) string {
	switch country {
	case "TR":
		return JurisdictionTR
	case "US":
		return JurisdictionUS
	case "IL", "JP", "CN", "PH":
		return JurisdictionGlobal
	}
	return JurisdictionEU
}

func phoneCheck(ps *phoneSpec, c *cand) (float64, bool) {
	b := c.compact
	intl := false
	switch {
	case c.plus:
		if len(b) <= len(ps.cc) || string(b[:len(ps.cc)]) != ps.cc {
			return 0, false
		}
		b, intl = b[len(ps.cc):], true
	case len(b) > 2+len(ps.cc) && b[0] == '0' && b[1] == '0' && string(b[2:2+len(ps.cc)]) == ps.cc && len(c.groups) > 1:
		// 00CC is only read as a phone when written in groups: a bare
		// 0012345678 is an account or customer number.
		b, intl = b[2+len(ps.cc):], true
	}
	if intl {
		// Some writers keep the trunk zero in brackets: +49 (0)30 ...
		if ps.trunk == '0' && len(b) > 0 && b[0] == '0' {
			b = b[1:]
		}
	} else if ps.trunk != 0 && len(b) > 0 && b[0] == ps.trunk {
		b = b[1:]
		if ps.country == "CN" && len(b) == 11 && b[0] == '1' {
			return 0, false // Chinese mobiles take no trunk prefix
		}
	} else if ps.country == "CN" && len(b) == 11 && b[0] == '1' {
		// 138 0013 8000: a mobile, written without a prefix.
	} else if ps.country == "TR" && len(b) == 10 && b[0] == '5' {
		// "Cep: 532 123 45 67": a mobile without its trunk zero scores as a
		// bare national number, so only a phone label reports it.
		return -0.5, validNSN(ps.country, b)
	} else if ps.trunk != 0 && ps.country != "US" {
		return 0, false
	}
	if len(b) < ps.nsnMin || len(b) > ps.nsnMax || strings.IndexByte(ps.first, b[0]) < 0 || (!intl && !validNSN(ps.country, b)) {
		return 0, false
	}
	if ps.country == "US" && (b[3] < '2') {
		return 0, false
	}
	if intl {
		return 0, true
	}
	// National format: a shape alone is weak evidence. The way digits are
	// grouped is a national habit and breaks ties between countries whose
	// numbers have the same length (01 42 68 53 00 is French).
	adj := -0.5 + nationalGrouping(ps.country, c.groups)
	if ps.country == "US" && len(c.groups) == 3 && c.seps&(sepDash|sepParen|sepDot) != 0 {
		adj = -0.2 // (212) 555-0147 / 212-555-0147
	}
	if sh := nationalShape(ps.country, b, c); sh > adj {
		adj = sh
	}
	return adj, true
}

func nationalGrouping(country string, g []int) float64 {
	n := len(g)
	tail := func(gs ...int) bool {
		if n < len(gs) {
			return false
		}
		for i, x := range gs {
			if g[n-len(gs)+i] != x {
				return false
			}
		}
		return true
	}
	switch country {
	case "FR":
		if n == 5 && g[0] == 2 && g[1] == 2 && g[2] == 2 && g[3] == 2 && g[4] == 2 {
			return 0.05
		}
	case "TR":
		if n >= 3 && tail(3, 2, 2) {
			return 0.05
		}
	case "GB":
		if tail(4, 4) || tail(3, 4) || (n == 2 && g[1] == 6) {
			return 0.05
		}
	case "ES":
		if tail(3, 2, 2, 2) || (n == 3 && g[0] == 3 && g[1] == 3 && g[2] == 3) {
			return 0.05
		}
	case "NL":
		if n == 2 && (g[0] == 2 || g[0] == 3) && g[1] >= 7 {
			return 0.05
		}
	}
	return 0
}

func synthPhone(r *rand.Rand, ps *phoneSpec) string {
	n := ps.nsnMin
	if ps.nsnMax > n && ps.country == "DE" {
		n = 10
	}
	nsn := append([]byte{ps.first[r.IntN(len(ps.first))]}, randDigits(r, n-1)...)
	if ps.country == "US" {
		nsn[3] = byte('2' + r.IntN(8))
	}
	// Mobile ranges satisfy validNSN in every country that checks it.
	switch ps.country {
	case "TR":
		nsn = append([]byte("53"), randDigits(r, 8)...)
	case "IL":
		nsn = append([]byte("5"), randDigits(r, 8)...)
	case "JP":
		nsn = append([]byte("90"), randDigits(r, 8)...)
	case "CN":
		nsn = append([]byte("13"), randDigits(r, 9)...)
	case "PH":
		nsn = append([]byte("9"), randDigits(r, 9)...)
	}
	s := string(nsn)
	switch ps.country {
	case "TR":
		s = group(s, " ", 3, 3, 2)
	case "FR":
		s = group(s, " ", 1, 2, 2, 2)
	case "US":
		s = group(s, " ", 3, 3)
	default:
		s = group(s, " ", 3, 3)
	}
	return "+" + ps.cc + " " + s
}
