package ingest

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"unicode"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/einvoice"
)

// Poppler reads filled text fields as words where their widgets sit, but
// check boxes and radio buttons have no text: their state lives only in
// the AcroForm. This file reads that state with pdfcpu and writes it into
// the layout as words at the widgets, so that a label beside a box finds
// its answer like any other value.

// Bounds on what a form may cost: hostile files can nest /Kids deeply or
// list millions of fields, and the text layer must not wait on them.
const (
	maxFormDepth   = 32
	maxFormFields  = 10000
	formFlagRadio  = 1 << 15 // field flag bit 16
	formFlagButton = 1 << 16 // bit 17: a push button, which has no state
)

// formWidget is one check box or radio button widget with the text its
// state reads as.
type formWidget struct {
	page  int             // 1-based
	rect  types.Rectangle // in PDF user space (points, y up)
	text  string          // "Yes", "No" or the chosen radio option
	label string          // the field's human name, for when none is printed
}

// addPDFFormButtons returns layout with the state of the PDF's check boxes
// and radio groups added as words at their widgets. A PDF without a form,
// or one whose form cannot be read, gives layout back unchanged: forms are
// a bonus on top of the text layer, never a reason to fail the read.
func addPDFFormButtons(data []byte, layout *doc.Layout) (out *doc.Layout) {
	if layout == nil || !bytes.Contains(data, []byte("/AcroForm")) {
		return layout
	}
	for _, p := range layout.Pages {
		if len(p.Tables) > 0 {
			// Rebuilding drops tables; the PDF reader makes none today, and
			// a reader that starts to must teach this file to copy them.
			return layout
		}
	}
	defer func() {
		// pdfcpu is large and reads hostile bytes; no form may crash a read.
		if recover() != nil {
			out = layout
		}
	}()
	ctx, err := readPDFForm(data)
	if err != nil {
		return layout
	}
	widgets, err := pdfFormButtons(ctx.XRefTable, len(layout.Pages))
	if err != nil || len(widgets) == 0 {
		return layout
	}
	return withFormWords(layout, ctx.XRefTable, widgets)
}

func readPDFForm(data []byte) (*model.Context, error) {
	// pdfcpu otherwise writes a configuration folder under the user's
	// home on first use; a reader must not touch the file system.
	einvoice.DisablePDFConfig()
	conf := model.NewDefaultConfiguration()
	// Real forms are rarely conformant; only their fields matter here.
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadContext(bytes.NewReader(data), conf)
	if err != nil {
		return nil, err
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return nil, err
	}
	return ctx, nil
}

// formPages maps the object numbers of page dicts and of the annotations
// they list to 1-based page numbers: a widget's /P is optional, and the
// page whose /Annots holds it is then the one it sits on.
type formPages struct {
	byPage, byAnnot map[int]int
}

func pdfFormPages(xt *model.XRefTable, pages int) formPages {
	fp := formPages{byPage: map[int]int{}, byAnnot: map[int]int{}}
	for n := 1; n <= min(xt.PageCount, pages); n++ {
		d, ref, _, err := xt.PageDict(n, false)
		if err != nil || ref == nil {
			continue
		}
		fp.byPage[ref.ObjectNumber.Value()] = n
		annots, err := xt.DereferenceArray(d["Annots"])
		if err != nil {
			continue
		}
		for _, a := range annots {
			if r, ok := a.(types.IndirectRef); ok {
				fp.byAnnot[r.ObjectNumber.Value()] = n
			}
		}
	}
	return fp
}

// formField carries the attributes a field inherits from its ancestors.
type formField struct {
	ft, name, label string
	v               types.Object
	flags           int
	opt             types.Array
}

// pdfFormButtons walks the AcroForm's field tree and returns a widget for
// every check box and for the chosen button of every radio group.
// Pages after the first pages are not looked at: the layout has none.
func pdfFormButtons(xt *model.XRefTable, pages int) ([]formWidget, error) {
	cat, err := xt.Catalog()
	if err != nil {
		return nil, err
	}
	form, err := xt.DereferenceDict(cat["AcroForm"])
	if err != nil || form == nil {
		return nil, errors.New("no AcroForm dictionary")
	}
	fields, err := xt.DereferenceArray(form["Fields"])
	if err != nil {
		return nil, err
	}
	w := &formWalker{xt: xt, pages: pdfFormPages(xt, pages), seen: map[int]bool{}}
	for _, f := range fields {
		w.walk(f, formField{}, 0)
	}
	return w.out, nil
}

type formWalker struct {
	xt    *model.XRefTable
	pages formPages
	seen  map[int]bool // object numbers visited, against cycles
	count int
	out   []formWidget
}

// walk visits one node of the field tree. A node whose kids have no /T
// is a terminal field and its kids are its widgets; a node with no kids
// is a field merged with its only widget.
func (w *formWalker) walk(o types.Object, parent formField, depth int) {
	if depth > maxFormDepth || w.count > maxFormFields {
		return
	}
	if r, ok := o.(types.IndirectRef); ok {
		if w.seen[r.ObjectNumber.Value()] {
			return
		}
		w.seen[r.ObjectNumber.Value()] = true
	}
	d, err := w.xt.DereferenceDict(o)
	if err != nil || d == nil {
		return
	}
	w.count++
	f := parent
	if n, err := w.xt.DereferenceName(d["FT"], model.V10, nil); err == nil && n != "" {
		f.ft = n.Value()
	}
	if v, ok := d.Find("V"); ok {
		f.v = v
	}
	if i, err := w.xt.DereferenceInteger(d["Ff"]); err == nil && i != nil {
		f.flags = i.Value()
	}
	if opt, err := w.xt.DereferenceArray(d["Opt"]); err == nil && opt != nil {
		f.opt = opt
	}
	if t := w.text(d["T"]); t != "" {
		if f.name != "" {
			f.name += "."
		}
		f.name += t
		f.label = "" // a parent's /TU names the parent, not this field
	}
	if tu := w.text(d["TU"]); tu != "" {
		f.label = tu
	}
	kids, _ := w.xt.DereferenceArray(d["Kids"])
	var widgets []types.Dict
	var refs []int
	for _, k := range kids {
		kd, err := w.xt.DereferenceDict(k)
		if err != nil || kd == nil {
			continue
		}
		if _, isField := kd.Find("T"); isField {
			w.walk(k, f, depth+1)
			continue
		}
		widgets = append(widgets, kd)
		refs = append(refs, objNr(k))
	}
	if len(kids) == 0 {
		widgets, refs = []types.Dict{d}, []int{objNr(o)}
	}
	if f.ft != "Btn" || f.flags&formFlagButton != 0 || len(widgets) == 0 {
		return
	}
	w.button(f, widgets, refs)
}

func objNr(o types.Object) int {
	if r, ok := o.(types.IndirectRef); ok {
		return r.ObjectNumber.Value()
	}
	return 0
}

// text reads a string entry (literal or hex, in PDFDocEncoding or UTF-16).
func (w *formWalker) text(o types.Object) string {
	if o == nil {
		return ""
	}
	s, err := w.xt.DereferenceStringOrHexLiteral(o, model.V10, nil)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(s)
}

// name reads a name object, or "" when o is not one.
func (w *formWalker) name(o types.Object) string {
	if o == nil {
		return ""
	}
	n, err := w.xt.DereferenceName(o, model.V10, nil)
	if err != nil {
		return ""
	}
	return n.Value()
}

// onName is the widget's "on" appearance state: the key of its /AP /N
// other than /Off, or failing that a current /AS other than /Off.
func (w *formWalker) onName(wd types.Dict) string {
	if ap, err := w.xt.DereferenceDict(wd["AP"]); err == nil && ap != nil {
		if n, err := w.xt.DereferenceDict(ap["N"]); err == nil {
			// The smallest name, should there be several: map order must
			// not change the answer from one read to the next.
			on := ""
			for k := range n {
				if k != "Off" && (on == "" || k < on) {
					on = k
				}
			}
			if on != "" {
				return on
			}
		}
	}
	if as := w.name(wd["AS"]); as != "Off" {
		return as
	}
	return ""
}

// button records the widgets of one check box or radio group field.
func (w *formWalker) button(f formField, widgets []types.Dict, refs []int) {
	value := w.name(f.v) // "" when absent: the widgets' /AS then decide
	label := f.label
	if label == "" {
		// The last part of the partial name is the field's own.
		label = f.name[strings.LastIndexByte(f.name, '.')+1:]
	}
	for i, wd := range widgets {
		on, as := w.onName(wd), w.name(wd["AS"])
		// The field's /V wins: writers update it and not always /AS.
		checked := as != "" && as != "Off"
		if value != "" {
			// A check box widget that names no on state is the field's only
			// one; a radio button without one cannot be told chosen.
			checked = value != "Off" && (on == value || (on == "" && f.flags&formFlagRadio == 0))
		}
		var text string
		switch {
		case f.flags&formFlagRadio == 0:
			text = "No"
			if checked {
				text = "Yes"
			}
		case !checked:
			continue // only the chosen button of a radio group says anything
		default:
			text = w.exportName(f, i, on, value, as)
		}
		if text == "" {
			continue
		}
		rect, ok := w.rect(wd)
		if !ok {
			continue
		}
		page := w.page(wd, refs[i])
		if page == 0 {
			continue
		}
		w.out = append(w.out, formWidget{page: page, rect: rect, text: text, label: label})
	}
}

// exportName is the chosen radio option's name: /Opt's entry for the
// widget when the field has one (names there are then indices), else the
// state's name.
func (w *formWalker) exportName(f formField, i int, on, value, as string) string {
	name := value
	if name == "" || name == "Off" {
		name = on
	}
	if name == "" {
		name = as
	}
	if f.opt != nil {
		idx := i
		if n, err := strconv.Atoi(name); err == nil {
			idx = n
		}
		if idx >= 0 && idx < len(f.opt) {
			if s := w.text(f.opt[idx]); s != "" {
				return s
			}
		}
	}
	return name
}

func (w *formWalker) rect(wd types.Dict) (types.Rectangle, bool) {
	a, err := w.xt.DereferenceArray(wd["Rect"])
	if err != nil || len(a) != 4 {
		return types.Rectangle{}, false
	}
	var v [4]float64
	for i, o := range a {
		if v[i], err = w.xt.DereferenceNumber(o); err != nil {
			return types.Rectangle{}, false
		}
	}
	// Writers store either corner first.
	r := types.Rectangle{
		LL: types.Point{X: min(v[0], v[2]), Y: min(v[1], v[3])},
		UR: types.Point{X: max(v[0], v[2]), Y: max(v[1], v[3])},
	}
	if r.Width() <= 0 || r.Height() <= 0 {
		return types.Rectangle{}, false
	}
	return r, true
}

// page finds the widget's page: its /P when that is a known page, else
// the page whose /Annots lists it.
func (w *formWalker) page(wd types.Dict, ref int) int {
	if p, ok := wd["P"].(types.IndirectRef); ok {
		if n := w.pages.byPage[p.ObjectNumber.Value()]; n > 0 {
			return n
		}
	}
	return w.pages.byAnnot[ref]
}

// withFormWords rebuilds layout page by page: each page's lines are
// copied as they were, so existing words keep their order and offsets
// within the page, and the page's form words follow as lines of their own.
func withFormWords(layout *doc.Layout, xt *model.XRefTable, widgets []formWidget) *doc.Layout {
	byPage := map[int][][]doc.Word{}
	for _, fw := range widgets {
		if fw.page > len(layout.Pages) || layout.Pages[fw.page-1].Rotation != 0 {
			continue // past the pages read (the page limit), or turned upright by OCR
		}
		if line := formLine(layout, xt, fw); line != nil {
			byPage[fw.page] = append(byPage[fw.page], line)
		}
	}
	if len(byPage) == 0 {
		return layout
	}
	b := doc.NewBuilder()
	b.Grow(len(layout.Words)+4*len(widgets), len(layout.Text)+32*len(widgets))
	for i := range layout.Pages {
		p := layout.Pages[i]
		b.StartPage(doc.Page{Width: p.Width, Height: p.Height, Rotation: p.Rotation, Source: p.Source})
		for _, ln := range p.Lines {
			b.AddLine(layout.Words[ln.FirstWord:ln.EndWord])
		}
		for _, line := range byPage[p.Number] {
			b.AddLine(line)
		}
		b.EndPage()
	}
	return b.Layout()
}

// formLine is the words one widget adds to its page: its state at its
// box, after the field's label just left of it when no word is printed
// there. nil when the page's geometry cannot place it.
func formLine(layout *doc.Layout, xt *model.XRefTable, fw formWidget) []doc.Word {
	_, _, inh, err := xt.PageDict(fw.page, false)
	if err != nil || inh == nil || inh.Rotate%360 != 0 {
		// pdftotext turns a rotated page's coordinates; placing a widget
		// there is not worth a guess.
		return nil
	}
	vis := inh.CropBox
	if vis == nil {
		vis = inh.MediaBox
	}
	if vis == nil || vis.Width() <= 0 || vis.Height() <= 0 {
		return nil
	}
	// pdftotext measures from the visible box's top-left corner.
	norm := func(x0, y0, x1, y1 float64) doc.Box {
		return doc.Normalize(x0-vis.LL.X, vis.UR.Y-y1, x1-vis.LL.X, vis.UR.Y-y0, vis.Width(), vis.Height())
	}
	r := fw.rect
	box := norm(r.LL.X, r.LL.Y, r.UR.X, r.UR.Y)
	if box.Area() == 0 {
		return nil // off the visible page
	}
	var line []doc.Word
	if !labelPrinted(layout.PageWords(fw.page), box) {
		line = labelWords(fw.label, r, norm)
	}
	for _, part := range strings.Fields(fw.text) {
		line = append(line, doc.Word{Text: part, Box: box, Conf: 1})
	}
	return line
}

// labelPrinted reports whether some word sits on the widget's line to its
// left, close enough to be the label a reader would take for it.
func labelPrinted(words []doc.Word, box doc.Box) bool {
	const reach = 0.3 // of the page width: labels sit near their boxes
	for _, w := range words {
		if w.Box.X1 > box.X0+0.002 || w.Box.X1 < box.X0-reach {
			continue
		}
		if w.Box.Y0 < box.Y1 && w.Box.Y1 > box.Y0 {
			return true
		}
	}
	return false
}

// labelWords places the field's label words just left of the widget, in
// the widget's height, each as wide as its letters at half the height.
func labelWords(label string, r types.Rectangle, norm func(x0, y0, x1, y1 float64) doc.Box) []doc.Word {
	parts := strings.FieldsFunc(label, unicode.IsSpace)
	if len(parts) == 0 {
		return nil
	}
	if last := &parts[len(parts)-1]; !strings.HasSuffix(*last, ":") {
		*last += ":" // a label reads as one, as printed ones do
	}
	char := r.Height() / 2
	width := 0.0
	for i, p := range parts {
		width += float64(len([]rune(p))) * char
		if i > 0 {
			width += char // the space between words
		}
	}
	x := r.LL.X - char - width
	var out []doc.Word
	for _, p := range parts {
		w := float64(len([]rune(p))) * char
		out = append(out, doc.Word{Text: p, Box: norm(x, r.LL.Y, x+w, r.UR.Y), Conf: 1})
		x += w + char
	}
	return out
}
