package ingest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/draw"
	"image/png"
)

// toGray converts any image to 8-bit grey: OCR needs no colour and grey
// takes a quarter of the memory of RGBA.
func toGray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok && g.Bounds().Min == (image.Point{}) {
		return g
	}
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(g, g.Bounds(), img, b.Min, draw.Src)
	return g
}

// rotateGray turns src clockwise by 90, 180 or 270 degrees.
func rotateGray(src *image.Gray, deg int) *image.Gray {
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	var dst *image.Gray
	switch ((deg % 360) + 360) % 360 {
	case 90:
		dst = image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			row := src.Pix[y*src.Stride : y*src.Stride+w]
			for x, v := range row {
				dst.Pix[x*dst.Stride+(h-1-y)] = v
			}
		}
	case 180:
		dst = image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			row := src.Pix[y*src.Stride : y*src.Stride+w]
			for x, v := range row {
				dst.Pix[(h-1-y)*dst.Stride+(w-1-x)] = v
			}
		}
	case 270:
		dst = image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			row := src.Pix[y*src.Stride : y*src.Stride+w]
			for x, v := range row {
				dst.Pix[(w-1-x)*dst.Stride+y] = v
			}
		}
	default:
		return src
	}
	return dst
}

// mirrorGray flips src left to right.
func mirrorGray(src *image.Gray) *image.Gray {
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	dst := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dst.Pix[y*dst.Stride+(w-1-x)] = src.Pix[y*src.Stride+x]
		}
	}
	return dst
}

func encodePNG(img image.Image) []byte {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	_ = enc.Encode(&buf, img)
	return buf.Bytes()
}

// exifOrientation returns the EXIF orientation (1..8) of a JPEG, or 1 when
// it has none. Only the APP1 segment is read, never the image data.
func exifOrientation(jpg []byte) int {
	if len(jpg) < 4 || jpg[0] != 0xFF || jpg[1] != 0xD8 {
		return 1
	}
	i := 2
	for i+4 <= len(jpg) {
		if jpg[i] != 0xFF {
			return 1
		}
		marker := jpg[i+1]
		if marker == 0xDA || marker == 0xD9 { // image data starts: no EXIF before it
			return 1
		}
		size := int(binary.BigEndian.Uint16(jpg[i+2:]))
		if size < 2 || i+2+size > len(jpg) {
			return 1
		}
		seg := jpg[i+4 : i+2+size]
		if marker == 0xE1 && len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		i += 2 + size
	}
	return 1
}

// tiffOrientation finds tag 0x0112 in the first IFD of a TIFF structure.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 1
	}
	n := int(bo.Uint16(t[off:]))
	for k := 0; k < n; k++ {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			v := int(bo.Uint16(t[e+8:]))
			if v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}

// applyOrientation makes an EXIF-oriented image upright.
func applyOrientation(g *image.Gray, o int) *image.Gray {
	switch o {
	case 2:
		return mirrorGray(g)
	case 3:
		return rotateGray(g, 180)
	case 4:
		return mirrorGray(rotateGray(g, 180))
	case 5:
		return mirrorGray(rotateGray(g, 90))
	case 6:
		return rotateGray(g, 90)
	case 7:
		return mirrorGray(rotateGray(g, 270))
	case 8:
		return rotateGray(g, 270)
	}
	return g
}
