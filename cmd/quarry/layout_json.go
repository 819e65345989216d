package main

import (
	"bufio"
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
	bw := bufio.NewWriterSize(w, 256<<10)
	e := layoutEncoder{w: bw}
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

// layoutEncoder appends to one scratch buffer and hands it to the
// writer in large pieces; the first write error sticks.
type layoutEncoder struct {
	w   *bufio.Writer
	buf []byte
	err error
}

func (e *layoutEncoder) raw(s string) { e.buf = append(e.buf, s...) }

func (e *layoutEncoder) int(n int) { e.buf = strconv.AppendInt(e.buf, int64(n), 10) }

// spill writes the scratch buffer once it is large; called between words.
func (e *layoutEncoder) spill() {
	if len(e.buf) < 64<<10 || e.err != nil {
		return
	}
	_, e.err = e.w.Write(e.buf)
	e.buf = e.buf[:0]
}

func (e *layoutEncoder) flush() error {
	if e.err == nil {
		_, e.err = e.w.Write(e.buf)
	}
	if e.err == nil {
		e.err = e.w.Flush()
	}
	e.buf = e.buf[:0]
	return e.err
}

// value encodes a small value with encoding/json at the given depth.
func (e *layoutEncoder) value(v any, prefix string) {
	b, err := json.MarshalIndent(v, prefix, "  ")
	if err != nil && e.err == nil {
		e.err = err
	}
	e.buf = append(e.buf, b...)
}

// str writes s as encoding/json does (HTML-safe escaping included). Text
// that needs no escaping, nearly every word, is copied as is.
func (e *layoutEncoder) str(s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c >= utf8.RuneSelf {
			e.strSlow(s)
			return
		}
	}
	e.buf = append(e.buf, '"')
	e.buf = append(e.buf, s...)
	e.buf = append(e.buf, '"')
}

func (e *layoutEncoder) strSlow(s string) {
	b, _ := json.Marshal(s) // a string always marshals
	e.buf = append(e.buf, b...)
}

// float writes f as encoding/json does: shortest round-trip form,
// exponent only for very small or large magnitudes, "e-07" as "e-7".
func (e *layoutEncoder) float(f float64) {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	e.buf = strconv.AppendFloat(e.buf, f, format, -1, 64)
	if format == 'e' {
		n := len(e.buf)
		if n >= 4 && e.buf[n-4] == 'e' && e.buf[n-3] == '-' && e.buf[n-2] == '0' {
			e.buf[n-2] = e.buf[n-1]
			e.buf = e.buf[:n-1]
		}
	}
}

// coord writes a box coordinate rounded as pipeline.RoundCoord rounds it.
// The rounded value is a whole number of ten-thousandths, whose shortest
// form is that decimal; writing it from the integer skips the general
// shortest-float search, four times per word. Values too large for the
// integer path take the general one.
func (e *layoutEncoder) coord(v float64) {
	r := pipeline.RoundCoord(v)
	k := int64(r * 10000)
	if r < 0 || r >= 1e9 || float64(k)/10000 != r {
		e.float(r)
		return
	}
	e.buf = strconv.AppendInt(e.buf, k/10000, 10)
	frac := k % 10000
	if frac == 0 {
		return
	}
	digits := [4]byte{byte('0' + frac/1000), byte('0' + frac/100%10), byte('0' + frac/10%10), byte('0' + frac%10)}
	n := 4
	for digits[n-1] == '0' {
		n--
	}
	e.buf = append(e.buf, '.')
	e.buf = append(e.buf, digits[:n]...)
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
		words := l.Words[p.FirstWord:p.EndWord]
		if len(words) == 0 {
			e.raw("[]")
		} else {
			e.raw("[")
			for j, w := range words {
				if j > 0 {
					e.raw(",")
				}
				e.raw("\n          {\n            \"text\": ")
				e.str(w.Text)
				e.raw(",\n            \"bbox\": [\n              ")
				e.coord(w.Box.X0)
				e.raw(",\n              ")
				e.coord(w.Box.Y0)
				e.raw(",\n              ")
				e.coord(w.Box.X1)
				e.raw(",\n              ")
				e.coord(w.Box.Y1)
				e.raw("\n            ],\n            \"confidence\": ")
				e.float(w.Conf)
				e.raw("\n          }")
				e.spill()
			}
			e.raw("\n        ]")
		}
		e.raw("\n      }")
	}
	e.raw("\n    ]")
}
