package fields

import "github.com/quarrydev/quarry/internal/doc"

// languageCues are frequent function words and business words that tell
// the five supported languages apart well enough to pick a date order.
var languageCues = map[string][]string{
	"en": {"the", "and", "of", "to", "for", "invoice", "total", "date", "due", "amount", "bill", "payment", "with", "from"},
	"tr": {"ve", "bir", "ile", "fatura", "tarihi", "toplam", "tutar", "kdv", "odeme", "no", "adet", "birim", "fiyat", "sayin", "bordro"},
	"de": {"und", "der", "die", "das", "rechnung", "datum", "betrag", "mwst", "summe", "zahlbar", "bis", "fur", "mit", "von"},
	"fr": {"le", "la", "les", "et", "des", "du", "facture", "montant", "tva", "total", "pour", "date", "paiement", "echeance"},
	"es": {"el", "la", "los", "y", "del", "factura", "fecha", "importe", "iva", "total", "para", "pago", "de", "con"},
}

// guessLocale picks the language whose cues occur most often. Country is
// left empty: only a caller or a schema can say a document is American.
func guessLocale(l *doc.Layout) Locale {
	sets := map[string]map[string]bool{}
	for lang, ws := range languageCues {
		sets[lang] = map[string]bool{}
		for _, w := range ws {
			sets[lang][w] = true
		}
	}
	score := map[string]int{}
	for i := range l.Words {
		if i > 3000 {
			break
		}
		t := foldToken(l.Words[i].Text)
		for lang, s := range sets {
			if s[t] {
				score[lang]++
			}
		}
	}
	best, bestN := "", 0
	for _, lang := range []string{"en", "tr", "de", "fr", "es"} {
		if score[lang] > bestN {
			best, bestN = lang, score[lang]
		}
	}
	return Locale{Language: best}
}
