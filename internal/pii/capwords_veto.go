package pii

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/gazetteer"
)

// The checks that keep companies, organisations and streets out of the
// names and places of a run (docs/pii.md, "Person names and places", "What is not"). They run
// only for runs that would otherwise give a finding.

// runVetoed reports runs that name a company, an organisation or a street:
// "Berlin-Chemie AG", "Hotel Maria Theresia", "Atatürk Caddesi", "rue
// Victor Hugo". Nothing inside them is a person or a place of its own.
func (s *scanner) runVetoed(ws []capWord) bool {
	for k := range ws {
		f := string(s.caps.folded(&ws[k]))
		if orgWords[f] || streetWords[f] || (legalForms[f] && (ws[k].upper || k > 0)) || streetSuffix(f) || orgSuffix(f) ||
			(k == 0 && streetBefore[f] && len(ws) > 1) {
			return true
		}
	}
	t := s.text
	if ps, pe := prevWord(t, ws[0].start); pe > ps && streetBefore[string(s.caps.key(t[ps:pe]))] {
		return true
	}
	if s.orgBefore(ws[0].start) {
		return true
	}
	last := ws[len(ws)-1]
	if s.followedByCompany(last.end) || (last.end-last.start <= 2 && s.followedByCompany(last.start)) {
		return true // "... Ltd", or "B.V.", "S.A.U." whose first letter joined the run
	}
	if ns, ne := nextWordAfter(t, last.end); ne > ns && streetWords[string(s.caps.key(strings.TrimSuffix(t[ns:ne], ".")))] {
		return true
	}
	return s.listEndsInOrg(last.end)
}

// listEndsInOrg follows a list of capitalised words, commas and
// conjunctions to the end of the line: "Ríos Tamayo, Medina Cazares y
// Henríquez Jaramillo Asociados", "Baker, Smith and Partners LLP" name a
// firm. Any lower-case word other than a conjunction ends the walk.
func (s *scanner) listEndsInOrg(e int) bool {
	t := s.text
	lim := e + 96
	if lim > len(t) {
		lim = len(t)
	}
	for k := e; k < lim; {
		c := t[k]
		if c == '\n' || c == '.' || c == ';' || c == ':' || c == '(' {
			return false
		}
		m := nextWord(t, k)
		if m == k {
			k++
			continue
		}
		w := t[k:m]
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			if !conjunctions[w] {
				return false
			}
			k = m
			continue
		}
		if f := string(s.caps.key(w)); orgWords[f] || orgSuffix(f) || (legalForms[f] && len(f) > 1) {
			return true
		}
		k = m
	}
	return false
}

// prevWord returns the letter word before offset i on the same line,
// skipping spaces and one dot ("Dr. Smith", "rue Victor Hugo").
func prevWord(t string, i int) (int, int) {
	e := i
	for e > 0 && (t[e-1] == ' ' || t[e-1] == '\t') && i-e < 4 {
		e--
	}
	if e > 0 && t[e-1] == '.' {
		e--
	}
	b := e
	for b > 0 {
		r, sz := utf8.DecodeLastRuneInString(t[:b])
		if !unicode.IsLetter(r) {
			break
		}
		b -= sz
	}
	return b, e
}

// nextWordAfter returns the word (with a trailing dot) after offset e on
// the same line.
func nextWordAfter(t string, e int) (int, int) {
	k := e
	for k < len(t) && (t[k] == ' ' || t[k] == ',') && k-e < 3 {
		k++
	}
	m := nextWord(t, k)
	if m < len(t) && t[m] == '.' {
		m++
	}
	return k, m
}

// followedByCompany recognises a legal form or '&' after a run: "Müller &
// Söhne", "Yılmaz İnşaat A.Ş.", "Rossi S.p.A.", "Nowak Sp. z o.o.".
func (s *scanner) followedByCompany(e int) bool {
	t := s.text
	k := e
	for k < len(t) && (t[k] == ' ' || t[k] == ',') && k-e < 3 {
		k++
	}
	if k < len(t) && (t[k] == '&' || t[k] == '+') {
		return true
	}
	// "Nowak i Synowie", "Schmidt und Söhne", "Dupont et Fils".
	if m := nextWord(t, k); m > k && m+1 < len(t) && t[m] == ' ' && conjunctions[t[k:m]] {
		if e2 := nextWord(t, m+1); e2 > m+1 && orgWords[string(s.caps.key(t[m+1:e2]))] {
			return true
		}
	}
	m := k
	for m < len(t) && m-k < 12 && t[m] != ' ' && t[m] != '\n' && t[m] != ',' && t[m] != ')' {
		m++
	}
	tok := t[k:m]
	// Fold without the dots and hyphens of "S.p.A." and "A.Ş.".
	f := s.caps.scratch[:0]
	for _, c := range []byte(tok) {
		if c != '.' && c != '-' {
			f = append(f, c)
		}
	}
	f = gazetteer.Fold(f[len(f):], string(f))
	s.caps.scratch = f
	switch string(f) {
	case "as":
		return strings.ContainsRune(tok, 'Ş') || tok == "AS" || strings.HasPrefix(tok, "A.S")
	case "sp": // Sp. z o.o., Sp. j.
		return true
	}
	return legalForms[string(f)] && (allUpper(tok) || strings.Contains(tok, ".") || len(f) > 3 || string(f) == "ltd" || string(f) == "inc")
}

// Words that make a run an organisation, a venue or a product rather than
// a person or a bare place.
var orgWords = setOf(`bank banca banco banque sparkasse volksbank holding group gruppe groupe grupo gruppo groep grupa
	grubu hotel otel restaurant ristorante cafe university universitat universite universidad universita universiteit
	uniwersytet universitesi hospital krankenhaus hopital hospitale ospedale ziekenhuis szpital hastanesi klinik
	klinikum clinic clinique clinica kliniek institut institute instituto istituto instituut instytut enstitusu
	foundation stiftung fondation fundacion fondazione stichting fundacja vakfi school schule ecole escuela scuola okulu
	lisesi academy akademie academie airport flughafen aeroport aeropuerto aeroporto luchthaven lotnisko havalimani
	station bahnhof gare estacion stazione garu centre center zentrum centro centrum merkezi club verein fc sc sv
	stadium stadion stade estadio stadio market markt marche mercado mercato supermarket apotheke pharmacy pharmacie
	farmacia apotheek apteka eczanesi company corporation firma sirketi insaat ticaret sanayi gmbh kg ag ltd llc inc
	plc bv nv sarl srl spa sas museum museo musee muzesi church kirche eglise iglesia chiesa kerk kosciol camii
	cathedral dom park parkı airlines airways award preis prix premio prijs nagroda odulu prize cup pokal coupe copa
	coppa kupa league liga ligue lega series edition pro plus mini ultra premium studio studios software systems
	solutions consulting services technologies technology media partners associates brothers bros sohne soehne
	fils hijos figli zonen synowie ogullari motors automotive logistics energy pharma capital invest insurance
	versicherung assurance seguros assicurazioni verzekeringen sigorta council rat conseil consejo consiglio raad
	rada meclisi ministry ministerium ministere ministerio ministero ministerie ministerstwo bakanligi court gericht
	tribunal tribunale rechtbank sad mahkemesi police polizei policia polizia politie policja emniyet news zeitung
	journal times post gazette tribune radio tv galeries galerie gallery galleria kaufhaus magasin magasins boutique
	shop store stores outlet salon fair messe expo festival congress kongress conference konferenz summit hermanos
	hermanas gebruder freres fratelli broers bracia kardesler asociados associates associes associati partnerschaft
	rechtsanwalte avocats abogados avvocati advocaten kancelaria hukuk law`)

// Street words: a run with one, or next to one, is an address.
var streetWords = setOf(`strasse str weg allee platz gasse ring damm ufer chaussee street st road rd avenue ave lane
	ln drive boulevard blvd bd square sq way court ct place pl terrace row close crescent rue chemin impasse quai
	cours calle avenida avda plaza paseo camino carrer via viale piazza corso vicolo largo straat laan plein gracht
	kade dijk ulica ul aleja al plac osiedle os caddesi cad cd sokak sokagi sok sk bulvari bulvar blv mahallesi mah mh
	meydani yolu`)

// Street words that stand before the name of the street: "rue Victor
// Hugo", "Via Garibaldi", "ul. Jana Pawła".
var streetBefore = setOf(`rue chemin impasse quai cours allee route passage square calle avenida avda plaza paseo
	camino carrer carretera travesia glorieta callejon pasaje urbanizacion partida rincon torrente muelle parque ramal
	poblado barranco rampa ronda solar rua salida lugar terrenos manzana alameda cuesta via viale piazza piazzale corso
	vicolo largo strada contrada incrocio borgo rotonda lungomare localita ulica ul aleja plac osiedle szosa avenue
	boulevard bd blvd straat laan plein am im zum zur`)

// orgBefore looks up to six words back on the same line for an
// organisation word: "Università degli Studi di Padova", "Bank of
// England", "Hotel am Markt".
func (s *scanner) orgBefore(i int) bool {
	t := s.text
	for n := 0; n < 6; n++ {
		if i > 0 && (t[i-1] == '\'' || t[i-1] == '-') { // "l'Auto", "Saint-"
			i--
		}
		b, e := prevWord(t, i)
		if e <= b || strings.ContainsAny(t[e:i], "\n,;:()") {
			return false
		}
		f := string(s.caps.key(t[b:e]))
		if orgWords[f] || orgSuffix(f) {
			return true
		}
		// Walk back over connectors and capitalised words only: "our
		// partners in Australia" is a sentence, not a name.
		if r, _ := utf8.DecodeRuneInString(t[b:]); !unicode.IsUpper(r) && !orgConnectors[f] {
			return false
		}
		i = b
	}
	return false
}

var conjunctions = setOf(`and und et y e i en ve`)

// Words that join an organisation word to the rest of its name.
var orgConnectors = setOf(`of de di degli della delle dei del der des du am an auf fur van voor dla la le les el the
	for l d`)

// orgSuffix recognises compound organisation names: "Rabobank",
// "Commerzbank", "Stadtsparkasse", "Allianz Versicherung".
func orgSuffix(f string) bool {
	for _, suf := range []string{"bank", "kasse", "versicherung", "holding", "gruppe", "werke", "bahn"} {
		if len(f) > len(suf)+2 && strings.HasSuffix(f, suf) {
			return true
		}
	}
	return false
}

// streetSuffix recognises compound street names: "Hauptstraße",
// "Kerkstraat", "Lindenweg", "Marktplatz".
func streetSuffix(f string) bool {
	for _, suf := range []string{"strasse", "str", "weg", "allee", "platz", "gasse", "straat", "laan", "plein", "gracht", "damm", "ufer"} {
		if len(f) > len(suf)+2 && strings.HasSuffix(f, suf) {
			return true
		}
	}
	return false
}

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
