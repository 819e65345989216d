package einvoice

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/fixture"
)

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

// signedNoSigner is a SignedData whose encapsulated content is its last
// element, so the envelope ends with the content's own last byte.
func signedNoSigner(content []byte) []byte {
	encap := fixture.DER(0x30, fixture.OIDPKCS7Data, fixture.DER(0xA0, fixture.DER(0x04, content)))
	sd := fixture.DER(0x30, fixture.DER(0x02, []byte{1}), fixture.DER(0x31), encap)
	return fixture.DER(0x30, fixture.OIDPKCS7Signed, fixture.DER(0xA0, sd))
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
		{"DER", fixture.P7MDER(xml), true},
		{"BERChunked", fixture.P7MBER(xml, 1000), true},
		{"BERSmallChunks", fixture.P7MBER(xml, 30), false},
		{"Base64", armour(fixture.P7MDER(xml)), true},
		// The envelope's last bytes are white space of the signed content
		// (any signature byte can be 0x0a or 0x20 just as well): trimming
		// them as text would cut the DER short.
		{"DERTrailingWhiteSpace", signedNoSigner(append(append([]byte(nil), xml...), '\n', ' ')), true},
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
	good := fixture.P7MBER([]byte(ublCreditNote), 1000)
	deep := bytes.Repeat([]byte{0x30, 0x80}, 100)
	cases := []struct {
		name string
		data []byte
		lim  Limits
		want error
	}{
		{"Truncated", good[:len(good)/2], Limits{}, ErrMalformed},
		{"NotSignedData", fixture.DER(0x30, fixture.OIDPKCS7Data, fixture.DER(0xA0, fixture.DER(0x04, []byte(ublCreditNote)))), Limits{}, ErrMalformed},
		{"LengthPastEnd", []byte{0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x00}, Limits{}, ErrMalformed},
		{"TooDeep", deep, Limits{}, ErrMalformed},
		{"Base64Garbage", []byte("MIME-Version: 1.0\r\n"), Limits{}, ErrMalformed},
		{"TooLarge", good, Limits{MaxBytes: 64}, ErrTooLarge},
		{"SignedNonInvoice", fixture.P7MDER([]byte("<html>" + strings.Repeat("<p>x</p>", 40) + "</html>")), Limits{}, ErrNotInvoice},
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
