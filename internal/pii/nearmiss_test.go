package pii

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// nearMissSentences put a value in running text the way statements and
// e-mails do, in the languages Quarry reads.
var nearMissSentences = []string{
	"Bitte überweisen Sie den Betrag auf %s bis Freitag.",
	"IBAN: %s",
	"Ödeme hesabı %s olarak güncellendi.",
	"Merci d'effectuer le virement sur %s avant le 5.",
	"Please pay to %s by the end of the month.",
	"Cuenta %s\nTitular: ver contrato",
}

// printings are the ways an IBAN is written: compact, in fours, with a
// space after the country code, in lower case.
func printings(iban string) []string {
	return []string{iban, grouped4(iban), iban[:2] + " " + iban[2:4] + " " + grouped4(iban[4:]), strings.ToLower(grouped4(iban))}
}

func grouped4(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

// brokenIBANs builds, for every registry country, an IBAN whose check
// digits are wrong and one whose last digit is: both fail mod 97. The
// test adds a few with a country code that issues no IBAN.
func brokenIBANs() []string {
	var out []string
	for _, cc := range checkdigit.IBANCountries() {
		bban := checkdigit.BBANFromDigits(cc, strings.Repeat("5038172946", 4))
		ck := checkdigit.IBANCheckDigits(cc, bban)
		wrong := fmt.Sprintf("%02d", (int(ck[0]-'0')*10+int(ck[1]-'0')+1)%97+2)
		out = append(out, cc+wrong+bban)
		last := bban[len(bban)-1]
		if last >= '0' && last <= '8' {
			out = append(out, cc+ck+bban[:len(bban)-1]+string(last+1))
		} else if last == '9' {
			out = append(out, cc+ck+bban[:len(bban)-1]+"0")
		}
	}
	return out
}

// TestInvalidIBANsAreNotReportedPiecewise: an IBAN that fails mod 97 is
// not reported, and neither are its digit groups under another type.
func TestInvalidIBANsAreNotReportedPiecewise(t *testing.T) {
	t.Parallel()
	cases := 0
	broken := append(brokenIBANs(), "XY320006100519786457841326", "TX33000610051978645784132", "UK82WEST12345698765432")
	for _, iban := range broken {
		if checkdigit.IBAN(iban) == nil {
			t.Fatalf("test IBAN %s is valid; the builder is wrong", iban)
		}
		for _, p := range printings(iban) {
			for _, sent := range nearMissSentences {
				text := fmt.Sprintf(sent, p)
				at := strings.Index(text, p)
				for _, f := range Detect(text, Options{}) {
					if f.Start < at+len(p) && at < f.End {
						t.Errorf("%q: reported %s %q inside a broken IBAN", text, f.Type, f.Value)
					}
				}
				cases++
			}
		}
	}
	if cases < 1000 {
		t.Fatalf("only %d cases", cases)
	}
}

// TestIBANWithWrongBBANShape: mod 97 holds but the BBAN has letters
// where the country's registry format has digits (or the reverse), so
// it is not an IBAN.
func TestIBANWithWrongBBANShape(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ cc, bban string }{
		{"DE", "3704004405320130AB"},
		{"GB", "12345698765432WEST"},
		{"NL", "0417164300ABNA"},
		{"TR", "0006A00519786457841326"},
		{"PL", "10901014000007121981287X"},
	} {
		iban := tc.cc + checkdigit.IBANCheckDigits(tc.cc, tc.bban) + tc.bban
		if !checkdigit.IBANChecksum(iban) {
			t.Fatalf("%s: builder broke mod 97", iban)
		}
		text := "Überweisung an IBAN " + grouped4(iban) + " heute."
		for _, f := range Detect(text, Options{}) {
			if strings.HasPrefix(f.Type, "iban") {
				t.Errorf("%s: BBAN of the wrong shape reported as %s", iban, f.Type)
			}
		}
	}
}

// docLabels introduce a document's own number in the five languages.
var docLabels = []string{"Fatura No: ", "Fatura No\n", "Invoice No. ", "Invoice number: ", "Rechnung Nr. ",
	"Rechnungsnummer: ", "Bestellnummer ", "Order #", "Order: ", "N° de facture : ", "Numero fattura: ",
	"Sipariş No: ", "Receipt no. ", "Lieferschein-Nr. "}

// TestDocumentLabelsVetoIdentityTypes: numbers that happen to pass an
// identity check (synthetic TCKNs, Steuer-IDs, PESELs, SIRETs...) are
// not reported as identity data when a document label owns them.
func TestDocumentLabelsVetoIdentityTypes(t *testing.T) {
	t.Parallel()
	build()
	r := rand.New(rand.NewPCG(12, 34))
	cases := 0
	for _, d := range registry {
		if d.kind != kindRun || !vetoable.has(d.idx) {
			continue
		}
		for k := 0; k < 6; k++ {
			v := d.synth(r)
			if strings.ContainsAny(v, "\n") {
				continue
			}
			label := docLabels[(d.idx+k)%len(docLabels)]
			text := "Sehr geehrte Kunden,\n" + label + v + "\nVielen Dank."
			at := strings.Index(text, v)
			for _, f := range Detect(text, Options{}) {
				if vetoable.has(byName[f.Type].idx) && f.Start < at+len(v) && at < f.End {
					t.Errorf("%q: %s %q reported after a document label", label+v, f.Type, f.Value)
				}
			}
			cases++
		}
	}
	if cases < 100 {
		t.Fatalf("only %d cases", cases)
	}
}

// TestInvoiceNumbersAreNotIDCards: two-letter series prefixes and digits
// are how invoices are numbered; one that passes the ID card's 7-3-1
// check is still not reported without an ID label, and is with one.
func TestInvoiceNumbersAreNotIDCards(t *testing.T) {
	t.Parallel()
	values := []string{"FT26785859"}
	for _, body := range []string{"RT1000237", "GH2024115", "KL0000981", "CZ7734102"} {
		values = append(values, body+string(checkdigit.MRZDigit(body)))
	}
	for _, v := range values {
		if checkdigit.IDCardDE(v) != nil {
			t.Fatalf("%s does not pass the ID card check; pick another", v)
		}
		for _, text := range []string{v, "Belegnummer " + v, "Fatura " + v + " ödendi"} {
			for _, f := range Detect(text, Options{}) {
				if f.Type == "national_id_de" {
					t.Errorf("%q: invoice-shaped %s reported as national_id_de", text, v)
				}
			}
		}
		if f := Detect("Personalausweisnummer: "+v, Options{}); len(f) != 1 || f[0].Type != "national_id_de" {
			t.Errorf("%s after its label: got %v, want national_id_de", v, f)
		}
	}
}
