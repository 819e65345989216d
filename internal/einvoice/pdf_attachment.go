package einvoice

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pdfcpu otherwise writes a configuration folder under the user's home on
// first use; an engine must not touch the file system.
var disablePDFConfig = sync.OnceFunc(api.DisableConfigDir)

// DisablePDFConfig turns pdfcpu's configuration folder off for every
// user of pdfcpu in the process. It is the one place that does: pdfcpu
// keeps the setting in a global, and a second sync.Once elsewhere would
// write it while this package's readers read it.
func DisablePDFConfig() { disablePDFConfig() }

// invoiceXMLNames are the attachment names the hybrid formats prescribe
// (Factur-X, ZUGFeRD 2.x, ZUGFeRD 1.0, XRechnung in ZUGFeRD); they are
// tried first, and any other XML attachment after them.
var invoiceXMLNames = []string{"factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml"}

// FromPDF finds the structured invoice attached to a hybrid PDF/A-3
// (Factur-X, ZUGFeRD, XRechnung-in-PDF), parses it, and returns it with the
// attached XML's bytes. A PDF with no e-invoice attached gives
// ErrNotInvoice. pdfcpu reads the PDF without validating it, since real
// hybrid invoices are often not quite conformant; the embedded-file name
// tree and the catalog's /AF array are walked here.
func FromPDF(r io.ReaderAt, size int64, limits Limits) (inv *Invoice, xml []byte, err error) {
	lim := limits.withDefaults()
	if size > lim.MaxBytes {
		return nil, nil, ErrTooLarge
	}
	defer func() {
		// pdfcpu is large and reads hostile bytes; no input may crash the caller.
		if p := recover(); p != nil {
			inv, xml, err = nil, nil, fmt.Errorf("%w: pdf: %v", ErrMalformed, p)
		}
	}()
	disablePDFConfig()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadContext(io.NewSectionReader(r, 0, size), conf)
	if err != nil {
		return fromPDFScan(r, size, lim, fmt.Errorf("%w: pdf: %v", ErrMalformed, err))
	}
	files := pdfEmbeddedFiles(ctx.XRefTable)
	// Prescribed names first, then any other XML, in document order.
	rank := func(name string) int {
		base := strings.ToLower(path.Base(name))
		for i, n := range invoiceXMLNames {
			if base == n {
				return i
			}
		}
		if strings.HasSuffix(base, ".xml") {
			return len(invoiceXMLNames)
		}
		return len(invoiceXMLNames) + 1
	}
	for pass := 0; pass <= len(invoiceXMLNames)+1; pass++ {
		for _, f := range files {
			if rank(f.name) != pass {
				continue
			}
			data, err := pdfFileData(ctx.XRefTable, f.stream, lim.MaxBytes)
			if err != nil {
				continue
			}
			// Detect stops at the root element, so the whole file costs no
			// more than its prolog; writers put long licence comments there.
			if _, ok := Detect(data); !ok {
				continue
			}
			inv, err := Parse(bytes.NewReader(data), lim)
			if err != nil {
				continue
			}
			if inv.Format == FormatCII {
				// A CII inside a PDF is Factur-X / ZUGFeRD 2 by definition.
				inv.Format = FormatFacturX
			}
			return inv, data, nil
		}
	}
	return fromPDFScan(r, size, lim, fmt.Errorf("%w: no invoice XML attached to the PDF", ErrNotInvoice))
}

// fromPDFScan is the fallback for PDFs pdfcpu cannot read or finds no
// invoice in: it looks at the raw streams (see scanPDFStreams). notFound
// is returned when that finds nothing either.
func fromPDFScan(r io.ReaderAt, size int64, lim Limits, notFound error) (*Invoice, []byte, error) {
	pdf, err := io.ReadAll(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: pdf: %v", ErrMalformed, err)
	}
	// Sniffing may inflate up to four times the file: enough for every
	// stream of a real PDF, not enough for a crafted one to cost more.
	data := scanPDFStreams(pdf, lim.MaxBytes, 4*size+scanHead)
	if data == nil {
		return nil, nil, notFound
	}
	inv, err := Parse(bytes.NewReader(data), lim)
	if err != nil {
		return nil, nil, notFound
	}
	if inv.Format == FormatCII {
		inv.Format = FormatFacturX
	}
	return inv, data, nil
}

type pdfFile struct {
	name   string
	stream types.Object // the /EF /F (or /UF) entry, an indirect stream
}

// pdfEmbeddedFiles lists the file specifications of the EmbeddedFiles name
// tree and of the catalog's /AF array (PDF/A-3 associated files; PDF 2.0
// writers may list the invoice only there). Broken entries are skipped.
func pdfEmbeddedFiles(xt *model.XRefTable) []pdfFile {
	var out []pdfFile
	seen := map[string]bool{}
	add := func(o types.Object) {
		d, err := xt.DereferenceDict(o)
		if err != nil || d == nil {
			return
		}
		ef, err := xt.DereferenceDict(d["EF"])
		if err != nil || ef == nil {
			return
		}
		st, ok := ef.Find("F")
		if !ok {
			if st, ok = ef.Find("UF"); !ok {
				return
			}
		}
		name := pdfText(xt, d["UF"])
		if name == "" {
			name = pdfText(xt, d["F"])
		}
		key := name + "\x00" + st.String()
		if seen[key] {
			return
		}
		seen[key] = true
		out = append(out, pdfFile{name: name, stream: st})
	}
	cat, err := xt.Catalog()
	if err != nil || cat == nil {
		return nil
	}
	if names, err := xt.DereferenceDict(cat["Names"]); err == nil && names != nil {
		walkNameTree(xt, names["EmbeddedFiles"], add, 0)
	}
	if af, err := xt.DereferenceArray(cat["AF"]); err == nil {
		for _, o := range af {
			add(o)
		}
	}
	return out
}

// walkNameTree visits a name tree's values; depth bounds hostile cycles.
func walkNameTree(xt *model.XRefTable, o types.Object, visit func(types.Object), depth int) {
	if o == nil || depth > 32 {
		return
	}
	d, err := xt.DereferenceDict(o)
	if err != nil || d == nil {
		return
	}
	if names, err := xt.DereferenceArray(d["Names"]); err == nil {
		for i := 1; i < len(names); i += 2 {
			visit(names[i])
		}
	}
	if kids, err := xt.DereferenceArray(d["Kids"]); err == nil {
		for _, k := range kids {
			walkNameTree(xt, k, visit, depth+1)
		}
	}
}

func pdfText(xt *model.XRefTable, o types.Object) string {
	if o == nil {
		return ""
	}
	o, err := xt.Dereference(o)
	if err != nil || o == nil {
		return ""
	}
	s, err := model.Text(o)
	if err != nil {
		return ""
	}
	return s
}

// pdfFileData decodes an embedded file stream, refusing to inflate past max
// so a compression bomb costs no more than the limit.
func pdfFileData(xt *model.XRefTable, o types.Object, max int64) ([]byte, error) {
	sd, _, err := xt.DereferenceStreamDict(o)
	if err != nil || sd == nil {
		return nil, fmt.Errorf("embedded file stream: %v", err)
	}
	if err := sd.DecodeWithLimit(max); err != nil {
		return nil, err
	}
	return sd.Content, nil
}
