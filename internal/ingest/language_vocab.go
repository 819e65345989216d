package ingest

import (
	"strings"
	"unicode"

	"github.com/abadojack/whatlanggo"
)

// businessVocab holds, per supported Latin-script language (the five OCR
// languages and the PII catalogue's), words of business documents and the
// commonest function words. A one-page invoice is mostly names, numbers
// and codes; its few words are these, and trigram statistics over so
// little text drift to whichever language the names resemble (a German
// invoice for "Tech Solutions GmbH" read as English, a Swedish one as
// Indonesian). Counting these words first is what a reader does.
var businessVocab = map[string]string{
	"en": "invoice receipt subtotal total due date amount payment terms bill to order purchase quantity qty price unit " +
		"description paid thank you for your the of and delivery supplier customer tax balance number authorised by " +
		"ship visit card services",
	"de": "rechnung rechnungsnummer rechnungsdatum rechnungsbetrag datum kunde kundennummer menge einzelpreis gesamt " +
		"gesamtbetrag summe netto brutto mwst ust zzgl inkl zahlbar betrag lieferschein lieferdatum artikel stück " +
		"bestellung auftrag auftragsnummer bitte vielen dank und der die das für mit von innerhalb tagen ohne abzug " +
		"bankverbindung leistungszeitraum monate gmbh steuernummer kassenbon rückgeld gegeben bar empfänger ihren " +
		"einkauf enthalten unterschrift ware des pauschale",
	"tr": "fatura tarihi tarih toplam kdv genel ara tutar miktar birim fiyat vergi dairesi sayın müşteri müşterimiz " +
		"ödeme vadesi sipariş siparişi teslim fiş nakit adet ve için tl şti satın alma tedarikçi yeri tarihi saat " +
		"gün teşekkür ederiz hizmeti bizi onaylayan ürün adı para üstü",
	"fr": "facture facturation échéance désignation quantité prix unitaire montant ht ttc tva paiement virement commande " +
		"fournisseur livraison merci de la le les du des à et pour votre espèces rendu bon sarl siret prestation " +
		"conseil jours adresse souhaitée signature responsable achats ticket",
	"es": "factura fecha emisión vencimiento concepto cantidad precio importe base imponible iva forma pago " +
		"transferencia pedido proveedor entrega gracias por su de la el los del con efectivo incluido nif cif " +
		"servicios consultoría bancaria compra dirección artículo plazo firma responsable compras pagado número",
	"it": "fattura data scadenza descrizione quantità prezzo importo imponibile iva totale pagamento bonifico ordine " +
		"fornitore consegna grazie di il la del della per e scontrino resto contante partita documento srl " +
		"servizi consulenza tramite bancario commerciale vendita complessivo arrivederci",
	"nl": "factuur factuurnummer factuurdatum vervaldatum omschrijving aantal prijs bedrag subtotaal btw totaal betalen " +
		"betaald bestelling leverancier levering bedankt voor uw de het een van en te binnen dagen kvk bonnummer " +
		"gelieve pin inbegrepen bezoek met",
	"pt": "fatura data emissão vencimento descrição quantidade preço valor iva total pagar pagamento transferência " +
		"encomenda fornecedor entrega obrigado pela sua de do da em e para talão numerário incluído nif lda " +
		"serviços consultoria bancária sem taxa vigor pago",
	"pl": "faktura nr data wystawienia termin płatności nazwa towaru usługi ilość cena netto brutto wartość razem vat " +
		"zapłaty sposób przelew zamówienie dostawca dziękujemy za paragon fiskalny suma gotówka reszta zł pln nip " +
		"sp dnia w i na lub doradcze zakupy",
	"sv": "faktura fakturanummer fakturadatum förfallodatum beskrivning antal pris belopp summa moms att betala " +
		"betalningsvillkor kvitto totalt betalt med kort varav tack för ditt besök och kr ab org.nr momsreg.nr " +
		"dagar netto exkl konsulttjänster",
	"da": "faktura fakturanummer fakturadato forfaldsdato beskrivelse antal pris beløb i alt moms at betale " +
		"betalingsbetingelser kvittering betalt med kort heraf tak for besøget og kr aps cvr-nr dage netto ekskl " +
		"dato kl rådgivning",
	"fi": "lasku laskun numero päivämäärä eräpäivä kuvaus määrä hinta yhteensä veroton arvonlisävero alv maksettava " +
		"maksuehto kuitti maksettu kortilla sisältää arvonlisäveroa kiitos käynnistä päivää netto oy y-tunnus nro " +
		"klo ja konsultointipalvelut",
}

// vocabLangs maps each vocabulary word to the languages that use it.
var vocabLangs = func() map[string][]string {
	m := map[string][]string{}
	add := func(w, lang string) {
		for _, l := range m[w] {
			if l == lang {
				return
			}
		}
		m[w] = append(m[w], lang)
	}
	for lang, words := range businessVocab {
		for _, w := range strings.Fields(words) {
			add(w, lang)
			// OCR with another language's model loses accents; the
			// folded spelling still counts.
			add(foldAccents(w), lang)
		}
	}
	return m
}()

// supportedLatin are the languages of businessVocab as the detector
// names them: a Latin-script text is told apart among these only.
var supportedLatin = map[whatlanggo.Lang]bool{
	whatlanggo.Eng: true, whatlanggo.Tur: true, whatlanggo.Deu: true, whatlanggo.Fra: true,
	whatlanggo.Spa: true, whatlanggo.Ita: true, whatlanggo.Nld: true, whatlanggo.Por: true,
	whatlanggo.Pol: true, whatlanggo.Swe: true, whatlanggo.Dan: true, whatlanggo.Fin: true,
}

// vocabLanguage returns the language whose business words the sample
// holds most, when that count is clear: at least minVocabHits words and
// more than any other language by a margin. "" means undecided.
func vocabLanguage(sample string) string {
	hits := map[string]int{}
	for _, tok := range strings.FieldsFunc(strings.ToLower(sample), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:()[]%*\"'/|", r)
	}) {
		tok = strings.Trim(tok, ".-#")
		for _, l := range vocabLangs[tok] {
			hits[l]++
		}
	}
	best, second, lang := 0, 0, ""
	for l, n := range hits {
		if n > best || (n == best && l < lang) { // ties broken by name, so the answer is stable
			if lang != "" {
				second = max(second, best)
			}
			best, lang = n, l
		} else if n > second {
			second = n
		}
	}
	if best < minVocabHits || best*2 < second*3 { // best must beat the runner-up by half
		return ""
	}
	return lang
}

// minVocabHits is the fewest business words that decide a language.
const minVocabHits = 3

var accentFolder = strings.NewReplacer(
	"ä", "a", "á", "a", "à", "a", "â", "a", "ã", "a", "å", "a",
	"é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "ì", "i", "î", "i", "ı", "i",
	"ó", "o", "ò", "o", "ô", "o", "õ", "o", "ö", "o", "ø", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u",
	"ç", "c", "ş", "s", "ğ", "g", "ñ", "n", "ß", "ss",
	"ł", "l", "ś", "s", "ź", "z", "ż", "z", "ć", "c", "ń", "n", "ę", "e", "ą", "a", "æ", "ae",
)

func foldAccents(s string) string { return accentFolder.Replace(s) }
