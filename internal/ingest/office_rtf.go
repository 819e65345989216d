package ingest

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/quarrydev/quarry/internal/problem"
	"golang.org/x/text/encoding/charmap"
)

func init() {
	RegisterReader("reader.rtf", rtfReader{}, "text/rtf", "application/rtf")
}

type rtfReader struct{}

// Read parses RTF directly: it is a plain-text format, and starting
// LibreOffice for it would cost seconds. Paragraphs become lines and
// \cell/\row runs become tables.
func (rtfReader) Read(ctx context.Context, env *Env, in Input) (*Read, error) {
	w := newNativeWriter(env.Limits.MaxPages)
	if err := WalkRTF(in.Data, w); err != nil {
		return nil, problem.New(problem.OfficeConversionFailed, "%q is not readable RTF: %v", in.Name, err)
	}
	return &Read{Layout: w.layout()}, nil
}

// rtfSkip are destinations whose text is not document content.
var rtfSkip = map[string]bool{
	"fonttbl": true, "colortbl": true, "stylesheet": true, "info": true, "pict": true, "object": true,
	"header": true, "footer": true, "headerl": true, "headerr": true, "headerf": true, "footerl": true,
	"footerr": true, "footerf": true, "themedata": true, "colorschememapping": true, "datastore": true,
	"latentstyles": true, "listtable": true, "listoverridetable": true, "rsidtbl": true, "generator": true,
	"xmlnstbl": true, "mmathPr": true, "filetbl": true, "revtbl": true, "pgdsctbl": true, "fldinst": true,
	"bkmkstart": true, "bkmkend": true, "field": false, "nonshppict": true, "shpinst": true,
}

// WalkRTF writes the text of an RTF document to w.
func WalkRTF(data []byte, w *nativeWriter) error {
	type state struct {
		skip bool
		uc   int // characters to skip after \uN
	}
	if !strings.HasPrefix(strings.TrimLeft(string(data[:min(len(data), 32)]), " \r\n\t"), "{\\rtf") {
		return errNotRTF
	}
	var (
		stack     []state
		cur       = state{uc: 1}
		line      strings.Builder
		pendingSk int // fallback characters still to skip after \u
		row       []string
		rows      [][]string
		inTable   bool
		pageBreak bool
	)
	_ = row
	dec := charmap.Windows1252
	flushLine := func() {
		if inTable {
			return
		}
		if len(rows) > 0 {
			w.table(rows)
			rows = nil
		}
		w.line(line.String())
		line.Reset()
		if pageBreak {
			w.page()
			pageBreak = false
		}
	}
	emit := func(s string) {
		if cur.skip {
			return
		}
		if pendingSk > 0 {
			pendingSk--
			return
		}
		line.WriteString(s)
	}
	w.ensurePage()
	i := 0
	depthGuard := 0
	for i < len(data) {
		c := data[i]
		switch c {
		case '{':
			stack = append(stack, cur)
			depthGuard++
			if depthGuard > 10000 {
				return errTooDeep
			}
			i++
		case '}':
			if len(stack) > 0 {
				cur = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
			i++
		case '\\':
			i++
			if i >= len(data) {
				break
			}
			n := data[i]
			switch {
			case n == '\'':
				if i+2 < len(data)+0 && i+2 <= len(data)-1 {
					v, err := strconv.ParseUint(string(data[i+1:i+3]), 16, 8)
					if err == nil {
						r := dec.DecodeByte(byte(v))
						emit(string(r))
					}
					i += 3
				} else {
					i = len(data)
				}
			case n == '*':
				cur.skip = true
				i++
			case n == '\\' || n == '{' || n == '}':
				emit(string(n))
				i++
			case n == '~':
				emit(" ")
				i++
			case n == '-' || n == '_':
				i++
			case n == '\r' || n == '\n':
				flushLine()
				i++
			case isLetter(n):
				j := i
				for j < len(data) && isLetter(data[j]) && j-i < 32 {
					j++
				}
				word := string(data[i:j])
				k := j
				if k < len(data) && (data[k] == '-' || isDigit(data[k])) {
					k++
					for k < len(data) && isDigit(data[k]) && k-j < 11 {
						k++
					}
				}
				param, hasParam := 0, k > j
				if hasParam {
					param, _ = strconv.Atoi(string(data[j:k]))
				}
				if k < len(data) && data[k] == ' ' {
					k++
				}
				i = k
				switch {
				case rtfSkip[word]:
					cur.skip = true
				case word == "par" || word == "line" || word == "sect":
					flushLine()
				case word == "page":
					pageBreak = true
					flushLine()
				case word == "tab":
					emit("\t")
				case word == "emdash":
					emit("—")
				case word == "endash":
					emit("–")
				case word == "lquote" || word == "rquote":
					emit("'")
				case word == "ldblquote" || word == "rdblquote":
					emit("\"")
				case word == "bullet":
					emit("•")
				case word == "uc" && hasParam:
					cur.uc = param
				case word == "u" && hasParam:
					if param < 0 {
						param += 65536
					}
					r := rune(param)
					if utf16.IsSurrogate(r) {
						r = '\uFFFD'
					}
					emit(string(r))
					pendingSk = cur.uc
				case word == "intbl" || word == "trowd":
					inTable = true
				case word == "cell":
					if !cur.skip {
						row = append(row, strings.TrimSpace(line.String()))
						line.Reset()
					}
				case word == "row":
					if !cur.skip {
						rows = append(rows, row)
						row = nil
					}
				case word == "pard":
					// A paragraph reset leaves the table unless the paragraph
					// says \intbl again; rows seen so far are written when
					// the first paragraph outside the table ends.
					inTable = false
				}
			default:
				i++
			}
		case '\r', '\n':
			i++
		default:
			j := i
			for j < len(data) && data[j] != '\\' && data[j] != '{' && data[j] != '}' && data[j] != '\r' && data[j] != '\n' {
				j++
			}
			if !cur.skip {
				chunk := data[i:j]
				for pendingSk > 0 && len(chunk) > 0 {
					chunk = chunk[1:]
					pendingSk--
				}
				line.WriteString(DecodeText(chunk))
			}
			i = j
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	inTable = false
	flushLine()
	return nil
}

type rtfError string

func (e rtfError) Error() string { return string(e) }

const (
	errNotRTF  = rtfError("no {\\rtf header")
	errTooDeep = rtfError("groups nested too deeply")
)

func isLetter(b byte) bool { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') }
func isDigit(b byte) bool  { return b >= '0' && b <= '9' }
