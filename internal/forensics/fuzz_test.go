package forensics

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/fixture"
)

// FuzzForensics feeds arbitrary bytes to the raw PDF readers (revisions,
// signature dictionaries, metadata, the content-stream interpreter),
// without the recover that guards Analyze, so a panic in them surfaces
// here; then to Analyze itself. Every verdict must stay in the contract's
// enums and every revision inside the file.
func FuzzForensics(f *testing.F) {
	clean := handPDF(plainText, "/CreationDate (D:20260101120000Z)")
	f.Add(clean)
	f.Add(appendUpdate(clean, map[int]string{4: streamObj("", "1 1 1 rg BT 3 Tr /F1 9 Tf 0 -900 Td [(x) -20 (y)] TJ ET")}))
	f.Add(clean[:len(clean)/2])
	if fp, err := fixture.SignPDF(clean); err == nil {
		f.Add(fp)
	}
	f.Add([]byte("%PDF-1.7\n1 0 obj << /ByteRange [0 99999999 -5 3] /Contents <3080> /Type /Sig >> endobj\n%%EOF"))
	f.Add([]byte("q 1 0 0 1 0 0 cm BT /F1 12 Tf (a) Tj ET BI /W 1 ID \xff EI Q Q Q [[[[ (unterminated"))
	lim := DefaultLimits()
	lim.MaxOperators = 20000
	f.Fuzz(func(t *testing.T, data []byte) {
		revs := findRevisions(data, lim)
		end := 0
		for _, r := range revs {
			if r.Start != end || r.End < r.Start || r.End > len(data) {
				t.Fatalf("revision %d spans %d-%d after %d (file %d bytes)", r.Index, r.Start, r.End, end, len(data))
			}
			end = r.End
		}
		sigs := findPDFSignatures(data, revs)
		checks := []Check{revisionsCheck(data, revs, lim), metadataCheck(readMetadata(data, revs, lim), time.Now())}
		if len(sigs) > 0 {
			checks = append(checks, afterSigningCheck(data, revs, sigs, lim))
		}
		page := PageContent{Number: 1, Box: Rect{0, 0, 612, 792}}
		newInterp(&page, lim.MaxOperators).run(data, nil)
		checks = append(checks, textChecks([]PageContent{page}, nil)...)
		rep := Analyze(context.Background(), Input{Name: "f.pdf", Data: data, Limits: lim})
		checks = append(checks, rep.Checks...)
		for _, c := range checks {
			if c.Status != Pass && c.Status != Fail && c.Status != Uncertain {
				t.Fatalf("check %s has status %q", c.Name, c.Status)
			}
		}
		if o := Overall(checks); o != Valid && o != Invalid && o != Uncertain {
			t.Fatalf("overall %q", o)
		}
	})
}

// TestHostilePDFsStayBounded: files built to make a naive reader scan
// quadratically (headers without bodies, thousands of revisions, deep
// form nesting) are inspected in bounded time.
func TestHostilePDFsStayBounded(t *testing.T) {
	t.Parallel()
	headers := bytes.Repeat([]byte("1 0 obj << /Type /Page "), 30_000)
	revisions := bytes.Repeat([]byte("5 0 obj << /Producer (x) >> endobj\nstartxref\n0\n%%EOF\n"), 2_000)
	selfForm := handPDF("/Im1 Do "+strings.Repeat("q 1 0 0 1 1 1 cm BT /F1 9 Tf (x) Tj ET Q ", 20_000), "")
	for name, data := range map[string][]byte{
		"headers without bodies":   append([]byte("%PDF-1.7\n"), headers...),
		"thousands of revisions":   append([]byte("%PDF-1.7\n"), revisions...),
		"operators past the limit": selfForm,
	} {
		start := time.Now()
		lim := DefaultLimits()
		lim.MaxOperators = 10_000
		r := Analyze(context.Background(), Input{Name: "h.pdf", Data: data, Limits: lim})
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("%s: %v", name, d)
		}
		if len(r.Checks) == 0 {
			t.Errorf("%s: no check at all", name)
		}
		if name == "operators past the limit" {
			if c := checkNamed(t, r, "white_text"); c.Status != Uncertain {
				t.Errorf("a truncated page still passes: %+v", c)
			}
		}
	}
}
