// Package redact removes personal data from documents instead of covering
// it. A PDF's pages are rasterised, an image is taken as it is; the boxes
// of the chosen findings (and of chosen fields) are painted opaque in the
// pixels, and the output is rebuilt as a new PDF holding only those
// images plus an invisible text layer written from the masked text, word
// by word at the words' positions. Nothing of the original file is copied
// across, so no live text, annotation, form value or metadata survives
// under or beside a box. Plain-text formats are answered as masked text.
package redact
