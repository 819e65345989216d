package ingest

import (
	"encoding/binary"

	"github.com/quarrydev/quarry/internal/problem"
)

// checkTIFFPages walks every IFD (page) of a TIFF and refuses the file when
// any page is too large or there are too many pages. Go's decoder only looks
// at the first page, but Tesseract reads them all.
func checkTIFFPages(env *Env, name string, t []byte) error {
	if len(t) < 8 {
		return problem.New(problem.ImageConversionFailed, "%q is a truncated TIFF.", name)
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return problem.New(problem.ImageConversionFailed, "%q is not a TIFF.", name)
	}
	if bo.Uint16(t[2:]) != 42 {
		return nil // BigTIFF: let the decoder judge it
	}
	off := int(bo.Uint32(t[4:]))
	seen := map[int]bool{}
	pages := 0
	for off != 0 {
		if seen[off] || off < 8 || off+2 > len(t) {
			break // a loop or a bad pointer ends the walk; Tesseract stops there too
		}
		seen[off] = true
		pages++
		if lim := env.Limits.MaxPages; lim > 0 && pages > lim {
			return problem.New(problem.LimitExceeded, "%q has more than %d pages, the page limit (QUARRY_MAX_PAGES).", name, lim).
				With("filename", name).With("limit", "max_pages")
		}
		n := int(bo.Uint16(t[off:]))
		var w, h int
		for k := 0; k < n; k++ {
			e := off + 2 + 12*k
			if e+12 > len(t) {
				break
			}
			tag, typ := bo.Uint16(t[e:]), bo.Uint16(t[e+2:])
			var v int
			if typ == 3 { // SHORT
				v = int(bo.Uint16(t[e+8:]))
			} else {
				v = int(bo.Uint32(t[e+8:]))
			}
			switch tag {
			case 256:
				w = v
			case 257:
				h = v
			}
		}
		if err := checkPixels(env, name, max(w, 1), max(h, 1)); err != nil {
			return err
		}
		next := off + 2 + 12*n
		if next+4 > len(t) {
			break
		}
		off = int(bo.Uint32(t[next:]))
	}
	return nil
}
