package dataset

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"
)

// pdfText prepares text for fpdf's core fonts (Windows-1252): the Turkish
// letters that code page lacks are written without their marks, which
// keeps every KVKK category name readable without embedding a font.
var pdfText = strings.NewReplacer("ş", "s", "Ş", "S", "ğ", "g", "Ğ", "G", "ı", "i", "İ", "I")

// WritePDF renders the report as a PDF document Quarry draws itself:
// a header, the summary figures, and one table row per data category.
func (r *Report) WritePDF(w io.Writer) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle("Dataset compliance report", true)
	pdf.SetCreator("Quarry", true)
	pdf.SetAutoPageBreak(true, 15)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	text := func(s string) string { return tr(pdfText.Replace(s)) }
	pdf.AddPage()

	pdf.SetFont("Helvetica", "B", 16)
	pdf.CellFormat(0, 10, text("Dataset compliance report (KVKK / GDPR)"), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 10)
	pdf.CellFormat(0, 6, text(fmt.Sprintf("Dataset %s (%s), version %d", r.DatasetName, r.DatasetID, r.Version)), "", 1, "L", false, 0, "")
	pdf.CellFormat(0, 6, text("Generated "+r.GeneratedAt+" by Quarry"), "", 1, "L", false, 0, "")
	pdf.Ln(3)

	masked := "no: values are held as found"
	if r.Masked {
		masked = "yes: every detected value is replaced by a [MASKED_<TYPE>] token"
	}
	summary := [][2]string{
		{"Records", strconv.Itoa(r.RowCount)},
		{"PII findings", strconv.Itoa(r.PIIFindingsCount)},
		{"Masked", masked},
		{"Applicable regulations", orNone(r.ApplicableRegulations)},
		{"Detected countries", orNone(r.DetectedCountries)},
		{"KVKK categories", orNone(r.KVKKCategories)},
		{"GDPR Art. 9 categories", orNone(r.GDPRCategories)},
		{"Plan", r.PlanCoverage},
	}
	for _, kv := range summary {
		pdf.SetFont("Helvetica", "B", 10)
		pdf.CellFormat(50, 6, text(kv[0]), "", 0, "L", false, 0, "")
		pdf.SetFont("Helvetica", "", 10)
		pdf.MultiCell(0, 6, text(kv[1]), "", "L", false)
	}
	pdf.Ln(4)

	widths := []float64{34, 44, 30, 62, 20}
	heads := []string{"Category", "KVKK", "GDPR Art. 9", "PII types", "Findings"}
	pdf.SetFont("Helvetica", "B", 9)
	pdf.SetFillColor(230, 230, 230)
	for i, h := range heads {
		pdf.CellFormat(widths[i], 7, h, "1", 0, "L", true, 0, "")
	}
	pdf.Ln(-1)
	pdf.SetFont("Helvetica", "", 9)
	if len(r.Categories) == 0 {
		pdf.CellFormat(0, 7, "No personal data was detected in this dataset.", "1", 1, "L", false, 0, "")
	}
	for _, c := range r.Categories {
		cells := []string{c.Category, dash(c.KVKK), dash(c.GDPRArt9), strings.Join(c.PIITypes, ", "), strconv.Itoa(c.Findings)}
		// The row is as tall as its longest cell once wrapped.
		lines := 1
		for i, s := range cells {
			if n := len(pdf.SplitText(text(s), widths[i]-2)); n > lines {
				lines = n
			}
		}
		h := float64(lines) * 5
		if pdf.GetY()+h > 280 {
			pdf.AddPage()
		}
		x, y := pdf.GetXY()
		for i, s := range cells {
			pdf.Rect(x, y, widths[i], h, "D")
			pdf.SetXY(x+1, y)
			pdf.MultiCell(widths[i]-2, 5, text(s), "", "L", false)
			x += widths[i]
		}
		left, _, _, _ := pdf.GetMargins()
		pdf.SetXY(left, y+h)
	}
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "I", 8)
	pdf.MultiCell(0, 4, text("Categories and counts come from the PII detector's findings in the dataset's records; "+
		"the report names types and counts only, never values."), "", "L", false)
	return pdf.Output(w)
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
