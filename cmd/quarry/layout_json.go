package main

import (
	"encoding/json"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/pipeline"
)

// writeLayoutJSON prints the files as `quarry layout --json` does: the
// bytes json.Encoder with a two-space indent gives for []layoutFile (a
// test holds it to that), but written word by word as it goes. Encoding
// the whole value first held the output three times over (the encoder's
// buffer, its indented copy, the []api.LayoutPage copy of every word): a
// 600-page PDF made 51 MB of JSON and 300 MB of heap, and the encoding
// took longer than reading the PDF.
func writeLayoutJSON(w io.Writer, files []*ingest.File) error {
	e := newLayoutEncoder(w)
	if len(files) == 0 {
		e.raw("[]\n")
		return e.flush()
	}
	e.raw("[")
	for i, f := range files {
		if i > 0 {
			e.raw(",")
		}
		e.raw("\n  {\n    \"filename\": ")
		e.str(f.Name)
		e.raw(",\n    \"media_type\": ")
		e.str(f.MediaType)
		e.raw(",\n    \"page_count\": ")
		e.int(f.PageCount)
		e.raw(",\n    \"language\": ")
		e.str(f.Language)
		e.raw(",\n    \"text_source\": ")
		e.str(f.TextSource)
		if f.OCR != nil {
			e.raw(",\n    \"ocr\": ")
			e.value(f.OCR, "    ")
		}
		e.raw(",\n    \"pages\": ")
		e.pages(f.Layout)
		e.raw("\n  }")
	}
	e.raw("\n]\n")
	return e.flush()
}

// layoutEncoder appends to a buffer and hands it, once large, to a
// writer goroutine (no bufio.Writer, which would copy every byte once
// more). Encoding the next piece then overlaps writing the last one
// into the pipe, which waits on whoever reads it.
type layoutEncoder struct {
	out *pieceWriter
	buf []byte
	err error // an encoding error; write errors are out's
}

func newLayoutEncoder(w io.Writer) *layoutEncoder {
	out := newPieceWriter(w, spillAt+4<<10)
	return &layoutEncoder{out: out, buf: out.take()}
}

// spillAt is how much output the encoder gathers before writing it.
const spillAt = 256 << 10

func (e *layoutEncoder) raw(s string) { e.buf = append(e.buf, s...) }

func (e *layoutEncoder) int(n int) { e.buf = strconv.AppendInt(e.buf, int64(n), 10) }

// spill hands the buffer over to be written once it is large; called
// between words.
func (e *layoutEncoder) spill() {
	if len(e.buf) >= spillAt {
		e.buf = e.out.swap(e.buf)
	}
}

// flush writes what is left and returns the first error.
func (e *layoutEncoder) flush() error {
	werr := e.out.close(e.buf)
	e.buf = nil
	if e.err != nil {
		return e.err
	}
	return werr
}

// pieceWriter writes pieces of output on its own goroutine. Two buffers
// go back and forth: the encoder fills one while the other is written.
type pieceWriter struct {
	w          io.Writer
	full, free chan []byte
	done       chan struct{}
	err        error // the first write error; read after done
}

func newPieceWriter(w io.Writer, size int) *pieceWriter {
	p := &pieceWriter{w: w, full: make(chan []byte, 1), free: make(chan []byte, 2), done: make(chan struct{})}
	p.free <- make([]byte, 0, size)
	p.free <- make([]byte, 0, size)
	go p.run()
	return p
}

func (p *pieceWriter) run() {
	defer close(p.done)
	for b := range p.full {
		if p.err == nil {
			_, p.err = p.w.Write(b)
		}
		p.free <- b[:0]
	}
}

// take returns an empty buffer to fill.
func (p *pieceWriter) take() []byte { return <-p.free }

// swap hands b over to be written and returns an empty buffer.
func (p *pieceWriter) swap(b []byte) []byte {
	p.full <- b
	return <-p.free
}

// close writes b, waits for every piece to be written and returns the
// first write error.
func (p *pieceWriter) close(b []byte) error {
	if len(b) > 0 {
		p.full <- b
	}
	close(p.full)
	<-p.done
	return p.err
}

// value encodes a small value with encoding/json at the given depth.
func (e *layoutEncoder) value(v any, prefix string) {
	b, err := json.MarshalIndent(v, prefix, "  ")
	if err != nil && e.err == nil {
		e.err = err
	}
	e.buf = append(e.buf, b...)
}

// The helpers below append to a byte slice: the word loop keeps its
// buffer in a local variable, and storing it back into the encoder after
// every piece cost a GC write barrier each time.

func (e *layoutEncoder) str(s string)    { e.buf = appendString(e.buf, s) }
func (e *layoutEncoder) float(f float64) { e.buf = appendFloat(e.buf, f) }

// appendString appends s quoted as encoding/json quotes it with HTML
// escaping on (its default): '"' and '\\' and the five control characters
// with short forms get a backslash, other control characters and < > &
// become \u00XX, bytes that are not UTF-8 become \ufffd, and U+2028 and
// U+2029 are escaped for JavaScript's sake. Runs that need nothing are
// copied whole. A page's text has a newline per line, so it takes this
// path rather than a json.Marshal call with its allocations.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	done := 0 // s[:done] is in b
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonPlain[c] {
				i++
				continue
			}
			b = append(b, s[done:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			done = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[done:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[done:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		done = i
	}
	b = append(b, s[done:]...)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// jsonPlain marks the ASCII bytes a JSON string holds as they are.
var jsonPlain = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendFloat appends f as encoding/json writes it: shortest round-trip
// form, exponent only for very small or large magnitudes, "e-07" as
// "e-7". A whole number (every confidence of a text layer is 1) is
// written from the integer.
func appendFloat(b []byte, f float64) []byte {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 && (f != 0 || !math.Signbit(f)) {
		return strconv.AppendInt(b, int64(f), 10)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendCoord appends a box coordinate rounded as pipeline.RoundCoord
// rounds it. The rounded value is the double nearest a whole number k of
// ten-thousandths; below 1e9, k has at most 13 digits, and decimals that
// short map to distinct doubles, so k's decimal with trailing zeros
// dropped is the shortest form that reads back as the value: what
// encoding/json writes, without its general shortest-float search, four
// times per word. Other values take the general path.
func appendCoord(b []byte, v float64) []byte {
	r := pipeline.RoundCoord(v)
	if r < 0 || r >= 1e9 {
		return appendFloat(b, r)
	}
	k := int64(math.Round(r * 10000))
	if float64(k)/10000 != r {
		return appendFloat(b, r)
	}
	b = strconv.AppendInt(b, k/10000, 10)
	frac := k % 10000
	if frac == 0 {
		return b
	}
	digits := [4]byte{byte('0' + frac/1000), byte('0' + frac/100%10), byte('0' + frac/10%10), byte('0' + frac%10)}
	n := 4
	for digits[n-1] == '0' {
		n--
	}
	b = append(b, '.')
	return append(b, digits[:n]...)
}

// pages writes what pipeline.LayoutPages holds for l (boxes rounded to
// four decimals), straight from the layout.
func (e *layoutEncoder) pages(l *doc.Layout) {
	if l == nil || len(l.Pages) == 0 {
		e.raw("[]")
		return
	}
	e.raw("[")
	for i, p := range l.Pages {
		if i > 0 {
			e.raw(",")
		}
		e.raw("\n      {\n        \"number\": ")
		e.int(p.Number)
		e.raw(",\n        \"width\": ")
		e.float(p.Width)
		e.raw(",\n        \"height\": ")
		e.float(p.Height)
		e.raw(",\n        \"source\": ")
		e.str(string(p.Source))
		e.raw(",\n        \"text\": ")
		e.str(l.Text[p.Start:p.End])
		e.raw(",\n        \"words\": ")
		if p.EndWord == p.FirstWord {
			e.raw("[]")
		} else {
			e.raw("[")
			e.words(l.Words[p.FirstWord:p.EndWord])
			e.raw("\n        ]")
		}
		e.raw("\n      }")
		e.spill()
	}
	e.raw("\n    ]")
}

// words writes the words of one page, the bulk of the output.
func (e *layoutEncoder) words(words []doc.Word) {
	b := e.buf
	for j := range words {
		w := &words[j]
		if j > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n          {\n            \"text\": "...)
		b = appendString(b, w.Text)
		b = append(b, ",\n            \"bbox\": [\n              "...)
		b = appendCoord(b, w.Box.X0)
		b = append(b, ",\n              "...)
		b = appendCoord(b, w.Box.Y0)
		b = append(b, ",\n              "...)
		b = appendCoord(b, w.Box.X1)
		b = append(b, ",\n              "...)
		b = appendCoord(b, w.Box.Y1)
		b = append(b, "\n            ],\n            \"confidence\": "...)
		b = appendFloat(b, w.Conf)
		b = append(b, "\n          }"...)
		if len(b) >= spillAt {
			b = e.out.swap(b)
		}
	}
	e.buf = b
}
