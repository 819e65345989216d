package forensics

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// A PDF states its own history twice: in the document information
// dictionary (/CreationDate, /ModDate, /Producer, /Creator) and in the XMP
// packet (xmp:CreateDate, xmp:ModifyDate, pdf:Producer). Writers fill
// both at once. Dates that run backwards, lie in the future, or disagree
// between the two places, and a producer that differs between them, are
// what a tool that rewrote only one of them leaves behind.

// PDFMetadata is what a PDF says about its own making.
type PDFMetadata struct {
	InfoObject                  int // -1 when there is no information dictionary
	Created, Modified           time.Time
	Producer, Creator           string
	XMPCreated, XMPModified     time.Time
	XMPProducer, XMPCreatorTool string
}

// slack absorbs writers that drop or mangle time zones: dates this close
// are the same moment as far as these checks go.
const slack = 24 * time.Hour

var infoRef = regexp.MustCompile(`/Info\s+(\d{1,10})\s+\d{1,5}\s+R`)

// readMetadata finds the information dictionary the last trailer points
// to, and the latest XMP packet.
func readMetadata(data []byte, revs []revision, lim Limits) *PDFMetadata {
	m := &PDFMetadata{InfoObject: -1}
	if all := infoRef.FindAllSubmatch(data, -1); len(all) > 0 {
		fmt.Sscan(string(all[len(all)-1][1]), &m.InfoObject)
	}
	var info, xmp *pdfObject
	for ri := range revs {
		for oi := range revs[ri].Objects {
			o := &revs[ri].Objects[oi]
			switch {
			case o.Num == m.InfoObject && !o.IsStream:
				info = o
			case nameValue(o.Dict, "Type") == "Metadata" && nameValue(o.Dict, "Subtype") == "XML":
				xmp = o
			}
		}
	}
	// An encrypted file's strings are ciphertext; only an unencrypted XMP
	// packet can be read without the key.
	if info != nil && !isEncrypted(data) {
		if s, ok := stringValue(info.Dict, "CreationDate"); ok {
			m.Created, _ = parsePDFDate(s)
		}
		if s, ok := stringValue(info.Dict, "ModDate"); ok {
			m.Modified, _ = parsePDFDate(s)
		}
		m.Producer, _ = stringValue(info.Dict, "Producer")
		m.Creator, _ = stringValue(info.Dict, "Creator")
	}
	if xmp != nil && xmp.Offset >= 0 {
		if body, err := streamData(data, *xmp, min(lim.MaxStreamBytes, 4<<20)); err == nil {
			text := string(body)
			m.XMPCreated = xmpDate(text, "xmp:CreateDate")
			m.XMPModified = xmpDate(text, "xmp:ModifyDate")
			m.XMPProducer = xmpValue(text, "pdf:Producer")
			m.XMPCreatorTool = xmpValue(text, "xmp:CreatorTool")
		}
	}
	return m
}

// xmpValue reads an XMP property written as an element or an attribute.
func xmpValue(text, prop string) string {
	for _, re := range []string{`<` + prop + `>\s*([^<]*?)\s*</` + prop + `>`, prop + `="([^"]*)"`} {
		if m := regexp.MustCompile(re).FindStringSubmatch(text); m != nil {
			return strings.TrimSpace(m[1])
		}
	}
	return ""
}

func xmpDate(text, prop string) time.Time {
	v := xmpValue(text, prop)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t
		}
	}
	return time.Time{}
}

// sameProgram reports whether two producer strings name the same program:
// the first word of letters agrees ("Microsoft® Word 2016" and "Microsoft
// Word for Microsoft 365"), or one string contains the other.
func sameProgram(a, b string) bool {
	na, nb := normProgram(a), normProgram(b)
	if na == "" || nb == "" || strings.Contains(na, nb) || strings.Contains(nb, na) {
		return true
	}
	fa, fb := strings.Fields(na), strings.Fields(nb)
	return fa[0] == fb[0]
}

func normProgram(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }), " ")
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return "none"
	}
	return t.Format(time.RFC3339)
}

// metadataCheck compares the PDF's declared dates and producers with each
// other and with the clock.
func metadataCheck(m *PDFMetadata, now time.Time) Check {
	c := Check{Name: "metadata_consistency",
		Description: "Whether the PDF's creation and modification dates and its producer agree with each other, between the information dictionary and XMP, and with the present."}
	c.Evidence = fmt.Sprintf("Info (object %d): created %s, modified %s, producer %q, creator %q. XMP: created %s, modified %s, producer %q.",
		m.InfoObject, fmtDate(m.Created), fmtDate(m.Modified), m.Producer, m.Creator,
		fmtDate(m.XMPCreated), fmtDate(m.XMPModified), m.XMPProducer)
	var fails, doubts []string
	for _, p := range []struct {
		name        string
		created, by time.Time
	}{{"information dictionary", m.Created, m.Modified}, {"XMP packet", m.XMPCreated, m.XMPModified}} {
		if !p.created.IsZero() && !p.by.IsZero() && p.by.Before(p.created.Add(-slack)) {
			fails = append(fails, fmt.Sprintf("the %s says the file was modified before it was created", p.name))
		}
	}
	for _, t := range []time.Time{m.Created, m.Modified, m.XMPCreated, m.XMPModified} {
		if !t.IsZero() && t.After(now.Add(slack)) {
			fails = append(fails, fmt.Sprintf("a date (%s) lies in the future", fmtDate(t)))
			break
		}
	}
	if !m.Created.IsZero() && !m.XMPCreated.IsZero() && absDur(m.Created.Sub(m.XMPCreated)) > slack {
		doubts = append(doubts, "the creation dates in Info and XMP disagree")
	}
	if m.Producer != "" && m.XMPProducer != "" && !sameProgram(m.Producer, m.XMPProducer) {
		doubts = append(doubts, "Info and XMP name different producers")
	}
	switch {
	case len(fails) > 0:
		c.Status = Fail
		c.Reasoning = "The file's own history contradicts itself: " + strings.Join(append(fails, doubts...), "; ") +
			". Writers set these dates from the clock; contradictions come from hand edits or tools that rewrite them."
	case len(doubts) > 0:
		c.Status = Uncertain
		c.Reasoning = "The two records of the file's history differ: " + strings.Join(doubts, "; ") +
			". A second program rewrote one of them, which editing tools do and some converters do too."
	case m.Created.IsZero() && m.XMPCreated.IsZero():
		c.Status = Pass
		c.Reasoning = "The file declares no creation date, so there is nothing to contradict; absent metadata proves nothing either way."
	default:
		c.Status = Pass
		c.Reasoning = "Dates run forward, none lies in the future, and where both Info and XMP state them they agree."
	}
	return c
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// IssueDateCheck compares the file's creation date with the date the
// document bears (an invoice's issue date, read from its fields). A file
// written well before the date printed on it was prepared in advance or
// re-dated. ok is false when either date is missing.
func IssueDateCheck(m *PDFMetadata, field string, issued time.Time) (Check, bool) {
	if m == nil || issued.IsZero() {
		return Check{}, false
	}
	created := m.Created
	if created.IsZero() {
		created = m.XMPCreated
	}
	if created.IsZero() {
		return Check{}, false
	}
	c := Check{Name: "creation_vs_document_date",
		Description: "Whether the PDF was created before the date the document itself bears."}
	c.Evidence = fmt.Sprintf("PDF created %s; %s reads %s.", fmtDate(created), field, issued.Format("2006-01-02"))
	const early = 31 * 24 * time.Hour
	if created.Before(issued.Add(-early)) {
		c.Status = Uncertain
		c.Reasoning = "The file existed more than a month before the date printed on it: it was prepared in advance, reused as a template, or its date was changed."
		return c, true
	}
	c.Status = Pass
	c.Reasoning = "The file was created on or after (or within a month before) the document's own date, as issued documents are."
	return c, true
}

var encryptRef = regexp.MustCompile(`/Encrypt\s+\d{1,10}\s+\d{1,5}\s+R`)

func isEncrypted(data []byte) bool { return encryptRef.Match(data) }
