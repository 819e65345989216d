package einvoice

import (
	"bufio"
	"bytes"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/unicode"
)

// encoding/xml reads only ASCII-compatible encodings itself and asks
// CharsetReader for the rest, by the prolog's label. UTF-16 cannot be
// handled that way (the prolog itself is UTF-16), so a UTF-16 byte-order
// mark turns the whole input into UTF-8 first, and the prolog's "UTF-16"
// label is then taken as already handled.

var (
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// xmlInput returns r as an ASCII-compatible stream and the CharsetReader
// the decoder should use with it.
func xmlInput(r io.Reader) (io.Reader, func(string, io.Reader) (io.Reader, error)) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(2)
	var utf16 bool
	var in io.Reader = br
	switch {
	case bytes.Equal(head, bomUTF16LE):
		in = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Reader(br)
		utf16 = true
	case bytes.Equal(head, bomUTF16BE):
		in = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Reader(br)
		utf16 = true
	}
	return in, func(label string, r io.Reader) (io.Reader, error) {
		if utf16 && strings.HasPrefix(strings.ToLower(label), "utf-16") {
			return r, nil
		}
		return charset.NewReaderLabel(label, r)
	}
}
