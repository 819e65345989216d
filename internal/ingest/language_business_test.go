package ingest

import (
	"strings"
	"testing"
)

// businessDocs are one-page business documents (invoice, receipt and
// order headers) in the OCR languages and the PII catalogue's languages,
// written for this test. They are short and full of names, numbers and
// codes, which is what throws a trigram detector off.
var businessDocs = []struct {
	name, lang string
	lines      []string
}{
	{"EnglishInvoice", "en", []string{
		"ACME TRADING LTD", "12 Baker Street, London W1U 3BW", "VAT Reg No GB 123 4567 89",
		"INVOICE", "Invoice No: INV-2025-0418", "Invoice Date: 15/05/2025", "Due Date: 14/06/2025",
		"Bill To: Northwind Supplies plc", "Description Qty Unit Price Amount", "Consulting services 10 85.00 850.00",
		"Subtotal 850.00", "VAT 20% 170.00", "Total due GBP 1,020.00", "Payment terms: 30 days"}},
	{"EnglishReceipt", "en", []string{
		"CORNER CAFE", "Receipt #20931", "Date 03/02/2025 Time 08:41", "1 x Flat white 3.20",
		"1 x Blueberry muffin 2.80", "Total 6.00", "Paid by card", "Thank you for your visit"}},
	{"EnglishPurchaseOrder", "en", []string{
		"PURCHASE ORDER", "PO Number: 4500012345", "Order date: 2 March 2025", "Supplier: Globex Inc.",
		"Ship to: Warehouse 3, 455 Industrial Way, Springfield", "Item Quantity Unit price",
		"Steel bolts M8 500 0.12", "Delivery by 20 March 2025", "Authorised by: J. Smith"}},

	{"GermanInvoiceWithEnglishNames", "de", []string{
		"RECHNUNG", "Nr. 2025-118", "Datum 15.05.2025", "Kunde: Tech Solutions GmbH", "Artikel Menge Preis",
		"Software License 1 499,00", "Support 12 Monate 120,00", "Netto 619,00", "MwSt 19% 117,61", "Brutto 736,61"}},
	{"GermanInvoiceUppercase", "de", []string{
		"HANSEN & PARTNER GMBH", "RECHNUNG NR. 4711", "RECHNUNGSDATUM 01.04.2025", "LEISTUNGSZEITRAUM MÄRZ 2025",
		"WEBDESIGN PAUSCHALE 1.200,00 EUR", "HOSTING 3 MONATE 45,00 EUR", "SUMME NETTO 1.245,00 EUR",
		"UST. 19% 236,55 EUR", "RECHNUNGSBETRAG 1.481,55 EUR"}},
	{"TurkishInvoiceWithoutAccents", "tr", []string{
		"ORNEK TICARET A.S.", "FATURA", "Fatura No: GIB2025000000042", "Duzenleme Tarihi: 15.05.2025",
		"Sayin Musterimiz", "Mal Hizmet Miktar Birim Fiyat", "Yazilim lisansi 1 Adet 4.999,00 TL",
		"KDV %20 999,80 TL", "Genel Toplam 5.998,80 TL"}},
	{"TurkishInvoice", "tr", []string{
		"ÖRNEK TİCARET A.Ş.", "Atatürk Cad. No: 15 Kadıköy / İstanbul", "Vergi Dairesi: Kadıköy VKN: 1234567890",
		"FATURA", "Fatura No: ABC2025000000123", "Düzenleme Tarihi: 15.05.2025", "Sayın Müşterimiz",
		"Mal Hizmet Miktar Birim Fiyat Tutar", "Danışmanlık hizmeti 10 Saat 850,00 TL 8.500,00 TL",
		"Ara Toplam 8.500,00 TL", "KDV %20 1.700,00 TL", "Genel Toplam 10.200,00 TL", "Ödeme vadesi: 30 gün"}},
	{"TurkishReceipt", "tr", []string{
		"MİGROS TİCARET A.Ş.", "FİŞ NO: 0042", "TARİH: 03.02.2025 SAAT: 18:22", "SÜT 1 LT *32,50",
		"EKMEK *12,00", "TOPKDV *4,45", "TOPLAM *44,50", "NAKİT *50,00", "PARA ÜSTÜ *5,50", "Bizi tercih ettiğiniz için teşekkür ederiz"}},
	{"TurkishOrder", "tr", []string{
		"SATIN ALMA SİPARİŞİ", "Sipariş No: SA-2025-077", "Sipariş Tarihi: 02.03.2025", "Tedarikçi: Yılmaz Makine Ltd. Şti.",
		"Teslim Yeri: Gebze Organize Sanayi Bölgesi", "Ürün Adı Miktar Birim Fiyat", "Cıvata M8 500 adet 1,20 TL",
		"Teslim tarihi: 20.03.2025", "Onaylayan: Ayşe Demir"}},

	{"GermanInvoice", "de", []string{
		"Muster GmbH", "Hauptstraße 5, 10115 Berlin", "USt-IdNr. DE123456789", "Rechnung",
		"Rechnungsnummer: RE-2025-0418", "Rechnungsdatum: 15.05.2025", "Kundennummer: 10023",
		"Pos. Bezeichnung Menge Einzelpreis Gesamt", "1 Beratung 10 Std. 85,00 € 850,00 €",
		"Nettobetrag 850,00 €", "zzgl. 19 % MwSt. 161,50 €", "Gesamtbetrag 1.011,50 €",
		"Zahlbar innerhalb von 14 Tagen ohne Abzug", "IBAN DE89 3704 0044 0532 0130 00"}},
	{"GermanReceipt", "de", []string{
		"Bäckerei Schmidt", "Kassenbon Nr. 2093", "Datum 03.02.2025 08:41", "2 x Brötchen 0,90",
		"1 x Kaffee 2,80", "Summe EUR 3,70", "Gegeben Bar 5,00", "Rückgeld 1,30", "MwSt 7% enthalten 0,24", "Vielen Dank für Ihren Einkauf"}},
	{"GermanDeliveryNote", "de", []string{
		"Lieferschein", "Lieferschein-Nr.: LS-55012", "Lieferdatum: 02.03.2025", "Auftragsnummer: AB-7781",
		"Empfänger: Beispiel AG, Industriestr. 12, 80331 München", "Artikel Menge Einheit",
		"Schrauben M8 500 Stück", "Ware vollständig und unbeschädigt erhalten", "Unterschrift des Empfängers"}},

	{"FrenchInvoice", "fr", []string{
		"Exemple SARL", "12 rue de la Paix, 75002 Paris", "SIRET 123 456 789 00012 – TVA FR12345678901",
		"FACTURE", "Facture n° F-2025-0418", "Date de facturation : 15/05/2025", "Date d'échéance : 14/06/2025",
		"Désignation Quantité Prix unitaire HT Montant HT", "Prestation de conseil 10 85,00 € 850,00 €",
		"Total HT 850,00 €", "TVA 20 % 170,00 €", "Total TTC 1 020,00 €", "Paiement par virement à 30 jours"}},
	{"FrenchReceipt", "fr", []string{
		"BOULANGERIE DUPONT", "Ticket n° 2093", "Le 03/02/2025 à 08:41", "2 croissants 2,40",
		"1 baguette tradition 1,30", "Total TTC 3,70 €", "Espèces 5,00", "Rendu 1,30", "Merci de votre visite"}},
	{"FrenchOrder", "fr", []string{
		"BON DE COMMANDE", "Commande n° BC-2025-077", "Date de commande : 02/03/2025", "Fournisseur : Martin et Fils",
		"Adresse de livraison : 8 avenue Jean Jaurès, 69007 Lyon", "Référence Quantité Prix unitaire",
		"Vis M8 500 0,12", "Livraison souhaitée le 20/03/2025", "Signature du responsable des achats"}},

	{"SpanishInvoice", "es", []string{
		"Ejemplo S.L.", "Calle Mayor 10, 28013 Madrid", "NIF B12345678", "FACTURA",
		"Número de factura: F-2025-0418", "Fecha de emisión: 15/05/2025", "Fecha de vencimiento: 14/06/2025",
		"Concepto Cantidad Precio unitario Importe", "Servicios de consultoría 10 85,00 € 850,00 €",
		"Base imponible 850,00 €", "IVA 21% 178,50 €", "Total factura 1.028,50 €", "Forma de pago: transferencia bancaria"}},
	{"SpanishReceipt", "es", []string{
		"CAFETERÍA LA PLAZA", "Ticket nº 2093", "Fecha 03/02/2025 Hora 08:41", "1 café con leche 1,60",
		"1 tostada con tomate 2,20", "Total 3,80 €", "Pagado en efectivo", "IVA incluido", "Gracias por su visita"}},
	{"SpanishOrder", "es", []string{
		"PEDIDO DE COMPRA", "Pedido nº PC-2025-077", "Fecha del pedido: 02/03/2025", "Proveedor: Suministros García S.A.",
		"Dirección de entrega: Polígono Industrial Sur, nave 4, Sevilla", "Artículo Cantidad Precio",
		"Tornillos M8 500 unidades 0,12", "Plazo de entrega: 20 de marzo de 2025", "Firma del responsable de compras"}},

	{"ItalianInvoice", "it", []string{
		"Esempio S.r.l.", "Via Roma 1, 00184 Roma", "Partita IVA IT12345678901", "FATTURA",
		"Fattura n. 2025/0418", "Data fattura: 15/05/2025", "Scadenza pagamento: 14/06/2025",
		"Descrizione Quantità Prezzo unitario Importo", "Servizi di consulenza 10 85,00 € 850,00 €",
		"Imponibile 850,00 €", "IVA 22% 187,00 €", "Totale documento 1.037,00 €", "Pagamento tramite bonifico bancario"}},
	{"ItalianReceipt", "it", []string{
		"BAR CENTRALE", "Documento commerciale di vendita", "Scontrino n. 2093 del 03/02/2025", "Caffè 1,20",
		"Cornetto 1,50", "Totale complessivo 2,70", "Pagamento contante 5,00", "Resto 2,30", "Grazie e arrivederci"}},

	{"DutchInvoice", "nl", []string{
		"Voorbeeld B.V.", "Kerkstraat 12, 1017 GL Amsterdam", "KvK 12345678 BTW NL123456789B01", "FACTUUR",
		"Factuurnummer: 2025-0418", "Factuurdatum: 15-05-2025", "Vervaldatum: 14-06-2025",
		"Omschrijving Aantal Prijs Bedrag", "Advieswerkzaamheden 10 85,00 850,00",
		"Subtotaal € 850,00", "BTW 21% € 178,50", "Totaal te betalen € 1.028,50", "Gelieve binnen 30 dagen te betalen"}},
	{"DutchReceipt", "nl", []string{
		"BAKKERIJ DE VRIES", "Bonnummer 2093", "Datum 03-02-2025 08:41", "2 x Krentenbol 1,90",
		"1 x Koffie 2,80", "Totaal € 4,70", "Betaald met pin", "BTW 9% inbegrepen", "Bedankt voor uw bezoek"}},

	{"PortugueseInvoice", "pt", []string{
		"Exemplo, Lda.", "Rua Augusta 100, 1100-053 Lisboa", "NIF 123456789", "FATURA",
		"Fatura n.º FT 2025/418", "Data de emissão: 15/05/2025", "Data de vencimento: 14/06/2025",
		"Descrição Quantidade Preço unitário Valor", "Serviços de consultoria 10 85,00 € 850,00 €",
		"Total sem IVA 850,00 €", "IVA 23% 195,50 €", "Total a pagar 1.045,50 €", "Pagamento por transferência bancária"}},
	{"PortugueseReceipt", "pt", []string{
		"PASTELARIA CENTRAL", "Talão n.º 2093", "Data 03/02/2025 Hora 08:41", "1 pastel de nata 1,20",
		"1 galão 1,50", "Total 2,70 €", "Pago em numerário", "IVA incluído à taxa em vigor", "Obrigado pela sua visita"}},

	{"PolishInvoice", "pl", []string{
		"Przykład Sp. z o.o.", "ul. Marszałkowska 10, 00-590 Warszawa", "NIP 123-456-78-90", "FAKTURA VAT",
		"Faktura nr FV/2025/0418", "Data wystawienia: 15.05.2025", "Termin płatności: 14.06.2025",
		"Nazwa towaru lub usługi Ilość Cena netto Wartość", "Usługi doradcze 10 85,00 zł 850,00 zł",
		"Razem netto 850,00 zł", "VAT 23% 195,50 zł", "Do zapłaty 1 045,50 zł", "Sposób płatności: przelew"}},
	{"PolishReceipt", "pl", []string{
		"PIEKARNIA KOWALSKI", "PARAGON FISKALNY", "Nr 2093 z dnia 03.02.2025", "Bułka pszenna 2 x 0,90 1,80",
		"Kawa czarna 6,50", "SUMA PLN 8,30", "Gotówka 10,00", "Reszta 1,70", "Dziękujemy za zakupy"}},

	{"SwedishInvoice", "sv", []string{
		"Exempel AB", "Storgatan 1, 111 22 Stockholm", "Org.nr 556123-4567 Momsreg.nr SE556123456701", "FAKTURA",
		"Fakturanummer: 2025-0418", "Fakturadatum: 2025-05-15", "Förfallodatum: 2025-06-14",
		"Beskrivning Antal Pris Belopp", "Konsulttjänster 10 850,00 8 500,00",
		"Summa exkl. moms 8 500,00 kr", "Moms 25 % 2 125,00 kr", "Att betala 10 625,00 kr", "Betalningsvillkor 30 dagar netto"}},
	{"SwedishReceipt", "sv", []string{
		"KONDITORI ANNA", "Kvitto nr 2093", "Datum 2025-02-03 kl 08:41", "1 kanelbulle 35,00",
		"1 kaffe 30,00", "Totalt 65,00 kr", "Betalt med kort", "Varav moms 12 % 6,96", "Tack för ditt besök"}},

	{"DanishInvoice", "da", []string{
		"Eksempel ApS", "Vesterbrogade 10, 1620 København V", "CVR-nr. 12345678", "FAKTURA",
		"Fakturanummer: 2025-0418", "Fakturadato: 15.05.2025", "Forfaldsdato: 14.06.2025",
		"Beskrivelse Antal Pris Beløb", "Rådgivning 10 850,00 8.500,00",
		"I alt ekskl. moms 8.500,00 kr.", "Moms 25 % 2.125,00 kr.", "I alt at betale 10.625,00 kr.", "Betalingsbetingelser: netto 30 dage"}},
	{"DanishReceipt", "da", []string{
		"BAGERIET", "Kvittering nr. 2093", "Dato 03.02.2025 kl. 08:41", "1 rundstykke 6,00",
		"1 kaffe 28,00", "I alt 34,00 kr.", "Betalt med kort", "Heraf moms 6,80", "Tak for besøget"}},

	{"FinnishInvoice", "fi", []string{
		"Esimerkki Oy", "Mannerheimintie 1, 00100 Helsinki", "Y-tunnus 1234567-8", "LASKU",
		"Laskun numero: 2025-0418", "Laskun päivämäärä: 15.05.2025", "Eräpäivä: 14.06.2025",
		"Kuvaus Määrä Hinta Yhteensä", "Konsultointipalvelut 10 85,00 850,00",
		"Veroton hinta 850,00 €", "Arvonlisävero 25,5 % 216,75 €", "Maksettava yhteensä 1 066,75 €", "Maksuehto 14 päivää netto"}},
	{"FinnishReceipt", "fi", []string{
		"KAHVILA AALTO", "Kuitti nro 2093", "Päivämäärä 03.02.2025 klo 08:41", "1 korvapuusti 3,50",
		"1 kahvi 2,80", "Yhteensä 6,30 €", "Maksettu kortilla", "Sisältää arvonlisäveroa 14 %", "Kiitos käynnistä"}},
}

// TestDetectLanguageOnBusinessDocuments: detection holds on one-page
// business documents, with and without a (wrong) hint.
func TestDetectLanguageOnBusinessDocuments(t *testing.T) {
	t.Parallel()
	for _, d := range businessDocs {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			text := strings.Join(d.lines, "\n")
			if got := DetectLanguage(text, ""); got != d.lang {
				t.Errorf("DetectLanguage = %q, want %q", got, d.lang)
			}
			// A hint only breaks ties: it must not override clear text.
			hint := "en"
			if d.lang == "en" {
				hint = "de"
			}
			if got := DetectLanguage(text, hint); got != d.lang {
				t.Errorf("DetectLanguage with hint %q = %q, want %q", hint, got, d.lang)
			}
		})
	}
}

// TestDetectLanguageKeepsOtherLanguages: restricting the candidates to
// the supported languages must not force a clear text in another
// language, or in another script, into one of them.
func TestDetectLanguageKeepsOtherLanguages(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, text, want string }{
		{"Czech", "Dobrý den, dovolujeme si Vám zaslat fakturu za služby poskytnuté v minulém měsíci. " +
			"Prosíme o úhradu částky do čtrnácti dnů na náš bankovní účet. Děkujeme za spolupráci a přejeme hezký den.", "cs"},
		{"Russian", "Счёт на оплату № 125 от 15 мая 2025 года. Поставщик: ООО Ромашка. Покупатель: ООО Василёк. " +
			"Итого к оплате двенадцать тысяч рублей.", "ru"},
		{"TooShortKeepsHint", "Total 12", "de"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := DetectLanguage(c.text, "de"); got != c.want {
				t.Fatalf("DetectLanguage = %q, want %q", got, c.want)
			}
		})
	}
}

// BenchmarkDetectLanguage runs detection on a 2,000-byte sample, what a
// long document costs, and on a one-page invoice.
func BenchmarkDetectLanguage(b *testing.B) {
	inv := strings.Join(businessDocs[0].lines, "\n")
	long := strings.Repeat("The supplier shall deliver the goods within thirty days of the order. ", 40)
	for _, c := range []struct{ name, text string }{{"Invoice", inv}, {"Long", long}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				DetectLanguage(c.text, "")
			}
		})
	}
}
