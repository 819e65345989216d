package forensics

import (
	"bytes"
	"encoding/hex"
	"regexp"
	"strconv"
	"time"
	"unicode/utf16"
)

// The revision and signature checks read the PDF's bytes as they are, not
// through a parser that repairs them: what matters is where each byte
// sits in the file (a signature covers byte ranges, an update is appended
// after an %%EOF), and a repairing parser hides exactly that. These
// helpers find objects and read the few dictionary values the checks need.

// objHeader matches an indirect object's header, "12 0 obj".
var objHeader = regexp.MustCompile(`(\d{1,10})[ \t\r\n\f\x00]+(\d{1,5})[ \t\r\n\f\x00]+obj\b`)

// maxObjectScan bounds how far an object's body is looked for its end, so
// a missing "endobj" cannot make one lookup read the whole file.
const maxObjectScan = 1 << 20

// pdfObject is one indirect object found in the raw bytes.
type pdfObject struct {
	Num, Gen int
	Offset   int    // of the header in the file
	Dict     []byte // the object's text up to "stream" or "endobj" (bounded)
	IsStream bool
	// StreamStart is the offset of the stream data (after "stream" and
	// its end of line); 0 when not a stream.
	StreamStart int
}

// maxObjects bounds the objects read from one file, so a file made of
// millions of headers costs a bounded amount of memory.
const maxObjects = 500_000

// objectsIn lists the objects whose headers sit in data[from:to]. Each
// body is looked for up to the next header, so the whole scan reads every
// byte about once however the objects are (or are not) terminated.
func objectsIn(data []byte, from, to int) []pdfObject {
	if from < 0 || to > len(data) || from >= to {
		return nil
	}
	seg := data[from:to]
	matches := objHeader.FindAllSubmatchIndex(seg, maxObjects)
	out := make([]pdfObject, 0, len(matches))
	for i, m := range matches {
		// A header must start a token: "112 0 obj" must not read as "12 0 obj".
		if m[0] > 0 && isDigit(seg[m[0]-1]) {
			continue
		}
		num, err1 := strconv.Atoi(string(seg[m[2]:m[3]]))
		gen, err2 := strconv.Atoi(string(seg[m[4]:m[5]]))
		if err1 != nil || err2 != nil {
			continue
		}
		next := len(data)
		if i+1 < len(matches) {
			next = from + matches[i+1][0]
		}
		out = append(out, readObject(data, from+m[0], from+m[1], next, num, gen))
	}
	return out
}

// readObject reads the body of the object whose header spans
// data[start:bodyStart], looking no further than limit (the next header).
func readObject(data []byte, start, bodyStart, limit, num, gen int) pdfObject {
	o := pdfObject{Num: num, Gen: gen, Offset: start}
	end := min(len(data), limit, bodyStart+maxObjectScan)
	body := data[bodyStart:end]
	stop := len(body)
	if i := bytes.Index(body, []byte("endobj")); i >= 0 {
		stop = i
	}
	if i := bytes.Index(body[:stop], []byte("stream")); i >= 0 && !bytes.HasPrefix(body[i-min(i, 3):], []byte("end")) {
		o.IsStream = true
		stop = i
		s := bodyStart + i + len("stream")
		if s < len(data) && data[s] == '\r' {
			s++
		}
		if s < len(data) && data[s] == '\n' {
			s++
		}
		o.StreamStart = s
	}
	o.Dict = body[:stop]
	return o
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// keyAt returns the offset just past "/key" in dict when the key is a
// whole name (not the prefix of a longer one), or -1.
func keyAt(dict []byte, key string) int {
	pat := []byte("/" + key)
	for off := 0; ; {
		i := bytes.Index(dict[off:], pat)
		if i < 0 {
			return -1
		}
		j := off + i + len(pat)
		if j >= len(dict) || isDelimiterOrSpace(dict[j]) {
			return j
		}
		off = j
	}
}

func isDelimiterOrSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '\f', 0, '/', '(', ')', '<', '>', '[', ']', '{', '}', '%':
		return true
	}
	return false
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n' || b[i] == '\f' || b[i] == 0) {
		i++
	}
	return i
}

// nameValue returns the name after /key ("/SubFilter /ETSI.CAdES.detached"
// gives "ETSI.CAdES.detached"), or "".
func nameValue(dict []byte, key string) string {
	i := keyAt(dict, key)
	if i < 0 {
		return ""
	}
	i = skipSpace(dict, i)
	if i >= len(dict) || dict[i] != '/' {
		return ""
	}
	j := i + 1
	for j < len(dict) && !isDelimiterOrSpace(dict[j]) {
		j++
	}
	return string(dict[i+1 : j])
}

// stringValue returns the decoded string after /key, literal or hex, and
// whether there was one.
func stringValue(dict []byte, key string) (string, bool) {
	i := keyAt(dict, key)
	if i < 0 {
		return "", false
	}
	raw, _, ok := readString(dict, skipSpace(dict, i))
	if !ok {
		return "", false
	}
	return decodeTextString(raw), true
}

// refValue returns the object number of an indirect reference after /key
// ("/Info 7 0 R" gives 7), or -1.
func refValue(dict []byte, key string) int {
	i := keyAt(dict, key)
	if i < 0 {
		return -1
	}
	m := refPattern.FindSubmatch(dict[skipSpace(dict, i):])
	if m == nil {
		return -1
	}
	n, err := strconv.Atoi(string(m[1]))
	if err != nil {
		return -1
	}
	return n
}

var refPattern = regexp.MustCompile(`^(\d{1,10})\s+\d{1,5}\s+R`)

// readString reads a literal "(...)" or hex "<...>" string starting at
// b[i]; it returns the raw bytes and the offset after the string.
func readString(b []byte, i int) ([]byte, int, bool) {
	if i >= len(b) {
		return nil, i, false
	}
	switch b[i] {
	case '(':
		var out []byte
		depth := 0
		for j := i + 1; j < len(b); j++ {
			c := b[j]
			switch c {
			case '\\':
				j++
				if j >= len(b) {
					return nil, j, false
				}
				out, j = unescape(b, j, out)
			case '(':
				depth++
				out = append(out, c)
			case ')':
				if depth == 0 {
					return out, j + 1, true
				}
				depth--
				out = append(out, c)
			default:
				out = append(out, c)
			}
		}
		return nil, len(b), false
	case '<':
		end := bytes.IndexByte(b[i+1:], '>')
		if end < 0 {
			return nil, len(b), false
		}
		hexText := stripSpaces(b[i+1 : i+1+end])
		if len(hexText)%2 == 1 {
			hexText = append(hexText, '0')
		}
		out := make([]byte, hex.DecodedLen(len(hexText)))
		if _, err := hex.Decode(out, hexText); err != nil {
			return nil, i + 2 + end, false
		}
		return out, i + 2 + end, true
	}
	return nil, i, false
}

// unescape decodes the escape at b[j] (just after a backslash), appends it
// and returns the index of its last byte.
func unescape(b []byte, j int, out []byte) ([]byte, int) {
	switch c := b[j]; c {
	case 'n':
		return append(out, '\n'), j
	case 'r':
		return append(out, '\r'), j
	case 't':
		return append(out, '\t'), j
	case 'b':
		return append(out, '\b'), j
	case 'f':
		return append(out, '\f'), j
	case '\r', '\n': // a line continuation
		if c == '\r' && j+1 < len(b) && b[j+1] == '\n' {
			j++
		}
		return out, j
	default:
		if c >= '0' && c <= '7' {
			v, k := 0, j
			for ; k < len(b) && k < j+3 && b[k] >= '0' && b[k] <= '7'; k++ {
				v = v*8 + int(b[k]-'0')
			}
			return append(out, byte(v)), k - 1
		}
		return append(out, c), j
	}
}

func stripSpaces(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != 0 {
			out = append(out, c)
		}
	}
	return out
}

// decodeTextString turns a PDF text string into UTF-8: UTF-16BE with its
// byte-order mark, UTF-8 with its mark, or PDFDocEncoding (read as
// Latin-1, which agrees on every letter that matters here).
func decodeTextString(raw []byte) string {
	if len(raw) >= 2 && raw[0] == 0xFE && raw[1] == 0xFF {
		u := make([]uint16, 0, (len(raw)-2)/2)
		for i := 2; i+1 < len(raw); i += 2 {
			u = append(u, uint16(raw[i])<<8|uint16(raw[i+1]))
		}
		return string(utf16.Decode(u))
	}
	if len(raw) >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF {
		return string(raw[3:])
	}
	r := make([]rune, len(raw))
	for i, c := range raw {
		r[i] = rune(c)
	}
	return string(r)
}

// pdfDate matches the PDF date syntax D:YYYYMMDDHHmmSSOHH'mm', every part
// after the year optional.
var pdfDate = regexp.MustCompile(`^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+\-])?(\d{2})?'?(\d{2})?'?`)

// parsePDFDate reads a PDF date string; ok is false when it is not one.
func parsePDFDate(s string) (time.Time, bool) {
	m := pdfDate.FindStringSubmatch(string(bytes.TrimSpace([]byte(s))))
	if m == nil {
		return time.Time{}, false
	}
	num := func(s string, def int) int {
		if s == "" {
			return def
		}
		n, _ := strconv.Atoi(s)
		return n
	}
	year, month, day := num(m[1], 0), num(m[2], 1), num(m[3], 1)
	hour, minute, sec := num(m[4], 0), num(m[5], 0), num(m[6], 0)
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 60 {
		return time.Time{}, false
	}
	loc := time.UTC
	if m[7] == "+" || m[7] == "-" {
		off := num(m[8], 0)*3600 + num(m[9], 0)*60
		if m[7] == "-" {
			off = -off
		}
		loc = time.FixedZone("", off)
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, loc), true
}
