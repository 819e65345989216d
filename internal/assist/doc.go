// Package assist is what a language model adds to deterministic
// extraction: it asks the model only for the fields the rules left empty,
// unsure or invalid, and accepts an answer only when it can be found in
// the document's own words (the grounding gate). A value the model makes
// up keeps a box marked as the model's and a note saying so; it never
// replaces a value Quarry found on the page.
package assist
