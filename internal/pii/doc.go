// Package pii finds personal data in text, scores each finding, and masks
// it.
//
// # Catalogue
//
// Each type is a detector registered under the stable id "pii.<name>" from
// the file of its jurisdiction family (detect_tr.go, detect_eu_fr.go,
// detect_us.go, detect_apac.go...); a duplicate name panics at start.
// Types lists the catalogue: name, jurisdiction (tr, eu, us, global, or a
// lower-case ISO country code such as sg, au, in, kr), ISO country, a
// description, an example, whether a checksum backs it and the check it
// runs. UK types are filed under "eu", as in the reference catalogue.
// docs/pii.md holds the catalogue table, generated from Types.
//
// # One pass
//
// A single scanner (scan.go) walks the text once. ASCII tokens holding a
// digit, or short upper-case groups, are chained into runs across short
// separators (space, '.', '-', '/', parentheses, no-break space). Each
// contiguous token range of a run is offered only to the detectors
// registered for its compact length (separators removed) and character
// class. Letter words are folded (lower case, accents removed, ß -> ss)
// and looked up once in one label map; '@', ':' and '<' start the e-mail,
// IPv6 and MRZ parsers; label words start the anchored parsers for names,
// addresses, BIC codes and written-out birth dates.
//
// # Scores
//
// A detector's base score reflects how much its shape and checksum prove
// on their own: 0.8-0.95 for strong checks (IBAN mod 97, TCKN, NIR key,
// codice fiscale, MRZ, wallet checksums), 0.4-0.6 for weak ones (a single
// mod-10/mod-11 digit on a bare 9-10 digit number), 0.2-0.35 for shapes
// without a check (KvK, CIE, passport numbers, SGK numbers, national-format
// phones). The labels standing up to 48 bytes before a candidate, and
// after the previous number, change it:
//
//   - a label that names the type lifts the score to 0.75 + 0.25*base (a
//     label naming exactly one type, "VKN", beats a generic one, "tax
//     number", for every other type);
//   - a business-number label (invoice, order, reference, amount, total...
//     in the five languages) lowers it by 0.4;
//   - a label or locale in the type's country language adds 0.03, which
//     breaks ties between countries whose formats overlap.
//
// Findings below Options.MinScore (default 0.5) are dropped, so weak and
// shape-only types need their label. A value that fails its checksum is
// never reported, whatever the label says. Overlapping findings resolve to
// the longest, then the highest score. When a country type is filtered out
// the generic type still reports the value (iban for iban_tr/iban_intl,
// phone_intl for phone_xx written with +CC).
//
// # Filters and locale
//
// Options.Jurisdictions and Options.Types restrict the catalogue. The
// locale gates by jurisdiction: "", "all" and "und" enable every detector;
// tr enables tr+global; de, fr, it, nl, es, pl, pt, sv, da, fi (and the
// regions at, be, gb, uk) enable eu+global (de, fr, it add ch; pt adds br);
// en enables eu, us and the English-speaking countries; a region narrows
// to its country (en-GB to eu, en-US to us, en-IN to in); ko, th, hi, zh
// and nb enable their country; an unknown language gates nothing (see
// jurisdictions.go).
//
// # Offsets
//
// Finding offsets are bytes into the text. The wire types (WireFinding,
// DetectResponse, Stream output) carry Unicode code point offsets.
package pii
