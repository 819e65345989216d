package einvoice

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

// tlv encodes one DER element with a definite length.
func tlv(tag byte, content ...[]byte) []byte {
	body := bytes.Join(content, nil)
	n := len(body)
	var l []byte
	switch {
	case n < 0x80:
		l = []byte{byte(n)}
	case n < 0x100:
		l = []byte{0x81, byte(n)}
	case n < 0x10000:
		l = []byte{0x82, byte(n >> 8), byte(n)}
	default:
		l = []byte{0x83, byte(n >> 16), byte(n >> 8), byte(n)}
	}
	return append(append([]byte{tag}, l...), body...)
}

// indef encodes one constructed BER element with an indefinite length.
func indef(tag byte, content ...[]byte) []byte {
	return append(append([]byte{tag, 0x80}, bytes.Join(content, nil)...), 0, 0)
}

var (
	oidData       = []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01}
	oidSignedData = []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02}
	fakeSigner    = tlv(0x31, tlv(0x30, tlv(0x02, []byte{1}), tlv(0x04, []byte("not a real signature"))))
)

// p7mDER wraps xml the way DER signers do: one primitive OCTET STRING.
func p7mDER(xml []byte) []byte {
	encap := tlv(0x30, oidData, tlv(0xA0, tlv(0x04, xml)))
	sd := tlv(0x30, tlv(0x02, []byte{1}), tlv(0x31), encap, fakeSigner)
	return tlv(0x30, oidSignedData, tlv(0xA0, sd))
}

// p7mBER wraps xml the way streaming signers do: indefinite lengths and
// the content split into OCTET STRING chunks of size bytes.
func p7mBER(xml []byte, size int) []byte {
	var chunks [][]byte
	for len(xml) > 0 {
		n := min(size, len(xml))
		chunks = append(chunks, tlv(0x04, xml[:n]))
		xml = xml[n:]
	}
	encap := indef(0x30, oidData, indef(0xA0, indef(0x24, chunks...)))
	sd := indef(0x30, tlv(0x02, []byte{1}), tlv(0x31), encap, fakeSigner)
	return indef(0x30, oidSignedData, indef(0xA0, sd))
}

func armour(b []byte) []byte {
	s := base64.StdEncoding.EncodeToString(b)
	var out strings.Builder
	for len(s) > 64 {
		out.WriteString(s[:64] + "\r\n")
		s = s[64:]
	}
	out.WriteString(s)
	return []byte(out.String())
}

func TestP7M(t *testing.T) {
	t.Parallel()
	xml := toWindows1252(t, fatturaPA1252)
	// Detect sees only a head and cannot join chunks, so it needs the root
	// in the first chunk: signers chunk by 1000 bytes or more, and a
	// FatturaPA root opens within its first 200.
	cases := []struct {
		name   string
		data   []byte
		detect bool
	}{
		{"DER", p7mDER(xml), true},
		{"BERChunked", p7mBER(xml, 1000), true},
		{"BERSmallChunks", p7mBER(xml, 30), false},
		{"Base64", armour(p7mDER(xml)), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if s, ok := Detect(tc.data[:min(len(tc.data), 400)]); tc.detect && (!ok || s != SyntaxFatturaPA) {
				t.Errorf("Detect = %q, %v", s, ok)
			}
			inv, err := Parse(bytes.NewReader(tc.data), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if inv.Envelope != EnvelopeCAdES || inv.Number != "NC/3" || inv.Lines[0].Name != "Caffè" {
				t.Errorf("envelope %q number %q line %q", inv.Envelope, inv.Number, inv.Lines[0].Name)
			}
		})
	}
}

func TestP7MRefuses(t *testing.T) {
	t.Parallel()
	good := p7mBER([]byte(ublCreditNote), 1000)
	deep := bytes.Repeat([]byte{0x30, 0x80}, 100)
	cases := []struct {
		name string
		data []byte
		lim  Limits
		want error
	}{
		{"Truncated", good[:len(good)/2], Limits{}, ErrMalformed},
		{"NotSignedData", tlv(0x30, oidData, tlv(0xA0, tlv(0x04, []byte(ublCreditNote)))), Limits{}, ErrMalformed},
		{"LengthPastEnd", []byte{0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x00}, Limits{}, ErrMalformed},
		{"TooDeep", deep, Limits{}, ErrMalformed},
		{"Base64Garbage", []byte("MIME-Version: 1.0\r\n"), Limits{}, ErrMalformed},
		{"TooLarge", good, Limits{MaxBytes: 64}, ErrTooLarge},
		{"SignedNonInvoice", p7mDER([]byte("<html>" + strings.Repeat("<p>x</p>", 40) + "</html>")), Limits{}, ErrNotInvoice},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			inv, err := Parse(bytes.NewReader(tc.data), tc.lim)
			if !errors.Is(err, tc.want) || inv != nil {
				t.Errorf("Parse = %v, %v; want %v", inv, err, tc.want)
			}
		})
	}
}
