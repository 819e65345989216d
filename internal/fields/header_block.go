package fields

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
	"github.com/quarrydev/quarry/internal/doc"
)

// Receipts and most invoices print their issuer without a label: a name at
// the top (often the largest type, often with a legal form such as "Sdn
// Bhd" or "GmbH"), the address under it, then contact and tax-id lines.
// The header block reads that convention from the reader's lines of the
// first page. The name is kept as printed (the SROIE and invoice2data
// convention), minus what is not the name: registration numbers in
// brackets ("(65351-M)") and a document title on the same line
// ("Amazon Web Services Invoice").

// hLine is one reader line of the first page.
type hLine struct {
	words []int
	box   doc.Box
	h     float64 // median word height
	toks  []string
	raw   []string
	conf  float64
}

// maxHeaderLines bounds how far down the page the issuer is looked for.
const maxHeaderLines = 14

// headerLines returns the first page's lines sorted top to bottom,
// without lines OCR made from noise.
func (e *extractor) headerLines() []hLine {
	l := e.x.L
	if len(l.Pages) == 0 {
		return nil
	}
	var out []hLine
	for _, ln := range l.Pages[0].Lines {
		if ln.EndWord <= ln.FirstWord || ln.Box.IsZero() {
			continue
		}
		hl := hLine{box: ln.Box}
		var hs []float64
		var conf float64
		for wi := ln.FirstWord; wi < ln.EndWord; wi++ {
			w := l.Words[wi]
			hl.words = append(hl.words, wi)
			hl.raw = append(hl.raw, w.Text)
			hl.toks = append(hl.toks, labelTok(w.Text))
			hs = append(hs, w.Box.Height())
			c := w.Conf
			if c <= 0 {
				c = 1
			}
			conf += c
		}
		sort.Float64s(hs)
		hl.h = hs[len(hs)/2]
		hl.conf = conf / float64(len(hl.words))
		if !readable(hl) {
			continue
		}
		out = append(out, hl)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].box.Y0 < out[j].box.Y0 })
	return out
}

// readable rejects lines that are OCR noise: too few letters in words of
// three letters or more, or a low mean confidence.
func readable(hl hLine) bool {
	letters := 0
	for _, w := range hl.raw {
		n := 0
		for _, r := range w {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				n++
			}
		}
		if n >= 3 {
			letters += n
		}
	}
	return letters >= 4 && hl.conf >= 0.45
}

func (hl hLine) has(set map[string]bool) bool { return hasAny(hl.toks, set) }

func (hl hLine) companyForm() bool {
	for i := range hl.toks {
		if isCompanyForm(hl.toks, hl.raw, i) {
			return true
		}
	}
	return false
}

// stop reports a contact, tax-id, registration or title line, or one that
// is mostly digits (a bare registration or phone number).
func (hl hLine) stop() bool {
	if hl.has(headerStops) || registration(hl) {
		return true
	}
	for _, t := range hl.toks {
		if a, b, ok := strings.Cut(t, "/"); ok && (headerStops[a] || headerStops[b]) {
			return true // "Tel/Fax", "GST/SST"
		}
	}
	for _, w := range hl.raw {
		if strings.Contains(w, "@") || strings.HasPrefix(strings.ToLower(w), "www.") {
			return true
		}
	}
	d, a := 0, 0
	for _, w := range hl.raw {
		for _, r := range w {
			switch {
			case unicode.IsDigit(r):
				d++
			case unicode.IsLetter(r):
				a++
			}
		}
	}
	return d >= 6 && d > 2*a
}

var reRegNo = regexp.MustCompile(`^\(?[A-Z]{0,4}\d[\d\s-]{3,}-?\s?[A-Z]?\)*[\]}/j]?\)?$`)

// reRegSuffix is a company registration number with its check letter,
// as Malaysian and Singaporean businesses print it: "725186-V".
var reRegSuffix = regexp.MustCompile(`^\(?\d{5,8}-[A-Za-z]\)?[.,]?$`)

// numberedRegistration reports a short line that ends "No. : 725186-V"
// and names no company: a registration line whose first words OCR
// garbled ("ane hea No. ; 725186-V").
func numberedRegistration(hl hLine) bool {
	n := len(hl.raw)
	if n < 2 || n > 6 || hl.has(addressWords) || !reRegSuffix.MatchString(hl.raw[n-1]) {
		return false
	}
	for i, t := range hl.toks {
		if t != "co" && isCompanyForm(hl.toks, hl.raw, i) {
			return false // "AEON CO. (M) BHD 126926-H" names the company; "Co. Reg No.:" does not
		}
	}
	k := n - 2
	for k > 0 && isPunct(hl.raw[k]) {
		k--
	}
	return hl.toks[k] == "no"
}

// registration reports a line that is only a company registration number
// in brackets, as Malaysian and Singaporean receipts print under the name.
func registration(hl hLine) bool {
	s := strings.TrimSpace(strings.Join(hl.raw, " "))
	if reRegNo.MatchString(s) {
		return true
	}
	if numberedRegistration(hl) {
		return true // "Co. No. : 725186-V" with the label misread
	}
	if len(hl.raw) > 4 || hl.has(addressWords) {
		return false
	}
	if strings.HasPrefix(hl.raw[0], "(") && hasDigit(strings.Join(hl.raw, "")) {
		return true // "(1120908-M)", "(Company No. 113825-W)"
	}
	for _, w := range hl.raw {
		if strings.HasPrefix(w, "(") && digitShare(w) >= 0.5 {
			return true // "BR No.: (124525-H)"
		}
	}
	return false
}

// closingWords mark the courtesy lines at the end of a receipt.
var closingWords = setOf("thank", "thanks", "terima", "kasih", "danke", "merci", "gracias", "tesekkurler",
	"please", "sila", "bitte", "feedback", "complaint", "complaints", "enquiry", "enquiries", "inquiries")

// regOpeners open a bracketed registration note after a name.
var regOpeners = setOf("co", "company", "reg", "roc", "gst", "coreg", "registration", "regno")

// regTokens mark a company-registration line ("Co. Reg. No.", "ROC").
var regTokens = setOf("reg", "registration", "regno", "coreg", "roc", "coregno", "brn")

// regLine reports a registration line, which may sit between the name and
// the address.
func regLine(hl hLine) bool {
	if registration(hl) || hl.has(regTokens) {
		return true
	}
	for i := 0; i+1 < len(hl.toks); i++ {
		if (hl.toks[i] == "company" || hl.toks[i] == "co") && hl.toks[i+1] == "no" {
			return true
		}
	}
	// A label glued to its number ("CO-REG:750441-W", "ROC:123456-X"):
	// one word, so no label token of its own. Only on a short line: a
	// name followed by "(Co. No:20154-T)" is the name's line.
	for _, w := range hl.raw {
		if len(hl.raw) > 3 {
			break
		}
		if lab, num, ok := strings.Cut(w, ":"); ok && lab != "" && reRegSuffix.MatchString(num) {
			return true
		}
	}
	return false
}

// stopName is stop for a name candidate: a document title on the name's
// line does not disqualify it ("Amazon Web Services Invoice").
func (hl hLine) stopName() bool {
	for _, t := range hl.toks {
		if headerStops[t] && !documentTitles[t] && t != "tax" {
			return true
		}
	}
	if regLine(hl) {
		return true
	}
	if documentTitles[hl.toks[0]] || hl.toks[0] == "tax" {
		return true // "Invoice Summary", "Tax Invoice": a heading, not a name
	}
	if hl.has(closingWords) {
		return true // "Thank you, please come again"
	}
	letters := 0
	for _, k := range nameWords(hl) {
		if !hasDigit(hl.raw[k]) && letterCount(hl.raw[k]) >= 2 {
			letters++
		}
	}
	total := 0
	for _, k := range nameWords(hl) {
		total += letterCount(hl.raw[k])
	}
	// "TAM" left of an OCR'd "TAX INVOICE" is no name: a name has letters.
	return letters == 0 || 2*letters < len(nameWords(hl)) || total < 4
}

// reRegToken is a registration number printed after a name:
// "273500-U", "(65351-M)", "(139386 X)".
var reRegToken = regexp.MustCompile(`^\(?\d{4,}-?[A-Z]?\)?[.,]?$`)

// reHouseNo is a house number opening an address line: "NO.19",
// "No:12", "No 5" (its number then in the next word).
var reHouseNo = regexp.MustCompile(`^(?i)no[.:]?\d+[A-Za-z]?,?$`)

// reBareHouseNo is a house number printed alone before a comma, as many
// addresses open ("109, SS21/1A," or "12, Jalan Tampoi"): with a word
// after it, such a line is an address even when OCR bent every other
// word of it.
var reBareHouseNo = regexp.MustCompile(`^\d{1,5}[A-Za-z]?,$`)

// addressLike reports a line that looks like part of a postal address: an
// address word, or a number next to words.
func (hl hLine) addressLike() bool {
	if hl.stop() {
		return false
	}
	if hl.has(addressWords) || reHouseNo.MatchString(hl.raw[0]) {
		return true
	}
	if len(hl.raw) >= 2 && reBareHouseNo.MatchString(hl.raw[0]) {
		return true
	}
	digits, words := false, 0
	for _, w := range hl.raw {
		if hasDigit(w) {
			digits = true
		} else if len([]rune(w)) >= 3 {
			words++
		}
	}
	return digits && words >= 1
}

// issuerLine picks the line naming the issuer. It returns the line index
// in ls and a confidence.
func issuerLine(ls []hLine, domains map[string]float64) (int, float64) {
	if len(ls) == 0 {
		return -1, 0
	}
	median := medianHeight(ls)
	best, bestScore := -1, 0.0
	afterTitle := false // past the document title or the first transaction line
	formAbove := false  // a line with a legal form came before the title
	for i, hl := range ls {
		if i >= maxHeaderLines || hl.box.Y0 > 0.5 {
			break
		}
		if i > 0 && (transactionLine(ls[i-1]) || ls[i-1].has(documentTitles)) {
			afterTitle = true
		}
		name := nameWords(hl)
		if len(name) == 0 || len(name) > 9 || hl.stopName() {
			continue
		}
		if strings.HasSuffix(hl.raw[0], ":") {
			continue // "ATTN: ... Limited" is an addressee
		}
		if i > 0 && ls[i-1].addressLike() && !ls[i-1].companyForm() && under(hl, ls[i-1]) && strings.HasSuffix(ls[i-1].raw[len(ls[i-1].raw)-1], ",") {
			continue // "Laman Rimbunan Kepong," goes on the address line above it
		}
		if afterTitle && formAbove {
			// A company named under the title, when one with a legal
			// form heads the page, is the buyer the invoice is made out to.
			continue
		}
		if !afterTitle && (hl.companyForm() || hl.addressLike() && hl.has(addressWords)) {
			formAbove = true // the seller's name or address heads the page
		}
		score := 0.0
		if hl.companyForm() {
			score += 3
		}
		if hl.has(businessWords) && !onlyBusinessWords(hl) {
			score += 1.2 // "BISTRO & CAFE" alone describes, it does not name
		}
		if median > 0 {
			score += math.Min(2, math.Max(0, hl.h/median-1)*2.5)
		}
		if hl.addressLike() && !hl.companyForm() {
			score -= 2 // a registration number after a name is not an address
		}
		if afterTitle {
			score -= 1.5 // the buyer's block under "TAX INVOICE" or "Date:"
		}
		if k := nextUnder(ls, i); k > 0 && ls[k].addressLike() {
			score += 1
		}
		if upper(hl) {
			score += 0.3
		}
		if first := strings.ToLower(hl.raw[name[0]]); len(first) >= 4 && domains[first] > hl.box.Y1+footerGap {
			// The document's footer prints this name's own web or mail
			// domain ("CRONUS DE" ... "info@cronus.com" beside the VAT
			// number and the bank): the footer is the issuer's. It
			// settles which of two blocks side by side is the company's
			// when the recipient's block, in the envelope window at the
			// left, carries a legal form and the company's does not. A
			// domain printed in a block of the header (a buyer's mail
			// under the buyer's name) says nothing of the kind.
			score += 3
		}
		// The first readable line is the usual place of the name.
		score += 0.6 - 0.12*float64(i)
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 || bestScore < 0.5 {
		return -1, 0
	}
	return best, math.Min(0.9, 0.4+0.1*bestScore)
}

// nameWords returns the indices (within the line) of the words that form
// the name: without a document title and without a trailing registration
// number in brackets.
func nameWords(hl hLine) []int {
	var out []int
	from := ownerLabel(hl)
	for i, t := range hl.toks {
		if i < from {
			continue
		}
		if i > 0 && len(out) > 0 && reRegToken.MatchString(hl.raw[i]) {
			break // the registration number and what follows it
		}
		if i > 0 && len(out) > 0 && strings.HasPrefix(hl.raw[i], "(") && regOpeners[t] {
			break // "(Co. No. 123-X)", "(GST Reg ...)" opening after the name
		}
		if len(out) > 0 && department(hl.toks, i) {
			break // "Free Service Abonné": the department that writes
		}
		if (documentTitles[t] || t == "tax" && i+1 < len(hl.toks) && documentTitles[hl.toks[i+1]]) && (len(out) == 0 || titlesFrom(hl.toks, i)) {
			continue // "TAX INVOICE" before or after the name; inside it a title word is the name's ("Au bon moulin")
		}
		w := hl.raw[i]
		if (strings.HasPrefix(w, "(") || (i > 0 && strings.HasPrefix(hl.raw[i-1], "(") && !strings.Contains(hl.raw[i-1], ")"))) && digitShare(w) >= 0.5 {
			continue // "(139386 X)" or "(65351-M)"
		}
		if i > 0 && strings.HasPrefix(hl.raw[i-1], "(") && !strings.Contains(hl.raw[i-1], ")") && digitShare(hl.raw[i-1]) >= 0.5 {
			continue // the closing half of a split registration number
		}
		if isPunct(w) && (len(out) == 0 || i == len(hl.toks)-1) {
			continue
		}
		out = append(out, i)
	}
	return out
}

// titlesFrom reports whether toks from i on are document titles (and
// "tax" before one) or marks only: the title printed after the name.
func titlesFrom(toks []string, i int) bool {
	for _, t := range toks[i:] {
		if t != "" && !documentTitles[t] && t != "tax" {
			return false
		}
	}
	return true
}

// departmentPairs and departmentWords name the department of a company
// that sends a letter or invoice; printed after the company's name on the
// sender line, they are not part of it.
var (
	departmentPairs = setOf("service abonne", "service abonnes", "service client", "service clients", "customer service",
		"customer care", "customer services", "billing department", "accounts receivable", "servizio clienti",
		"atencion al", "servicio al", "musteri hizmetleri")
	departmentWords = setOf("kundenservice", "kundendienst", "klantenservice", "kundenbetreuung", "buchhaltung")
)

// department reports a department name starting at token i.
func department(toks []string, i int) bool {
	return departmentWords[toks[i]] || i+1 < len(toks) && departmentPairs[toks[i]+" "+toks[i+1]]
}

func digitShare(s string) float64 {
	d, n := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
			if unicode.IsDigit(r) {
				d++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(d) / float64(n)
}

func upper(hl hLine) bool {
	for _, w := range hl.raw {
		if strings.ToUpper(w) != w {
			return false
		}
	}
	return true
}

// under reports whether b sits right under a in the same column.
func under(b, a hLine) bool {
	gap := b.box.Y0 - a.box.Y1
	h := math.Max(a.h, b.h)
	return gap < 2.5*h+0.005 && b.box.X0 < a.box.X1 && b.box.X1 > a.box.X0
}

// continuation reports whether line b (the one with the legal form)
// finishes a name begun on line a: "LIAN CHI PU TIAN VEGETARIAN" /
// "RESTAURANT SDN BHD", "POPULAR BOOK" / "CO. (M) SDN BHD".
func continuation(a, b hLine) bool {
	if !under(b, a) || a.stop() || a.addressLike() || a.companyForm() || len(b.toks) > 5 || strings.HasSuffix(a.raw[len(a.raw)-1], ":") {
		return false
	}
	if a.h < 0.75*b.h {
		return false
	}
	first := b.toks[0]
	return b.companyForm() && (isCompanyForm(b.toks, b.raw, 0) || strings.HasPrefix(b.raw[0], "(") || businessWords[first])
}

// openBracket reports whether line b closes a bracket line a opened
// ("ENTERPRISE (SETIA" / "ALAM) SDN BHD"): one name wrapped mid-bracket.
func openBracket(a, b hLine) bool {
	if !under(b, a) || a.stop() || a.addressLike() || len(b.raw) == 0 {
		return false
	}
	text := strings.Join(a.raw, " ")
	return strings.Count(text, "(") > strings.Count(text, ")") && strings.Contains(b.raw[0], ")") && !strings.Contains(b.raw[0], "(")
}

// nextUnder returns the index of the first line after i that sits under
// it in the same column, or -1.
func nextUnder(ls []hLine, i int) int {
	for k := i + 1; k < len(ls) && k <= i+3; k++ {
		if under(ls[k], ls[i]) {
			return k
		}
	}
	return -1
}

func onlyBusinessWords(hl hLine) bool {
	for _, t := range hl.toks {
		if t != "" && !businessWords[t] && t != "and" && t != "&" {
			return false
		}
	}
	return true
}

// headerIssuer returns the issuer's name from the header block.
func (e *extractor) headerIssuer() (cand, bool) {
	ls := e.headerLines()
	i, conf := issuerLine(ls, e.domains())
	if s, parts, ok := senderIssuer(ls, i); ok {
		words, v := senderText(s, parts[:1])
		return cand{v, words, 0.7 * wordConf(e.x.L, words)}, true
	}
	if i < 0 {
		return cand{}, false
	}
	// A long name wraps over two or three lines: "AIK HUAT HARDWARE" /
	// "ENTERPRISE (SETIA" / "ALAM) SDN BHD".
	lines := []hLine{ls[i]}
	for k := i; k > 0 && len(lines) < 3 && (continuation(ls[k-1], ls[k]) || openBracket(ls[k-1], ls[k])); k-- {
		lines = append([]hLine{ls[k-1]}, lines...)
	}
	if k := i + 1; k < len(ls) && !ls[i].companyForm() && nameTail(ls, i) {
		lines = append(lines, ls[k])
	}
	var words []int
	var texts []string
	for li, hl := range lines {
		ks := nameWords(hl)
		for j, k := range ks {
			words = append(words, hl.words[k])
			t := hl.raw[k]
			if li+1 < len(lines) && j == len(ks)-1 {
				t = wrapDot(t, hl.toks[k])
			}
			texts = append(texts, t)
		}
	}
	texts = repairName(texts)
	if len(texts) > 0 {
		texts[0] = domainHead(texts[0], ls)
	}
	v := strings.TrimSpace(strings.TrimRight(strings.Join(texts, " "), ",;:-|"))
	if v == "" {
		return cand{}, false
	}
	return cand{v, words, conf * wordConf(e.x.L, words)}, true
}

// reDomain is a web address or an e-mail's domain as a header prints it
// ("www.vivopac.com", ".vivopac.com" with its start cut, "sales@vivopac.com.my"):
// the name before the first dot of the host.
var reDomain = regexp.MustCompile(`(?i)(?:^|www\.|^\.|@)([a-z][a-z0-9]{3,30})\.(?:com|net|org|biz|info|co|my|sg|de|fr|nl|uk|tr|it|es|pl|eu|in|id|ph|th|vn|au|us|ca)\b`)

// footerGap is how far under a header line (in page heights) a domain
// must be printed to count as the footer's.
const footerGap = 0.25

// domains returns the names of the web and mail domains the document
// prints ("info@cronus.com" -> "cronus"), each with how far down the first
// page its lowest print stands (page heights; 2 on a later page), once
// per extraction.
func (e *extractor) domains() map[string]float64 {
	if e.domainNames != nil {
		return e.domainNames
	}
	e.domainNames = map[string]float64{}
	for _, w := range e.x.L.Words {
		if !strings.ContainsAny(w.Text, ".@") {
			continue
		}
		if m := reDomain.FindStringSubmatch(w.Text); m != nil {
			y := w.Box.Y0
			if w.Page > 1 {
				y = 2
			}
			name := strings.ToLower(m[1])
			e.domainNames[name] = math.Max(e.domainNames[name], y)
		}
	}
	return e.domainNames
}

// domainHead restores the first letters of a name's first word that a
// photograph cut off at the paper's edge ("OPAC MARKETING SDN BHD" over
// ".vivopac.com"): when the header prints a web or mail domain whose
// name ends in the word, and at most three letters are missing, the word
// is the domain's name, in the word's case. A word the domain's name
// merely contains elsewhere, or a word of a business's kind, is left
// alone.
func domainHead(first string, ls []hLine) string {
	core := strings.ToLower(first)
	if len(core) < 3 || letterCount(core) != len(core) || businessWords[core] || companyForms[core] {
		return first // "MART" of "99speedmart.com" is a word of its own
	}
	for _, hl := range ls {
		for _, w := range hl.raw {
			m := reDomain.FindStringSubmatch(w)
			if m == nil {
				continue
			}
			name := strings.ToLower(m[1])
			if n := len(name) - len(core); n >= 1 && n <= 3 && strings.HasSuffix(name, core) && letterCount(name) == len(name) {
				head := name[:n]
				if first == strings.ToUpper(first) {
					head = strings.ToUpper(head)
				}
				return head + first
			}
		}
	}
	return first
}

// wrapDot drops a full stop OCR saw where a name wraps ("POPULAR BOOK." /
// "CO. (M) SDN BHD"): a name does not end a sentence mid-way, so a dot
// after a whole word of four letters or more is a speck. Abbreviations
// ("CO.", "INTL.") and legal forms ("CORP.", "LTD.") keep theirs.
func wrapDot(raw, tok string) string {
	core := strings.TrimSuffix(raw, ".")
	n := utf8.RuneCountInString(core)
	if core == raw || companyForms[tok] || abbreviations[tok] || n < 4 || letterCount(core) != n {
		return raw
	}
	return core
}

// abbreviations that a name may break its line after.
var abbreviations = setOf("intl", "natl", "bros", "assoc", "dept", "mfg", "mgmt", "svcs")

// repairName undoes OCR slips that a company name cannot contain: curly
// brackets for round ones ("AEON CO. {M) BHD"), stray quote marks before
// the name, and a misread "SDN BHD" ("SON BHD", "SIN BHO"), whose two words
// together are unmistakable. Anything else stays as printed.
func repairName(texts []string) []string {
	var out []string
	for _, w := range texts {
		w = barEye(nameGlyphs.Replace(w))
		if k := strings.Index(w, "-("); k > 0 {
			// "D.I.Y.-(M)": a space read as a hyphen before a bracket;
			// no name joins a word to a bracket with one.
			out = append(out, w[:k], w[k+1:])
			continue
		}
		if m := reBracketGlued.FindStringSubmatch(w); m != nil {
			// "(KL)SDN": the space after a closing bracket is narrow,
			// and OCR loses it; a name sets one there.
			out = append(out, m[1], m[2])
			continue
		}
		out = append(out, w)
	}
	// A rule or box edge OCR'd after the name ("Esjay Fuel Enterprise | 7",
	// "... SDN. BHD. (p J"): a bar and what follows it, or trailing scraps
	// of one or two characters after a legal form, are not the name.
	for i := 1; i < len(out); i++ {
		if out[i] == "|" && len(strings.Join(out[i+1:], "")) <= 3 {
			out = out[:i]
			break
		}
	}
	for len(out) > 1 && isPunct(out[len(out)-1]) && out[len(out)-1] != ")" {
		out = out[:len(out)-1] // "THE MARCO POLO KITCH ." : a speck after the name
	}
	for k := len(out) - 1; k >= 2 && scrap(out[k]); k-- {
		if formEnd(out[:k]) {
			out = out[:k]
			break
		}
	}
	if len(out) > 0 {
		if t := strings.TrimLeft(out[0], "‘’'`\"“”|_~*"); t != "" {
			out[0] = t
		}
	}
	if n := len(out); n >= 2 && strings.EqualFold(out[n-2], "sdn") && strings.EqualFold(out[n-1], "bhd.") {
		// "SDN BHD.": the pair is written with both dots or with none, so
		// a lone final dot is a speck or the sentence's full stop.
		out[n-1] = strings.TrimSuffix(out[n-1], ".")
	}
	for i := 0; i+1 < len(out); i++ {
		a, b := out[i], out[i+1]
		core := func(w string) string { return strings.ToUpper(strings.Trim(w, ".,;:()")) }
		ca, cb := core(a), core(b)
		known := sdnMisreads[ca] && bhdMisreads[cb]
		if known || i+2 == len(out) && misreadOf(ca, "SDN") && misreadOf(cb, "BHD") {
			out[i] = fixWord(a, ca, "SDN", a)
			out[i+1] = fixWord(b, cb, "BHD", out[i]) // "Sdn. 8hd.": the case of "Sdn"
		}
	}
	for i, w := range out {
		out[i] = repairInitials(w)
	}
	closeBrackets(out)
	openBrackets(out)
	out = joinSplitWords(out)
	if n := len(out); n >= 2 && reSlashB.MatchString(out[n-1]) {
		// "5/B", "$/8": Sendirian Berhad's short form ends the name.
		dot := ""
		if strings.HasSuffix(out[n-1], ".") {
			dot = "."
		}
		out[n-1] = "S/B" + dot
	}
	return out
}

// misreadOf reports an OCR reading of a legal-form word of three letters
// ("SDN", "BHD"): the word itself, a two- or three-character reading one
// edit away ("SON", "SIN", "BID", "BHO", "BH"), or a look-alike digit in
// place of a letter ("5DN", "8HD"). The pair "SDN BHD" is only repaired
// when both words are such readings, which nothing else in a name is.
func misreadOf(core, form string) bool {
	if core == form {
		return true
	}
	if n := len([]rune(core)); n < 2 || n > 3 {
		return false
	}
	return levenshtein.ComputeDistance(lookalikeLetters.Replace(core), form) <= 1
}

// lookalikeLetters maps digits and signs OCR reads for the letters they
// resemble.
var lookalikeLetters = strings.NewReplacer("0", "O", "1", "I", "5", "S", "8", "B", "$", "S", "|", "I")

// reInitials is a run of dotted initials ("D.I.Y.", "T.A.S"), one of
// which OCR may have read as a look-alike digit ("D.1.Y.").
var reInitials = regexp.MustCompile(`^\(?(?:[A-Za-z0-9$|]\.){2,}[A-Za-z0-9$|]?\.?\)?$`)

// repairInitials reads look-alike digits in dotted initials as the
// letters they resemble when at least two of the initials are letters
// already: initials are letters, and "7.8.9" (no two letters) may be a
// number and is left alone.
func repairInitials(w string) string {
	if !reInitials.MatchString(w) || letterCount(w) < 2 {
		return w
	}
	return lookalikeLetters.Replace(w)
}

// reSlashB is "S/B" (Sendirian Berhad) read with a look-alike for a
// letter: "5/B", "S/8", "$/B", "§/B".
var reSlashB = regexp.MustCompile(`^[S5$§][/|][B8]\.?$`)

// reBarEnd is a word of capitals ending in bars or exclamation marks.
var reBarEnd = regexp.MustCompile(`^([A-Z]{2,})[|!]+$`)

// barEye reads a bar or an exclamation mark that ends a word of capitals
// as the I it is ("JIAWE|", "JIAWE!" for JIAWEI): a name puts neither
// there, and an upright I in a narrow till font looks like both.
func barEye(w string) string {
	if m := reBarEnd.FindStringSubmatch(w); m != nil {
		return m[1] + "I"
	}
	return w
}

// nameGlyphs maps characters OCR puts into names for others a name
// holds: curly brackets for round ones ("AEON CO. {M) BHD"), a yen sign
// for a Y ("MR. D.I.¥."), a typographic apostrophe for the plain one.
var nameGlyphs = strings.NewReplacer("{", "(", "}", ")", "¥", "Y", "’", "'", "‘", "'")

// scrap reports a trailing word of at most two characters that is no word
// of a name: "J", "(p", "7".
func scrap(w string) bool {
	n := len([]rune(strings.Trim(w, "()[]|.,;:'\"")))
	return n <= 1 || (len([]rune(w)) <= 2 && !isUpperWord(w))
}

func isUpperWord(w string) bool {
	return w == strings.ToUpper(w) && letterCount(w) == len([]rune(w))
}

// formEnd reports a name that ends with a legal form ("SDN. BHD.").
func formEnd(texts []string) bool {
	toks := make([]string, len(texts))
	for i, w := range texts {
		toks[i] = labelTok(w)
	}
	last := len(toks) - 1
	if last >= 2 && misreadOf(strings.ToUpper(toks[last-1]), "SDN") && misreadOf(strings.ToUpper(toks[last]), "BHD") {
		return true // "... SDN BID" after a name: repairName mends the pair
	}
	return isCompanyForm(toks, texts, last) || (last > 0 && isCompanyForm(toks, texts, last-1) && strings.HasPrefix(toks[last], "bh"))
}

// reBracketGlued is a bracketed word glued to the word after it.
var reBracketGlued = regexp.MustCompile(`^(\([^()\s]{1,8}\))(\pL.*)$`)

// sdnMisreads and bhdMisreads are OCR readings of "Sdn" and "Bhd".
var (
	sdnMisreads = setOf("SDN", "SON", "SIN", "5DN", "SDM", "SCN")
	bhdMisreads = setOf("BHD", "BHO", "8HD", "BHB", "BND", "BH")
)

// fixWord replaces the misread core of w (its upper-case form without
// punctuation) by canon, keeping punctuation, and writes it in the case
// of like's letters.
func fixWord(w, core, canon, like string) string {
	if core == canon {
		return w
	}
	i := strings.Index(strings.ToUpper(w), core)
	if i < 0 {
		return w
	}
	return w[:i] + caseLike(canon, strings.Trim(like, ".,;:()")) + w[i+len(core):]
}

// caseLike writes canon in the case of the word it replaces.
func caseLike(canon, was string) string {
	switch {
	case was == strings.ToUpper(was):
		return canon
	case was == strings.ToLower(was):
		return strings.ToLower(canon)
	}
	return canon[:1] + strings.ToLower(canon[1:])
}

// maxAddressLines bounds an address block.
const maxAddressLines = 6

// maxPreambleLines bounds the lines skipped between a name and its
// address: a registration or tax id, the date of a receipt.
const maxPreambleLines = 2

// taxIDTokens name a tax or registration id printed as "GST ID: ...".
var taxIDTokens = setOf("gst", "sst", "vat", "tin", "npwp", "ust", "ustidnr", "btw", "tva", "nip", "vkn", "abn", "gstin")

// preamble reports a line some issuers print between their name and
// their address: a registration number, a tax id, or the transaction's
// date and time on a line of their own. Contact lines and titles are not
// preamble: they come after the address and end the header.
func preamble(hl hLine) bool {
	if regLine(hl) {
		return true
	}
	if hl.has(taxIDTokens) && hasDigit(strings.Join(hl.raw, "")) && !hl.has(documentTitles) {
		return true
	}
	dated := false
	for _, w := range hl.raw {
		t := strings.TrimRight(w, ",.;")
		if reTime.MatchString(t) || reNumDate.MatchString(t) || reISODate.MatchString(t) {
			dated = true
		} else if strings.HasSuffix(w, ":") {
			return false // "Date: ..." opens the transaction block
		}
	}
	return dated && len(hl.raw) <= 5
}

// headerAddress returns the issuer's address: the lines under the name,
// after registration lines and a subtitle, down to the first contact,
// tax-id or title line. Lines are joined with a space, as printed.
func (e *extractor) headerAddress() (cand, bool) {
	ls := e.headerLines()
	i, conf := issuerLine(ls, e.domains())
	if s, parts, ok := senderIssuer(ls, i); ok {
		words, v := senderText(s, parts[1:])
		return cand{v, words, 0.6 * wordConf(e.x.L, words)}, true
	}
	if i < 0 {
		return cand{}, false
	}
	name := ls[i]
	prev := name
	var words []int
	var texts []string
	n, skips := 0, 0
	for j := i + 1; j < len(ls) && n < maxAddressLines; j++ {
		hl := ls[j]
		if !under(hl, prev) {
			// Another column (the buyer's block): skip it if it is level
			// with the name, stop once below.
			if hl.box.Y0 > prev.box.Y1+3*prev.h {
				break
			}
			if n > 0 && hl.box.Y0 >= prev.box.Y1 && hl.has(documentTitles) {
				break // a centred "TAX INVOICE" under the address ends it
			}
			continue
		}
		if n == 0 && (regLine(hl) || hl.companyForm() && !hl.addressLike()) {
			prev = hl
			continue // "(1120908-M)", "RESTAURANT SDN BHD" on its own line
		}
		if n == 0 && !hl.addressLike() && !hl.stop() && !transactionLine(hl) &&
			(hl.has(businessWords) || strings.HasPrefix(hl.raw[0], "(") || !hasDigit(strings.Join(hl.raw, "")) && len(hl.raw) <= 6) &&
			j+1 < len(ls) && (ls[j+1].addressLike() || regLine(ls[j+1])) {
			prev = hl
			continue // a subtitle: "BISTRO & CAFE"
		}
		if n == 0 && skips < maxPreambleLines && preamble(hl) {
			skips++
			prev = hl
			continue // a tax id or the date printed between name and address
		}
		if hl.stop() || transactionLine(hl) {
			break
		}
		if n == 0 && !hl.addressLike() {
			break
		}
		if n > 0 && hl.box.Y0-prev.box.Y1 > 2*math.Max(hl.h, prev.h)+0.004 {
			break // a gap ends the block
		}
		for k, wi := range hl.words {
			if isPunct(hl.raw[k]) && hl.raw[k] != "&" {
				continue // "|" and "_" are OCR'd rules and edges
			}
			words = append(words, wi)
			texts = append(texts, addressText(hl, k))
		}
		n++
		prev = hl
	}
	if n == 0 {
		words, texts = addressAbove(ls, i)
		n = len(words)
	}
	numberCommas(texts)
	v := strings.TrimSpace(strings.Trim(strings.Join(texts, " "), "|_~"))
	if n == 0 || v == "" {
		return cand{}, false
	}
	return cand{v, words, 0.8 * conf * wordConf(e.x.L, words)}, true
}

// addressAbove reads an address printed above the issuer's name rather
// than under it, as fuel stations print theirs: the station's name, its
// address, then the company that runs it ("PetroMaju Taman Sentosa 3" /
// "LOT PTD 204417" / "Jalan Sentosa 4/2" / "81100 Johor Bahru, Johor" /
// "Sentosa Fuel Enterprise"). The block is the run of address lines right
// above the name; its last line must carry a postcode, and it starts at
// the first line that opens an address (a house number or an address
// word first), which leaves the station's name out. Only asked when
// nothing under the name is an address.
func addressAbove(ls []hLine, i int) (words []int, texts []string) {
	below := ls[i]
	start := -1
	for j := i - 1; j >= 0 && i-j <= maxAddressLines; j-- {
		hl := ls[j]
		if !under(below, hl) || hl.stop() || transactionLine(hl) || !hl.addressLike() {
			break
		}
		if j == i-1 && !hasPostcode(hl) {
			return nil, nil
		}
		if opensAddress(hl) {
			start = j
		}
		below = hl
	}
	if start < 0 {
		return nil, nil
	}
	for j := start; j < i; j++ {
		hl := ls[j]
		for k, wi := range hl.words {
			if isPunct(hl.raw[k]) && hl.raw[k] != "&" {
				continue
			}
			words = append(words, wi)
			texts = append(texts, addressText(hl, k))
		}
	}
	return words, texts
}

// rePostcode is a postcode printed as a word of its own: four to six
// digits, a comma after it at most.
var rePostcode = regexp.MustCompile(`^\d{4,6},?$`)

func hasPostcode(hl hLine) bool {
	for _, w := range hl.raw {
		if rePostcode.MatchString(w) {
			return true
		}
	}
	return false
}

// opensAddress reports a line whose first word opens an address: a house
// number ("NO.5", "109,", "12") or an address word ("LOT", "JALAN").
func opensAddress(hl hLine) bool {
	first := hl.raw[0]
	return addressWords[hl.toks[0]] || reHouseNo.MatchString(first) || first[0] >= '0' && first[0] <= '9'
}

// headerConcepts are the concepts the header block can answer.
var headerConcepts = map[string]bool{"vendor_name": true, "merchant_name": true, "supplier_name": true, "vendor_address": true}

// preferHeader decides between a labelled candidate (found) and the header
// block for the issuer's name and address. A label wins when it is strong
// and its value looks like what it names: "Sold by: X Ltd" beats the
// largest line at the top, a loose "from" in a sentence does not.
func (e *extractor) preferHeader(c string, labelled cand, found bool) (cand, bool) {
	if !headerConcepts[c] {
		return cand{}, false
	}
	var h cand
	var ok bool
	if c == "vendor_address" {
		h, ok = e.headerAddress()
	} else {
		h, ok = e.headerIssuer()
	}
	if !ok {
		return cand{}, false
	}
	if !found {
		return h, true
	}
	if c != "vendor_address" && !e.hasCompanyForm(labelled.words) && labelled.score < 0.9 {
		return h, true
	}
	return cand{}, false
}

func (e *extractor) hasCompanyForm(ws []int) bool {
	var toks, raw []string
	for _, wi := range ws {
		raw = append(raw, e.x.L.Words[wi].Text)
		toks = append(toks, labelTok(e.x.L.Words[wi].Text))
	}
	for i := range toks {
		if isCompanyForm(toks, raw, i) {
			return true
		}
	}
	return false
}

func letterCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

var reTime = regexp.MustCompile(`^\d{1,2}:\d{2}(:\d{2})?$`)

// transactionLine reports a line of the transaction rather than of the
// address: a date or a time, or a "Label:" other than the house number's
// "No:" ("Member Number:", "VEOS:").
func transactionLine(hl hLine) bool {
	for i, w := range hl.raw {
		t := strings.TrimRight(w, ",.;")
		if reTime.MatchString(t) || reNumDate.MatchString(t) || reISODate.MatchString(t) {
			return true
		}
		if strings.HasSuffix(w, ":") && letterCount(w) >= 3 && !addressWords[hl.toks[i]] && hl.toks[i] != "no" {
			return true
		}
	}
	return false
}

// addressText is word k of an address line as the address prints it:
// its glyphs repaired (addressGlyphs) and a bent address word mended
// (addressWord).
func addressText(hl hLine, k int) string {
	return addressWord(addressGlyphs(hl.raw[k]))
}

// numberCommas reads a full stop after a number with more of the address
// after it as a comma (numberComma), on the line or on the next.
func numberCommas(texts []string) {
	for k := 0; k+1 < len(texts); k++ {
		texts[k] = numberComma(texts[k], texts[k+1])
	}
}

// numberComma reads "290." before another word of the address as "290,":
// an address separates its parts with commas, and a full stop right
// after a house number, a street number or a postcode with more of the
// address after it is a comma whose tail the thermal print or OCR lost
// ("NO 290. JALAN AIR PANAS", "JALAN SS21/62." over "DAMANSARA UTAMA").
// Abbreviations ("NO.", "P.T.") end in letters and keep their stop; so
// does a German ordinal before a floor ("3. OG", "2. Stock"), the one
// address convention that writes a number with a stop.
func numberComma(w, next string) string {
	core := strings.TrimSuffix(w, ".")
	if core == w || core == "" || strings.HasSuffix(core, ".") || !unicode.IsDigit(rune(core[len(core)-1])) {
		return w
	}
	r, _ := utf8.DecodeRuneInString(next)
	if !unicode.IsUpper(r) || ordinalNouns[strings.ToLower(strings.Trim(next, ".,"))] {
		return w
	}
	return core + ","
}

// ordinalNouns follow a number written as an ordinal with a stop ("3.
// OG", "1. Etage"): there the stop is printed.
var ordinalNouns = setOf("og", "ug", "eg", "stock", "etage", "obergeschoss", "untergeschoss", "stiege", "tür", "hof", "étage")

// addressGlyphs repairs what OCR puts into an address word for letters:
// an address carries no dollar sign, so "$$21/39" and "Lot $25" are an S
// read as "$"; a word that is only "$" is left alone.
func addressGlyphs(w string) string {
	if strings.Contains(w, "$") && strings.Trim(w, "$") != "" {
		w = strings.ReplaceAll(w, "$", "S")
	}
	// Nor an exclamation mark: in a word of capitals it is an I
	// ("DAMA!" for DAMAI), in one of small letters an l ("!umpur").
	if strings.Contains(w, "!") && letterCount(w) >= 2 {
		rest := strings.ReplaceAll(w, "!", "")
		switch {
		case rest == strings.ToUpper(rest):
			w = strings.ReplaceAll(w, "!", "I")
		case rest == strings.ToLower(rest):
			w = strings.ReplaceAll(w, "!", "l")
		}
	}
	return lowerEll(strayQuote(w))
}

// strayQuote drops an opening quotation mark OCR made of a speck before a
// word ("‘Tampoi", "“Tampoi"): an address quotes nothing, so a curly or
// low opening mark with no closing one in the word is noise. The straight
// apostrophe is kept: it opens names ("'s-Hertogenbosch").
func strayQuote(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	if !strings.ContainsRune("‘“„«`", r) || letterCount(w[n:]) < 2 || strings.ContainsAny(w[n:], "’”»\"") {
		return w
	}
	return w[n:]
}

// lowerEll reads a capital I between a capital and a small letter as the
// small l it looks the same as in a sans-serif print ("BIk" for Blk,
// "PIaza", "FIoor"): a word in title case has no capital after its first
// letter. A capital after a small letter is left ("McIntosh").
func lowerEll(w string) string {
	b := []byte(w)
	for k := 1; k+1 < len(b); k++ {
		if b[k] == 'I' && b[k-1] >= 'A' && b[k-1] <= 'Z' && b[k+1] >= 'a' && b[k+1] <= 'z' {
			b[k] = 'l'
		}
	}
	return string(b)
}

// nameTail reports whether the line after ls[i], a name with no legal
// form, finishes it: a short line of words in the same type right under
// it, after which the header goes on to a registration, contact or
// address line ("RESTAURANT JIAWEI" / "JIAWEI HOUSE" / "002693074-K").
func nameTail(ls []hLine, i int) bool {
	a, b := ls[i], ls[i+1]
	if !under(b, a) || b.stop() || regLine(b) || b.addressLike() || b.companyForm() || len(b.toks) > 4 || b.h < 0.8*a.h || b.h > 1.25*a.h {
		return false
	}
	if strings.HasSuffix(a.raw[len(a.raw)-1], ",") || !upper(a) || !upper(b) {
		return false
	}
	for _, w := range b.raw {
		if hasDigit(w) || letterCount(w) == 0 {
			return false
		}
	}
	if i+2 >= len(ls) {
		return false
	}
	c := ls[i+2]
	return c.stop() || regLine(c) || c.addressLike()
}

// ownerLabel returns how many words at the start of a line label the
// owner of a shop or brand ("OWN BY: CHEF LEE SDN BHD", "Owned by :
// ..."): the name follows the colon. Without a colon ("32 PUB & BISTRO
// own by CNU TRADING") the words are part of the printed name.
func ownerLabel(hl hLine) int {
	start := 0
	for start < len(hl.toks) && (hl.toks[start] == "" || hl.raw[start] == "|") {
		start++ // a box edge OCR'd before the line
	}
	if start+1 >= len(hl.toks) || !ownerVerbs[hl.toks[start]] || hl.toks[start+1] != "by" {
		return 0
	}
	k := start + 1
	if !strings.HasSuffix(hl.raw[k], ":") {
		if k+1 >= len(hl.raw) || hl.raw[k+1] != ":" {
			return 0
		}
		k++
	}
	return k + 1
}

// ownerVerbs open an owner label.
var ownerVerbs = setOf("own", "owned", "operated", "managed", "run")

// openBrackets opens a bracket OCR lost before a short word that closes
// one right before the legal form: "SUNRISE BAKERIES KL) SDN BHD",
// "ACME CO. M) BHD". Only when no bracket is open before it.
func openBrackets(out []string) {
	for i := 1; i+1 < len(out); i++ {
		w := out[i]
		if !strings.HasSuffix(w, ")") || strings.Contains(w, "(") || len(w) < 2 || len(w) > 5 {
			continue
		}
		if strings.Contains(strings.Join(out[:i], " "), "(") {
			return
		}
		if letterCount(w) == len(w)-1 && companyForms[labelTok(out[i+1])] {
			out[i] = "(" + w
		}
		return
	}
}

// joinSplitWords joins two neighbouring words of a name that OCR split
// in the middle when together they are a word names are made of and
// neither is one alone: "BAKERI ES", "BA KERIES" -> "BAKERIES".
func joinSplitWords(out []string) []string {
	known := func(w string) bool {
		t := strings.ToLower(w)
		return businessWords[t] || addressLexicon[t] || companyForms[t]
	}
	for i := 0; i+1 < len(out); i++ {
		a, b := out[i], out[i+1]
		if letterCount(a) != len(a) || letterCount(b) != len(b) || known(a) || known(b) || !known(a+b) {
			continue
		}
		out[i] = a + b
		out = append(out[:i+1], out[i+2:]...)
	}
	return out
}

// closeBrackets closes a bracket OCR left open before a legal form:
// "GARDENIA BAKERIES (KL SDN BHD", "AEON CO. (M BHD". The form is never
// inside the bracket (the bracket names a place or a country), so the
// bracket closes on the word before it. A bracket opened and closed on
// the same word, or closed later, is left alone.
func closeBrackets(out []string) {
	for i := 0; i+1 < len(out); i++ {
		w := out[i]
		if !strings.HasPrefix(w, "(") || strings.Contains(w, ")") || len(w) < 2 {
			continue
		}
		if strings.Contains(strings.Join(out[i+1:], " "), ")") {
			return
		}
		if companyForms[labelTok(out[i+1])] {
			out[i] = w + ")"
		}
		return
	}
}
