package pii

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// Turkish (KVKK) types.

func validTCKN(b []byte) bool { return checkdigit.TCKN(string(b)) == nil }

func synthTCKN(r *rand.Rand) string {
	b := string(append([]byte{randNonZero(r)}, randDigits(r, 8)...))
	return b + checkdigit.TCKNCheckDigits(b)
}

func validVKN(b []byte) bool { return checkdigit.VKN(string(b)) == nil }

func synthVKN(r *rand.Rand) string {
	b := string(randDigits(r, 9))
	return b + string(checkdigit.VKNCheckDigit(b))
}

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "national_id_tr", Jurisdiction: JurisdictionTR, Country: "TR",
			Description: "T.C. Kimlik No (TCKN): 11 digits, two check digits", Example: "10000000146", Checksum: true},
		base: 0.8, minLen: 11, maxLen: 11, seps: sepSpace | sepDash | sepDot, label: "TC Kimlik No",
		check: func(c *cand) (float64, bool) { return 0, validTCKN(c.compact) },
		synth: synthTCKN,
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "tax_id_tr", Jurisdiction: JurisdictionTR, Country: "TR",
			Description: "Vergi Kimlik No (VKN): 10 digits with the GİB check digit; needs a tax label", Example: "5030620378", Checksum: true},
		base: 0.45, minLen: 10, maxLen: 10, seps: sepSpace | sepDash | sepDot, label: "Vergi No",
		check: func(c *cand) (float64, bool) { return 0, validVKN(c.compact) },
		synth: synthVKN,
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "mersis_no", Jurisdiction: JurisdictionTR, Country: "TR",
			Description: "MERSIS number: 16 digits starting with 0 (0 + VKN + 5 digits); needs a label unless the VKN inside checks", Example: "0886215989900045"},
		maxAdj: 0.25, base: 0.3, minLen: 16, maxLen: 16, seps: sepSpace | sepDash | sepDot, label: "MERSIS No",
		check: func(c *cand) (float64, bool) {
			b := c.compact
			if b[0] != '0' {
				return 0, false
			}
			if validVKN(b[1:11]) {
				return 0.25, true
			}
			return 0, true
		},
		synth: func(r *rand.Rand) string { return "0" + synthVKN(r) + "000" + string(randDigits(r, 2)) },
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "isyeri_sicil_no", Jurisdiction: JurisdictionTR, Country: "TR",
			Description: "SGK workplace registration number: 26 digits (sector, unit, serial, province 001-081, district, control, agent)",
			Example:     "21234010112345670341234000"},
		base: 0.55, minLen: 26, maxLen: 26, seps: sepSpace | sepDash | sepDot | sepSlash, label: "SGK İşyeri Sicil No",
		check: func(c *cand) (float64, bool) {
			b := c.compact
			p := num(b[16:19])
			return 0, b[0] >= '1' && b[0] <= '4' && p >= 1 && p <= 81
		},
		synth: func(r *rand.Rand) string {
			s := string(rune('1'+r.IntN(4))) + string(randDigits(r, 15)) + "0" + d2(1+r.IntN(81)) + string(randDigits(r, 7))
			return group(s, " ", 1, 4, 2, 2, 7, 3, 2, 2)
		},
	})
	for _, t := range []struct {
		name, desc, label, ex string
		min, max              int
	}{
		{"sgk_no", "SGK/SSK insured registration number: 8-13 digits after an SGK label", "SGK Sicil No", "3412345678", 8, 13},
		{"emeklilik_no", "Emekli Sandığı retirement registration number: 6-12 digits after a retirement label", "Emekli Sicil No", "47123456", 6, 12},
		{"bagkur_no", "Bağ-Kur registration number: 8-13 digits after a Bağ-Kur label", "Bağ-Kur No", "1234567890", 8, 13},
	} {
		t := t
		register(&detector{
			TypeInfo: TypeInfo{Name: t.name, Jurisdiction: JurisdictionTR, Country: "TR", Description: t.desc, Example: t.ex},
			base:     0.25, minLen: t.min, maxLen: t.max, seps: sepSpace | sepDash | sepDot | sepSlash, label: t.label,
			check: func(c *cand) (float64, bool) { return 0, true },
			synth: func(r *rand.Rand) string {
				return string(randNonZero(r)) + string(randDigits(r, t.min+1))
			},
		})
	}
	register(&detector{
		TypeInfo: TypeInfo{Name: "postal_code_tr", Jurisdiction: JurisdictionTR, Country: "TR",
			Description: "Turkish postal code: 5 digits, first two a province code 01-81; needs an address or postal label", Example: "34710"},
		base: 0.2, minLen: 5, maxLen: 5, label: "Posta Kodu",
		check: func(c *cand) (float64, bool) {
			p := num(c.compact[:2])
			return 0, len(c.groups) == 1 && p >= 1 && p <= 81
		},
		synth: func(r *rand.Rand) string { return d2(1+r.IntN(81)) + string(randDigits(r, 3)) },
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "licence_plate_tr", Jurisdiction: JurisdictionTR, Country: "TR",
			Description: "Turkish vehicle plate: province 01-81, 1-3 letters, 2-5 digits", Example: "34 ABC 123"},
		base: 0.55, minLen: 5, maxLen: 10, alnum: true, seps: sepSpace | sepDash, label: "Plaka",
		check: func(c *cand) (float64, bool) {
			b := c.compact
			p := num(b[:2])
			if !isDigit(b[0]) || !isDigit(b[1]) || p < 1 || p > 81 {
				return 0, false
			}
			k := 2
			for k < len(b) && isLetter(b[k]) {
				k++
			}
			nl, nd := k-2, len(b)-k
			if !allDigits(b[k:]) {
				return 0, false
			}
			ok := (nl == 1 && nd >= 4 && nd <= 5) || (nl == 2 && nd >= 3 && nd <= 4) || (nl == 3 && nd >= 2 && nd <= 3)
			if !ok {
				return 0, false
			}
			if plateTail(c) {
				return 0, false // the end of another country's plate ("MN 38 DO 8576")
			}
			if len(c.groups) == 1 {
				return -0.2, true
			}
			return 0, len(c.groups) == 3
		},
		synth: func(r *rand.Rand) string {
			return d2(1+r.IntN(81)) + " " + string(randLetters(r, 3, "ABCDEFGHJKLMNPRSTUVYZ")) + " " + string(randNonZero(r)) + string(randDigits(r, 2))
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "province_tr", Jurisdiction: JurisdictionTR, Country: "TR",
			Description: "Turkish province name (81 provinces); names that are also common words need address context", Example: "İstanbul"},
		base: 0.55, kind: kindTrigger, label: "Şehir",
		synth: func(r *rand.Rand) string {
			return []string{"Ankara", "İzmir", "Bursa", "Antalya", "Konya", "Eskişehir", "Trabzon"}[r.IntN(7)]
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "company_name_tr", Jurisdiction: JurisdictionTR, Country: "TR",
			Description: "Turkish company name ending in a legal form (A.Ş., Ltd. Şti., Şirketi)", Example: "Yıldız Gıda San. ve Tic. A.Ş."},
		base: 0.85, kind: kindTrigger, label: "Firma",
		synth: func(r *rand.Rand) string {
			return []string{"Deniz", "Kaya", "Anadolu", "Ege", "Marmara"}[r.IntN(5)] + " " +
				[]string{"Tekstil", "Lojistik", "Yazılım", "Gıda"}[r.IntN(4)] + " " + []string{"A.Ş.", "Ltd. Şti."}[r.IntN(2)]
		},
	})
}

// province reports a Turkish province name written with a capital.
func (s *scanner) province(i, j int, li *labelInfo) {
	d := byName["province_tr"]
	if !s.cfg.enabled.has(d.idx) {
		return
	}
	r, _ := utf8.DecodeRuneInString(s.text[i:])
	if !unicode.IsUpper(r) {
		return
	}
	base := d.base
	if li.province == 2 {
		base = 0.3
	}
	// "Kadıköy/İstanbul", "34710 Kadıköy İstanbul": address shapes.
	if (i > 0 && s.text[i-1] == '/') || (j < len(s.text) && s.text[j] == '/') {
		base += 0.25
	}
	cx := s.context(i)
	s.emit(d, i, j, s.score(d, base, &cx))
}

var companyForms = map[string]bool{"ltd": true, "sti": true, "san": true, "tic": true, "ve": true, "as": true,
	"anonim": true, "limited": true, "sirketi": true, "sanayi": true, "ticaret": true, "&": true, "ins": true, "paz": true}

// Words that introduce a company rather than belong to its name.
var companyLabels = map[string]bool{"firma": true, "satici": true, "alici": true, "unvan": true, "unvani": true,
	"musteri": true, "tedarikci": true, "company": true, "seller": true, "buyer": true, "supplier": true,
	"customer": true, "vendor": true, "kunde": true, "lieferant": true, "client": true, "fournisseur": true,
	"cliente": true, "proveedor": true, "sirket": true, "isveren": true, "employer": true}

// companyTR walks back from a legal-form marker over capitalised words.
func (s *scanner) companyTR(i, j int) {
	d := byName["company_name_tr"]
	if !s.cfg.enabled.has(d.idx) {
		return
	}
	t := s.text
	marker := t[i:j]
	switch fold(strings.NewReplacer(".", "", " ", "").Replace(marker)) {
	case "as":
		if !strings.ContainsRune(marker, 'Ş') && marker != "A.S" && marker != "AS" {
			return
		}
	default:
		r, _ := utf8.DecodeRuneInString(marker)
		if !unicode.IsUpper(r) {
			return
		}
	}
	end := j
	if end < len(t) && t[end] == '.' {
		end++
	}
	start, names := i, 0
	k := i
	for words := 0; words < 8; words++ {
		// skip separators backwards
		p := k
		for p > 0 && (t[p-1] == ' ' || t[p-1] == '.' || t[p-1] == ',') {
			p--
		}
		if p == k && p != i {
			break
		}
		q := p
		for q > 0 {
			r, sz := utf8.DecodeLastRuneInString(t[:q])
			if !unicode.IsLetter(r) && r != '&' && r != '-' && !unicode.IsDigit(r) {
				break
			}
			q -= sz
		}
		if q == p {
			break
		}
		w := t[q:p]
		r, _ := utf8.DecodeRuneInString(w)
		fw := fold(w)
		if companyForms[fw] {
			start, k = q, q
			continue
		}
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			break
		}
		if li := labels[fw]; li != nil && (li.anchors != 0 || li.neg || !li.pos.empty()) {
			break
		}
		if p < len(t) && t[p] == ':' || companyLabels[fw] {
			break
		}
		start, k = q, q
		names++
	}
	if names == 0 {
		return
	}
	cx := s.context(start)
	s.emit(d, start, end, s.score(d, d.base, &cx))
}

// plateTail reports whether a plate candidate follows a short upper-case
// code on its line ("MN 38 DO 8576", an Indian plate): a Turkish plate
// starts with its province number, so it is the tail of something else.
func plateTail(c *cand) bool {
	i := c.start - 1
	for i >= 0 && (c.text[i] == ' ' || c.text[i] == '-') {
		i--
	}
	n := 0
	for i >= 0 && c.text[i] >= 'A' && c.text[i] <= 'Z' {
		i--
		n++
	}
	return n >= 1 && n <= 3 && i < c.start-1-n && (i < 0 || c.text[i] == ' ' || c.text[i] == '\n' || c.text[i] == '\t')
}
