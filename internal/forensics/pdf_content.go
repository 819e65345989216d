package forensics

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/quarrydev/quarry/internal/einvoice"
)

// Content streams are compressed and spread over objects, resources and
// form XObjects, so they are read through pdfcpu (tolerant mode: real
// PDFs are often slightly off), each stream decoded within the size limit.

// PageContent is one page as its content streams draw it.
type PageContent struct {
	Number int
	// Box is the visible area (CropBox, else MediaBox) in user space; the
	// layout's normalised boxes are relative to it.
	Box      Rect
	MediaBox Rect
	Rotate   int
	Runs     []TextRun
	Paints   []Paint
	// Truncated says the page had more operators than the limit allows.
	Truncated bool
}

// readPages interprets the first lim.MaxPages pages. A file pdfcpu cannot
// open gives an error; a page it cannot read is left out.
func readPages(ctx context.Context, data []byte, lim Limits) (pages []PageContent, err error) {
	defer func() {
		// pdfcpu is large and reads hostile bytes; no file may crash a run.
		if p := recover(); p != nil {
			pages, err = nil, fmt.Errorf("the PDF could not be read: %v", p)
		}
	}()
	einvoice.DisablePDFConfig()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	pctx, err := api.ReadContext(bytes.NewReader(data), conf)
	if err != nil {
		return nil, err
	}
	if err := pctx.EnsurePageCount(); err != nil {
		return nil, err
	}
	xt := pctx.XRefTable
	for n := 1; n <= min(xt.PageCount, lim.MaxPages); n++ {
		if ctx.Err() != nil {
			return pages, ctx.Err()
		}
		d, _, inh, err := xt.PageDict(n, false)
		if err != nil || d == nil || inh == nil || inh.MediaBox == nil {
			continue
		}
		pc := PageContent{Number: n, MediaBox: toRect(inh.MediaBox), Rotate: ((inh.Rotate % 360) + 360) % 360}
		pc.Box = pc.MediaBox
		if inh.CropBox != nil {
			pc.Box = pc.MediaBox.intersect(toRect(inh.CropBox))
		}
		content := pageContent(xt, d, lim.MaxStreamBytes)
		res := &pdfResources{xt: xt, dict: inh.Resources, limit: lim.MaxStreamBytes, fonts: map[string]fontInfo{}}
		in := newInterp(&pc, lim.MaxOperators)
		in.run(content, res)
		pc.Truncated = in.budget <= 0
		pages = append(pages, pc)
	}
	return pages, nil
}

func toRect(r *types.Rectangle) Rect {
	return Rect{r.LL.X, r.LL.Y, r.UR.X, r.UR.Y}
}

// pageContent joins a page's content streams, each decoded within limit.
func pageContent(xt *model.XRefTable, page types.Dict, limit int64) []byte {
	o, _ := page.Find("Contents")
	o, err := xt.Dereference(o)
	if err != nil || o == nil {
		return nil
	}
	var parts []types.Object
	switch v := o.(type) {
	case types.Array:
		parts = v
	default:
		parts = []types.Object{page["Contents"]}
	}
	var out []byte
	for _, p := range parts {
		sd, _, err := xt.DereferenceStreamDict(p)
		if err != nil || sd == nil {
			continue
		}
		if err := sd.DecodeWithLimit(limit); err != nil {
			continue
		}
		if int64(len(out)+len(sd.Content)) > limit {
			break
		}
		out = append(out, sd.Content...)
		out = append(out, '\n')
	}
	return out
}

// pdfResources resolves a resource dictionary's fonts and XObjects.
type pdfResources struct {
	xt    *model.XRefTable
	dict  types.Dict
	limit int64
	fonts map[string]fontInfo
}

func (r *pdfResources) sub(key string) types.Dict {
	if r.dict == nil {
		return nil
	}
	d, err := r.xt.DereferenceDict(r.dict[key])
	if err != nil {
		return nil
	}
	return d
}

func (r *pdfResources) font(name string) fontInfo {
	if f, ok := r.fonts[name]; ok {
		return f
	}
	f := fontInfo{name: name}
	if fonts := r.sub("Font"); fonts != nil {
		if fd, err := r.xt.DereferenceDict(fonts[name]); err == nil && fd != nil {
			if b := fd.NameEntry("BaseFont"); b != nil {
				f.name = stripSubset(*b)
			}
			if s := fd.Subtype(); s != nil && *s == "Type0" {
				f.twoByte = true
			}
		}
	}
	if len(r.fonts) < 1024 {
		r.fonts[name] = f
	}
	return f
}

// stripSubset removes the "ABCDEF+" tag a subsetted font's name carries,
// so one font embedded twice reads as one font.
func stripSubset(name string) string {
	if i := strings.IndexByte(name, '+'); i == 6 {
		return name[7:]
	}
	return name
}

func (r *pdfResources) xobject(name string) (image, masked bool, form *formXObject) {
	xs := r.sub("XObject")
	if xs == nil {
		return false, false, nil
	}
	sd, _, err := r.xt.DereferenceStreamDict(xs[name])
	if err != nil || sd == nil {
		return false, false, nil
	}
	switch sub := sd.Dict.Subtype(); {
	case sub != nil && *sub == "Image":
		_, sm := sd.Dict.Find("SMask")
		_, mk := sd.Dict.Find("Mask")
		return true, sm || mk, nil
	case sub != nil && *sub == "Form":
		if err := sd.DecodeWithLimit(r.limit); err != nil {
			return false, false, nil
		}
		f := &formXObject{content: sd.Content, matrix: identity, res: r}
		if m := sd.Dict.ArrayEntry("Matrix"); len(m) == 6 {
			for i, v := range m {
				if n, err := r.xt.DereferenceNumber(v); err == nil {
					f.matrix[i] = n
				}
			}
		}
		if d, err := r.xt.DereferenceDict(sd.Dict["Resources"]); err == nil && d != nil {
			f.res = &pdfResources{xt: r.xt, dict: d, limit: r.limit, fonts: map[string]fontInfo{}}
		}
		return false, false, f
	}
	return false, false, nil
}

func (r *pdfResources) translucent(name string) bool {
	gs := r.sub("ExtGState")
	if gs == nil {
		return false
	}
	d, err := r.xt.DereferenceDict(gs[name])
	if err != nil || d == nil {
		return false
	}
	if a, ok := d.Find("ca"); ok {
		if v, err := r.xt.DereferenceNumber(a); err == nil && v < 0.99 {
			return true
		}
	}
	if bm := d.NameEntry("BM"); bm != nil && *bm != "Normal" && *bm != "Compatible" {
		return true
	}
	_, smask := d.Find("SMask")
	if sm := d.NameEntry("SMask"); sm != nil && *sm == "None" {
		smask = false
	}
	return smask
}
