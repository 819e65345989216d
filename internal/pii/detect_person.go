package pii

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/checkdigit"
	"github.com/quarrydev/quarry/internal/gazetteer"
)

// Label-anchored types: person names, postal addresses, dates of birth,
// BIC codes. None has a checksum, so each is only reported right after a
// label that announces it ("Name:", "Ad Soyad:", "Herr", "Anschrift:",
// "Date of birth:", "BIC:"...). Person names without a label come from
// the gazetteer rules of detect_name.go.

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "name", Jurisdiction: JurisdictionGlobal,
			Description: "Person name: capitalised words after a name label or an honorific, or a given name and surname from the built-in name lists of eight languages", Example: "Ayşe Yılmaz"},
		base: 0.85, kind: kindTrigger, label: "Name",
		synth: func(r *rand.Rand) string {
			return []string{"Maria", "Jonas", "Elif", "Pierre", "Lucía", "Hannah", "Mehmet"}[r.IntN(7)] + " " +
				[]string{"Novak", "Berger", "Demir", "Lefèvre", "García", "Schmidt", "Kaplan"}[r.IntN(7)]
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "address", Jurisdiction: JurisdictionGlobal,
			Description: "Postal address: the rest of the line (and a following postcode line) after an address label", Example: "Hauptstraße 12, 10115 Berlin"},
		base: 0.85, kind: kindTrigger, label: "Adresse",
		synth: func(r *rand.Rand) string {
			return []string{"Lindenweg", "Rue Victor Hugo", "Calle Mayor", "Cumhuriyet Cad."}[r.IntN(4)] + " " +
				string(randNonZero(r)) + ", " + string(randNonZero(r)) + string(randDigits(r, 4)) + " " +
				[]string{"Lyon", "Madrid", "Bremen", "Ankara"}[r.IntN(4)]
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "date_of_birth", Jurisdiction: JurisdictionGlobal,
			Description: "Date of birth: a valid calendar date (numeric or with a month name) after a birth-date label", Example: "14.03.1985"},
		base: 0.15, minLen: 6, maxLen: 8, seps: sepDot | sepSlash | sepDash | sepSpace, label: "Date of birth",
		check: func(c *cand) (float64, bool) {
			if len(c.groups) != 3 || (c.seps != sepDot && c.seps != sepSlash && c.seps != sepDash && c.seps != sepDot|sepSpace) {
				return 0, false
			}
			b, g := c.compact, c.groups
			var y, m, d int
			switch {
			case g[0] == 4 && g[1] == 2 && g[2] == 2:
				y, m, d = num(b[:4]), num(b[4:6]), num(b[6:])
			case g[0] <= 2 && g[1] <= 2 && (g[2] == 4 || g[2] == 2):
				d, m, y = num(b[:g[0]]), num(b[g[0]:g[0]+g[1]]), num(b[g[0]+g[1]:])
				if g[2] == 2 {
					y += 1900
				}
				if !validDate(y, m, d) && validDate(y, d, m) { // US order
					m, d = d, m
				}
			default:
				return 0, false
			}
			return 0, y >= 1900 && y <= 2030 && validDate(y, m, d)
		},
		synth: func(r *rand.Rand) string {
			y, m, d := randDate(r)
			return d2(d) + "." + d2(m) + "." + string(rune('0'+y/1000)) + d3(y%1000)
		},
	})
}

var legalForms = map[string]bool{"gmbh": true, "ag": true, "ltd": true, "llc": true, "inc": true, "sa": true, "sas": true,
	"sarl": true, "srl": true, "spa": true, "bv": true, "nv": true, "as": true, "sti": true, "sirketi": true, "kg": true,
	"co": true, "corp": true, "limited": true, "plc": true, "sl": true, "ug": true, "ohg": true, "gbr": true,
	"llp": true, "lp": true, "pllc": true, "kgaa": true, "se": true, "eg": true, "ev": true, "oy": true, "ab": true,
	"aps": true, "sro": true, "spzoo": true, "sca": true, "snc": true, "scs": true, "cv": true, "vof": true,
	"sau": true, "slu": true, "sapa": true, "scarl": true, "sprl": true, "bvba": true, "cvba": true}

// Words before "Name" that make it a company, product or file name.
var notPersonName = map[string]bool{"company": true, "firma": true, "firmen": true, "bank": true, "product": true,
	"file": true, "user": true, "brand": true, "project": true, "street": true, "item": true, "domain": true,
	"host": true, "sirket": true, "business": true, "trade": true, "legal": true, "unternehmen": true,
	"societe": true, "empresa": true, "azienda": true, "bedrijf": true, "produkt": true, "urun": true, "dosya": true}

// Words before "address" that make it a network or wallet address.
var notPostal = map[string]bool{"ip": true, "ipv4": true, "ipv6": true, "mail": true, "email": true, "btc": true,
	"eth": true, "bitcoin": true, "ethereum": true, "wallet": true, "web": true, "mac": true, "server": true,
	"ether": true, "crypto": true, "ipadresse": true, "eposta": true, "posta": true, "url": true, "website": true}

// prevAdjacent reports whether the previous word stands right before
// offset i on the same line (one or two spaces or a hyphen between).
func (s *scanner) prevAdjacent(i int) bool {
	if s.prevEnd < 0 || i-s.prevEnd > 2 || i <= s.prevEnd {
		return false
	}
	for _, c := range []byte(s.text[s.prevEnd:i]) {
		if c != ' ' && c != '-' {
			return false
		}
	}
	return true
}

// Capitalised words that follow name labels or salutations without being
// names: "Customer Service Team", "Dear Sir or Madam", "Sehr geehrte Damen
// und Herren", "Sayın Yetkili".
var notNameWords = map[string]bool{"service": true, "services": true, "support": true, "number": true,
	"nummer": true, "numara": true, "numero": true, "team": true, "care": true, "portal": true, "code": true,
	"type": true, "group": true, "center": true, "centre": true, "department": true, "hotline": true,
	"information": true, "details": true, "data": true, "daten": true, "donnees": true, "datos": true,
	"bilgileri": true, "hizmetleri": true, "relations": true, "success": true, "id": true, "no": true, "nr": true,
	"sir": true, "madam": true, "madame": true, "colleague": true, "colleagues": true, "all": true, "partner": true,
	"partners": true, "damen": true, "herren": true, "yetkili": true, "ilgili": true, "musterimiz": true,
	"customer": true, "customers": true, "kunde": true, "kunden": true, "client": true, "clients": true,
	"cliente": true, "clientes": true, "team's": true, "office": true, "manager": true, "director": true,
	"name": true, "signature": true, "unterschrift": true, "imza": true, "date": true, "datum": true, "tarih": true}

var nameParticles = map[string]bool{"van": true, "von": true, "de": true, "der": true, "den": true, "da": true,
	"di": true, "del": true, "la": true, "le": true, "du": true, "dos": true, "bin": true, "ten": true, "zu": true}

func (s *scanner) anchored(i, j int, li *labelInfo) {
	if li.anchors&anchorBIC != 0 {
		s.parseBIC(j)
	}
	if li.anchors&(anchorName|anchorHonorific) != 0 {
		honor := li.anchors&anchorHonorific != 0
		if !honor && s.prevAdjacent(i) && notPersonName[string(s.prevFolded())] {
			return
		}
		s.parseName(i, j, honor)
	}
	if li.anchors&anchorAddress != 0 && !(s.prevAdjacent(i) && notPostal[string(s.prevFolded())]) {
		s.parseAddress(j)
	}
	if li.anchors&anchorDOB != 0 {
		s.parseDOBText(j)
	}
}

// nextWord returns the letter word starting at k (letters, marks and
// inner hyphens or apostrophes).
func nextWord(t string, k int) int {
	e := k
	for e < len(t) {
		r, sz := utf8.DecodeRuneInString(t[e:])
		if unicode.IsLetter(r) || unicode.IsMark(r) {
			e += sz
			continue
		}
		if (r == '-' || r == '\'' || r == '’') && e > k && e+sz < len(t) {
			r2, _ := utf8.DecodeRuneInString(t[e+sz:])
			if unicode.IsLetter(r2) {
				e += sz
				continue
			}
		}
		break
	}
	return e
}

func skipSpace(t string, k, max int, extra string) int {
	lim := k + max
	for k < len(t) && k < lim && (t[k] == ' ' || t[k] == '\t' || strings.IndexByte(extra, t[k]) >= 0) {
		k++
	}
	return k
}

// skipLabelTail moves past what stands between a label and its value:
// spaces, ':', '|', '=', one line break, and a linking word ("is", "ist",
// "est", "es", "è", "lautet").
func skipLabelTail(t string, k int) int {
	k = skipSpace(t, k, 8, ":-=|()")
	if k < len(t) && t[k] == '\n' {
		k = skipSpace(t, k+1, 8, "|")
	}
	e := nextWord(t, k)
	switch strings.ToLower(t[k:e]) {
	case "is", "ist", "est", "es", "è", "lautet", "are", "was", "war", "era":
		k = skipSpace(t, e, 8, ":")
	}
	return k
}

func (s *scanner) parseName(labelStart, k int, honor bool) {
	d := byName["name"]
	if !s.cfg.enabled.has(d.idx) {
		return
	}
	t := s.text
	if honor {
		if k < len(t) && t[k] == '.' {
			k++
		}
		r, _ := utf8.DecodeRuneInString(t[labelStart:])
		if !unicode.IsUpper(r) { // "dr" inside a sentence, "sig" ...
			return
		}
	} else {
		// Labels end with ':' or stand in a table header; a word glued
		// to a lowercase sentence ("the name of") is not a label.
		k0 := k
		for k0 < len(t) && (t[k0] == ' ' || t[k0] == '\t' || t[k0] == '(' || t[k0] == ')' || t[k0] == 's') && k0-k < 5 {
			k0++
		}
		if k0 >= len(t) || (t[k0] != ':' && t[k0] != '-' && t[k0] != '\t' && t[k0] != '|' && !(k0 > k && t[k0-1] == ' ' && k0-k >= 2)) {
			if !(k0 < len(t) && t[k0] == '\n') {
				r, _ := utf8.DecodeRuneInString(t[k0:])
				e := nextWord(t, k0)
				link := strings.ToLower(t[k0:e])
				if (!unicode.IsUpper(r) && link != "is" && link != "ist" && link != "est" && link != "es") || t[k] != ' ' || k0-k < 1 {
					return
				}
			}
		}
	}
	k = skipLabelTail(t, k)
	start, end, words := -1, -1, 0
	for words < 4 && k < len(t) {
		e := nextWord(t, k)
		if e == k {
			break
		}
		w := t[k:e]
		fw := fold(w)
		r, _ := utf8.DecodeRuneInString(w)
		if li := labels[fw]; li != nil && (li.anchors != 0 || li.neg || !li.pos.empty()) {
			if li.anchors&anchorHonorific != 0 && words == 0 {
				k = skipSpace(t, e, 3, ".")
				continue
			}
			break
		}
		if words == 0 && e-k <= 3 && e < len(t) && t[e] == '.' && unicode.IsUpper(r) {
			k = skipSpace(t, e+1, 3, "") // "D. Juan", "Sr. Pérez": an abbreviated title
			continue
		}
		if legalForms[fw] && unicode.IsUpper(r) {
			return // "Acme GmbH", "Nordic AS": a company
		}
		if notNameWords[fw] {
			return
		}
		switch {
		case unicode.IsUpper(r):
			if start < 0 {
				start = k
			}
			end = e
			words++
		case nameParticles[fw] && words > 0:
		default:
			k = len(t)
			continue
		}
		if e+1 < len(t) && t[e] == ' ' {
			r2, _ := utf8.DecodeRuneInString(t[e+1:])
			if unicode.IsLetter(r2) {
				k = e + 1
				continue
			}
		}
		break
	}
	if start < 0 || (words < 2 && !honor) || !plausibleLabelledName(t[start:end]) {
		return
	}
	score := d.base
	if honor {
		score = 0.8
	}
	s.emit(d, start, end, score)
}

// plausibleLabelledName rejects values made only of ordinary words that
// no name list knows: "Customer Integration Associate", "Dear
// Exhibitor". One listed name or one word outside the dictionaries is
// enough ("Elif Karaosmanoğlu", "Zbigniew Brzęczyszczykiewicz").
func plausibleLabelledName(v string) bool {
	var buf [64]byte
	for k := 0; k < len(v); {
		e := nextWord(v, k)
		if e == k {
			k++
			continue
		}
		f := gazetteer.Fold(buf[:0], v[k:e])
		if gazetteer.Word(f)&(gazetteer.Given|gazetteer.Surname) != 0 || !gazetteer.IsCommon(f) {
			return true
		}
		k = e
	}
	return false
}

func (s *scanner) parseAddress(k int) {
	d := byName["address"]
	if !s.cfg.enabled.has(d.idx) {
		return
	}
	t := s.text
	k = skipSpace(t, k, 8, ":-|")
	if k < len(t) && t[k] == '\n' { // label on its own line
		k++
	}
	// "İkamet Adresi:", "Home address:": skip further address label words.
	for n := 0; n < 2; n++ {
		e := nextWord(t, k)
		if e == k {
			break
		}
		if li := labels[fold(t[k:e])]; li == nil || li.anchors&anchorAddress == 0 {
			break
		}
		k = skipSpace(t, e, 8, ":-|")
	}
	start := k
	end, digits, words := k, 0, 0
	lines := 0
	for k < len(t) && k-start < 200 {
		c := t[k]
		if c == '\n' || c == '\f' || c == '\r' {
			// Continue onto the next line only for a postcode + town line.
			if lines > 0 || k+1 >= len(t) || !isDigit(t[k+1]) {
				break
			}
			m := k + 1
			for m < len(t) && isDigit(t[m]) {
				m++
			}
			if n := m - k - 1; n < 4 || n > 5 || m >= len(t) || t[m] != ' ' {
				break
			}
			lines++
			k++
			continue
		}
		if c < utf8.RuneSelf && class[c] == clDigit {
			digits++
			k++
			end = k
			continue
		}
		e := nextWord(t, k)
		if e > k {
			fw := fold(t[k:e])
			if li := labels[fw]; li != nil && (li.anchors&^anchorAddress != 0 || li.neg || hasPhoneOrMail(li) || (words == 0 && !li.pos.empty() && li.province == 0)) {
				if words == 0 {
					return // "Adresse IP", "E-mail address": not a postal address
				}
				break
			}
			words++
			k, end = e, e
			continue
		}
		_, sz := utf8.DecodeRuneInString(t[k:])
		k += sz
		if c != ' ' && c != ',' && c != ';' && c != '|' {
			end = k
		}
	}
	for end > start && strings.IndexByte(" ,;:-|", t[end-1]) >= 0 {
		end--
	}
	if digits == 0 || words < 2 || end-start < 8 {
		return
	}
	s.emit(d, start, end, d.base)
}

func hasPhoneOrMail(li *labelInfo) bool {
	for _, n := range []string{"phone_intl", "iban", "email", "tax_id_tr", "national_id_tr"} {
		if dd := byName[n]; dd != nil && li.pos.has(dd.idx) {
			return true
		}
	}
	return false
}

var monthNames = map[string]int{}

func init() {
	for _, list := range []string{
		"january february march april may june july august september october november december",
		"ocak subat mart nisan mayis haziran temmuz agustos eylul ekim kasim aralik",
		"januar februar marz april mai juni juli august september oktober november dezember",
		"janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
		"enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
		"gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
		"januari februari maart april mei juni juli augustus september oktober november december",
		"jan feb mar apr may jun jul aug sep oct nov dec",
	} {
		for i, m := range strings.Fields(list) {
			monthNames[m] = i + 1
		}
	}
}

// parseDOBText reads "12 March 1985", "12. März 1985", "March 12, 1985",
// "12 de marzo de 1985" after a birth-date label. Numeric dates are found
// by the run detector.
func (s *scanner) parseDOBText(k int) {
	d := byName["date_of_birth"]
	if !s.cfg.enabled.has(d.idx) {
		return
	}
	t := s.text
	lim := k + 48
	if lim > len(t) {
		lim = len(t)
	}
	type wd struct {
		start, end int
		n, month   int
	}
	var ws []wd
	for p := k; p < lim && len(ws) < 8; {
		c := t[p]
		if c == '\n' {
			break
		}
		if isDigit(c) {
			e := p
			for e < lim && isDigit(t[e]) {
				e++
			}
			ws = append(ws, wd{p, e, num([]byte(t[p:e])), 0})
			p = e
			continue
		}
		e := nextWord(t, p)
		if e > p {
			fw := strings.TrimSuffix(fold(t[p:e]), ".")
			if m := monthNames[fw]; m > 0 {
				ws = append(ws, wd{p, e, 0, m})
			}
			p = e
			continue
		}
		_, sz := utf8.DecodeRuneInString(t[p:])
		p += sz
	}
	for i, w := range ws {
		if w.month == 0 {
			continue
		}
		var day, year *wd
		if i > 0 && ws[i-1].month == 0 && ws[i-1].end-ws[i-1].start <= 2 {
			day = &ws[i-1]
			if i+1 < len(ws) && ws[i+1].end-ws[i+1].start == 4 {
				year = &ws[i+1]
			}
		} else if i+2 < len(ws) && ws[i+1].end-ws[i+1].start <= 2 && ws[i+2].end-ws[i+2].start == 4 {
			day, year = &ws[i+1], &ws[i+2]
		}
		if day == nil || year == nil || !validDate(year.n, w.month, day.n) || year.n < 1900 {
			return
		}
		start, end := day.start, year.end
		if w.start < start {
			start = w.start
		}
		s.emit(d, start, end, 0.85)
		return
	}
}

func (s *scanner) parseBIC(k int) {
	d := byName["bic"]
	if !s.cfg.enabled.has(d.idx) {
		return
	}
	t := s.text
	k = skipLabelTail(t, k)
	// "SWIFT Code:", "BIC/SWIFT:"
	for tries := 0; tries < 2; tries++ {
		e := k
		for e < len(t) && class[t[e]] != 0 {
			e++
		}
		b := []byte(strings.ToUpper(t[k:e]))
		if validBIC(b) && (e == len(t) || class[t[e]] == 0) {
			s.emit(d, k, e, d.base)
			return
		}
		if e == k {
			return
		}
		k = skipLabelTail(t, skipSpace(t, e, 8, "/"))
	}
}

// validBIC takes the BIC shape from checkdigit and, as this scanner's own
// policy, only the countries that issue IBANs plus the largest banking
// centres without them: eight letters after a "BIC" label are weak
// evidence, and an unlikely country code is the cheapest filter.
func validBIC(b []byte) bool {
	if checkdigit.BIC(string(b)) != nil {
		return false
	}
	cc := string(b[4:6])
	_, iban := checkdigit.IBANLength(cc)
	return iban || strings.Contains(" US CA JP CN AU IN SG HK ", " "+cc+" ")
}
