package fields

// voteLexicon holds the words the vote takes for words of the language
// (knownWord): a reading's word one edit from one of them is likelier
// that word than the string most readings made of it. It pools the words
// Quarry already knows names and addresses by (addressLexicon,
// businessWords, the legal forms of three letters or more: shorter forms,
// "co", "sa", "ag", sit one letter from too many scraps) with the words
// business names are built from in English and Malay: joining words
// ("and", "dan") and the numbers one to ten ("ONE STOP", "FIVE STAR").
// A general dictionary was tried and is no use: it knows most short
// strings OCR makes ("cne", "ban", "hart"; docs/accuracy.md).
var voteLexicon = func() map[string]bool {
	m := map[string]bool{}
	for _, set := range []map[string]bool{addressLexicon, businessWords, nameParts} {
		for w := range set {
			m[w] = true
		}
	}
	for w := range companyForms {
		if len(w) >= 3 {
			m[w] = true
		}
	}
	return m
}()

// nameParts are the joining words and numbers business names are made of.
var nameParts = setOf(
	"and", "dan", "the", "of",
	"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
)
