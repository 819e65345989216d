package ingest

import "testing"

func TestDetectOCRLanguageSurvivesLostAccents(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text, want string
	}{
		// Turkish read by the English model: dotless i and cedillas are gone.
		{"TurkishWithoutAccents", "FATURA Fatura No: 2025-118 Duzenleme Tarihi 15 Mayis 2025 Sayin musterimiz, " +
			"asagidaki urunlerin bedeli odeme kosullarina gore tahsil edilecektir. Ara Toplam KDV Genel Toplam Vergi Dairesi", "tr"},
		{"GermanWithoutUmlauts", "Rechnung Rechnungsnummer Datum Lieferung an Kunde Bitte uberweisen Sie den Betrag " +
			"innerhalb von dreissig Tagen auf das unten angegebene Konto Mehrwertsteuer Gesamtbetrag", "de"},
		{"English", "Invoice number date of issue payment is due within thirty days of receipt of this invoice total amount", "en"},
		{"TooShort", "Total 12", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := detectOCRLanguage(c.text); got != c.want {
				t.Fatalf("detectOCRLanguage = %q, want %q", got, c.want)
			}
		})
	}
}
