package forensics

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// A PDF is edited in place by appending: each save adds the objects it
// changed, a new cross-reference section and a new %%EOF after the old
// ones, and leaves the earlier bytes untouched. Every %%EOF therefore
// closes one revision, and the objects defined between two of them are
// what that save wrote. A linearized file is the exception: its first
// page has its own cross-reference section and %%EOF at the start, which
// is part of the first revision, not an edit.

// revision is one save of the file.
type revision struct {
	Index      int // 1-based
	Start, End int // byte range [Start, End), End just past %%EOF and its end of line
	Objects    []pdfObject
	// NoEOF marks bytes appended after the last %%EOF without one of
	// their own: a truncated or hand-made update.
	NoEOF bool
	// Changes are the objects this revision wrote; HasDSS says one of them
	// is (or points to) a document security store.
	Changes []objectChange
	HasDSS  bool
}

// objectChange is one object an update wrote.
type objectChange struct {
	Num      int
	Kind     string // objectKind
	Replaced bool   // the number was defined by an earlier revision
	Offset   int
}

var eofMarker = []byte("%%EOF")

// findRevisions splits the file at its %%EOF markers.
func findRevisions(data []byte, lim Limits) []revision {
	var ends []int
	for off := 0; off < len(data); {
		i := bytes.Index(data[off:], eofMarker)
		if i < 0 {
			break
		}
		e := off + i + len(eofMarker)
		for k := 0; k < 2 && e < len(data) && (data[e] == '\r' || data[e] == '\n'); k++ {
			e++
		}
		ends = append(ends, e)
		off = e
	}
	if len(ends) == 0 {
		return nil
	}
	if tail := bytes.TrimSpace(data[ends[len(ends)-1]:]); len(tail) > 0 {
		ends = append(ends, len(data))
	}
	var revs []revision
	start := 0
	for i, e := range ends {
		seg := data[start:e]
		// A marker with nothing before it but whitespace or a comment
		// (some writers repeat %%EOF) is not a save of its own.
		if len(revs) > 0 && !bytes.Contains(seg, []byte("startxref")) && !objHeader.Match(seg) {
			revs[len(revs)-1].End = e
			start = e
			continue
		}
		revs = append(revs, revision{Index: len(revs) + 1, Start: start, End: e,
			NoEOF: i == len(ends)-1 && !bytes.Contains(seg, eofMarker)})
		start = e
	}
	if len(revs) > 1 && isLinearized(data) {
		revs[1].Start = 0
		revs = revs[1:]
		for i := range revs {
			revs[i].Index = i + 1
		}
	}
	// Object streams are decoded within one budget for the whole file.
	budget := 4 * lim.MaxStreamBytes
	seen := map[int]bool{}
	for i := range revs {
		revs[i].Objects = objectsIn(data, revs[i].Start, revs[i].End)
		revs[i].Objects = append(revs[i].Objects, compressedObjects(data, revs[i].Objects, lim, &budget)...)
		revs[i].Changes, revs[i].HasDSS = changesOf(revs[i].Objects, seen)
	}
	return revs
}

// isLinearized reports whether the file's first object is a
// linearization dictionary.
func isLinearized(data []byte) bool {
	head := data[:min(len(data), 2048)]
	objs := objectsIn(head, 0, len(head))
	return len(objs) > 0 && keyAt(objs[0].Dict, "Linearized") >= 0
}

// compressedObjects reads the objects packed into the object streams
// among objs, so an update written with compressed objects still shows
// what it changed. Streams that are not flate-compressed or exceed the
// limit are left out.
func compressedObjects(data []byte, objs []pdfObject, lim Limits, budget *int64) []pdfObject {
	var out []pdfObject
	for _, o := range objs {
		if !o.IsStream || nameValue(o.Dict, "Type") != "ObjStm" || *budget <= 0 {
			continue
		}
		body, err := streamData(data, o, min(lim.MaxStreamBytes, *budget))
		*budget -= int64(len(body))
		if err != nil || len(out) >= maxObjects {
			continue
		}
		n, _ := strconv.Atoi(intAfter(o.Dict, "N"))
		first, _ := strconv.Atoi(intAfter(o.Dict, "First"))
		if n <= 0 || first <= 0 || first > len(body) {
			continue
		}
		fields := strings.Fields(string(body[:first]))
		type entry struct{ num, off int }
		var entries []entry
		for i := 0; i+1 < len(fields) && len(entries) < n; i += 2 {
			num, err1 := strconv.Atoi(fields[i])
			off, err2 := strconv.Atoi(fields[i+1])
			if err1 != nil || err2 != nil || off < 0 || first+off > len(body) {
				break
			}
			entries = append(entries, entry{num, first + off})
		}
		for i, e := range entries {
			end := len(body)
			if i+1 < len(entries) && entries[i+1].off >= e.off {
				end = entries[i+1].off
			}
			out = append(out, pdfObject{Num: e.num, Offset: o.Offset, Dict: body[e.off:end]})
		}
	}
	return out
}

var intPattern = regexp.MustCompile(`^-?\d{1,12}`)

// intAfter returns the integer text after /key, or "".
func intAfter(dict []byte, key string) string {
	i := keyAt(dict, key)
	if i < 0 {
		return ""
	}
	return string(intPattern.Find(dict[skipSpace(dict, i):]))
}

// streamData returns a stream's decoded bytes, for unfiltered and
// flate-compressed streams, at most limit bytes.
func streamData(data []byte, o pdfObject, limit int64) ([]byte, error) {
	if !o.IsStream || o.StreamStart <= 0 || o.StreamStart > len(data) {
		return nil, fmt.Errorf("object %d is not a stream", o.Num)
	}
	raw := data[o.StreamStart:]
	if n, err := strconv.Atoi(intAfter(o.Dict, "Length")); err == nil && refValue(o.Dict, "Length") < 0 && n >= 0 && n <= len(raw) {
		raw = raw[:n]
	} else if i := bytes.Index(raw[:min(len(raw), int(limit))], []byte("endstream")); i >= 0 {
		raw = raw[:i]
	}
	switch f := nameValue(o.Dict, "Filter"); f {
	case "":
		return raw[:min(len(raw), int(limit))], nil
	case "FlateDecode", "Fl":
		zr, err := zlib.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, err
		}
		out, err := io.ReadAll(io.LimitReader(zr, limit))
		if err != nil && len(out) == 0 {
			return nil, err
		}
		return out, nil
	default:
		return nil, fmt.Errorf("filter %s is not read", f)
	}
}

// objectKind names what an object is, from its dictionary, in words an
// evidence line can use.
func objectKind(o pdfObject) string {
	d := o.Dict
	typ, sub := nameValue(d, "Type"), nameValue(d, "Subtype")
	switch {
	case typ == "Sig" || typ == "DocTimeStamp":
		return "signature"
	case typ == "Catalog":
		return "catalog"
	case typ == "Page":
		return "page"
	case typ == "Pages":
		return "page tree"
	case typ == "XRef":
		return "xref stream"
	case typ == "ObjStm":
		return "object stream"
	case typ == "Metadata":
		return "XMP metadata"
	case nameValue(d, "FT") == "Sig":
		return "signature field"
	case typ == "Annot" || sub == "Widget" || sub == "Link" || sub == "FreeText" || sub == "Stamp" || sub == "Square" || sub == "Text":
		return "annotation"
	case keyAt(d, "FT") >= 0:
		return "form field"
	case keyAt(d, "Fields") >= 0:
		return "form (AcroForm)"
	case typ == "Font" || typ == "FontDescriptor":
		return "font"
	case sub == "Image":
		return "image"
	case sub == "Form":
		return "form XObject"
	case keyAt(d, "VRI") >= 0 || keyAt(d, "OCSPs") >= 0 || keyAt(d, "CRLs") >= 0 || keyAt(d, "Certs") >= 0:
		return "validation data (DSS)"
	case keyAt(d, "Producer") >= 0 || keyAt(d, "ModDate") >= 0 || keyAt(d, "CreationDate") >= 0:
		return "document info"
	case o.IsStream:
		return "stream"
	}
	return "object"
}

// Change classes, from harmless to telling.
const (
	changeValidation = iota // signatures, timestamps, validation data
	changeMetadata          // info, XMP, catalog, form fields filled
	changeContent           // pages, content streams, images, fonts, annotations
)

// changeClass says how much an object's rewrite can alter what a reader
// sees. A bare stream counts as validation data only in an update that
// also writes a DSS, where certificates and OCSP answers are streams.
func changeClass(kind string, updateHasDSS bool) int {
	switch kind {
	case "signature", "signature field", "xref stream", "object stream", "validation data (DSS)":
		return changeValidation
	case "stream":
		if updateHasDSS {
			return changeValidation
		}
		return changeContent
	case "document info", "XMP metadata", "catalog", "form (AcroForm)", "form field", "object":
		return changeMetadata
	}
	return changeContent
}

// changesOf lists what a revision wrote, marking the objects whose
// numbers an earlier revision had defined (seen, which it then updates).
func changesOf(objs []pdfObject, seen map[int]bool) (changes []objectChange, hasDSS bool) {
	dup := map[int]bool{}
	for _, o := range objs {
		if dup[o.Num] {
			continue
		}
		dup[o.Num] = true
		k := objectKind(o)
		if k == "validation data (DSS)" || keyAt(o.Dict, "DSS") >= 0 {
			hasDSS = true
		}
		changes = append(changes, objectChange{Num: o.Num, Kind: k, Replaced: seen[o.Num], Offset: o.Offset})
	}
	for n := range dup {
		seen[n] = true
	}
	sort.SliceStable(changes, func(i, j int) bool { return changes[i].Num < changes[j].Num })
	return changes, hasDSS
}

// maxRevisionsShown bounds the revisions one piece of evidence describes
// (all of them still count towards the verdict).
const maxRevisionsShown = 20

// worstClass is the most telling class among changes.
func worstClass(changes []objectChange, hasDSS bool) int {
	w := changeValidation
	for _, c := range changes {
		w = max(w, changeClass(c.Kind, hasDSS))
	}
	return w
}

// describeChanges writes "replaced 4 (page), 5 (stream); added 9 (font)",
// listing at most limit objects of each sort.
func describeChanges(changes []objectChange, limit int) string {
	var replaced, added []string
	for _, c := range changes {
		s := fmt.Sprintf("%d (%s)", c.Num, c.Kind)
		if c.Replaced {
			replaced = append(replaced, s)
		} else {
			added = append(added, s)
		}
	}
	list := func(verb string, xs []string) string {
		if len(xs) == 0 {
			return ""
		}
		more := ""
		if len(xs) > limit {
			more = fmt.Sprintf(" and %d more", len(xs)-limit)
			xs = xs[:limit]
		}
		return verb + " object " + strings.Join(xs, ", ") + more
	}
	parts := []string{}
	for _, p := range []string{list("replaced", replaced), list("added", added)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return "wrote no object"
	}
	return strings.Join(parts, "; ")
}

// revisionsCheck reports the incremental updates of an unsigned PDF (a
// signed one is judged by the signature checks, which know what the
// signer saw).
func revisionsCheck(data []byte, revs []revision, lim Limits) Check {
	c := Check{Name: "incremental_updates",
		Description: "Whether the PDF was saved again after it was first written, and what each later save changed."}
	if len(revs) <= 1 {
		c.Status = Pass
		c.Evidence = "1 revision (one %%EOF section)."
		c.Reasoning = "The file was written once; no later save appended changes to it."
		return c
	}
	worst := changeValidation
	var ev []string
	ev = append(ev, fmt.Sprintf("%d revisions; the first ends at byte %d.", len(revs), revs[0].End))
	for i := 1; i < len(revs); i++ {
		changes := revs[i].Changes
		worst = max(worst, worstClass(changes, revs[i].HasDSS))
		if i > maxRevisionsShown {
			continue
		}
		ev = append(ev, fmt.Sprintf("Revision %d (bytes %d-%d) %s.", revs[i].Index, revs[i].Start, revs[i].End, describeChanges(changes, lim.MaxObjectsShown))+
			textChanges(data, revs, i, changes, lim))
		if prodChange := producerChange(revs, i); prodChange != "" && i <= maxRevisionsShown {
			ev = append(ev, prodChange)
		}
	}
	if len(revs)-1 > maxRevisionsShown {
		ev = append(ev, fmt.Sprintf("%d more revisions not described.", len(revs)-1-maxRevisionsShown))
	}
	c.Evidence = strings.Join(ev, " ")
	if worst == changeContent {
		c.Status = Uncertain
		c.Reasoning = "A later save rewrote or added page content (pages, content streams, images, fonts or annotations). " +
			"Filling and annotating documents does this too, but so does editing a finished document; compare the revisions before trusting the content."
	} else {
		c.Status = Pass
		c.Reasoning = "Later saves touched only metadata, form state or signature data, not what the pages show."
	}
	return c
}

// producerChange says when a later save names another producing program
// than the save before it, a common trace of an editing tool.
func producerChange(revs []revision, i int) string {
	before, after := "", ""
	for _, r := range revs[:i] {
		if p := producerIn(r); p != "" {
			before = p
		}
	}
	after = producerIn(revs[i])
	if before == "" || after == "" || sameProgram(before, after) {
		return ""
	}
	return fmt.Sprintf("Its document info names producer %q where the earlier revision named %q.", after, before)
}

func producerIn(r revision) string {
	p := ""
	for _, o := range r.Objects {
		if s, ok := stringValue(o.Dict, "Producer"); ok && s != "" {
			p = s
		}
	}
	return p
}
