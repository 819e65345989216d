package fields

import "github.com/quarrydev/quarry/internal/api"

// Invoices across Europe date themselves on their title line, after the
// number: "Rechnung Nr. 2024-001 vom 15.03.2024", "Facture n° 123 du
// 15/03/2024", "Fattura n. 12 del 15/03/2024", "Invoice No. 77 dated 15
// March 2024". With no date label on the page, that is the issue date,
// not the first date printed (often a delivery date or a stylesheet's).

// titleDate returns the date a connector word ("vom", "du", "del",
// "dated") introduces within a few words after an invoice-number label
// on the same segment.
func (e *extractor) titleDate(f *api.Field) (cand, bool) {
	for _, m := range e.findLabels(labelPhrases("invoice_number", "")) {
		s := &e.x.Segs[m.seg]
		texts := e.texts(s.Words)
		for i := m.end; i+1 < len(s.Words) && i <= m.end+titleDateGap; i++ {
			if e.cancelled() {
				return cand{}, false
			}
			if !dateConnectors[s.Toks[i]] {
				continue
			}
			if p, ok := parseAs(kDate, window(texts, i+1), e.loc, f, nil); ok {
				ws := s.Words[i+1 : i+1+p.n]
				return cand{p.value, ws, 0.7 * p.q * wordConf(e.x.L, ws)}, true
			}
		}
	}
	return cand{}, false
}

// titleDateGap is how many words after the number label the connector
// may stand: the number itself, and a code or two ("(380) Nr. 47110815").
const titleDateGap = 4

// dateConnectors introduce a document's date after its number.
var dateConnectors = setOf("vom", "du", "del", "dated", "van")
