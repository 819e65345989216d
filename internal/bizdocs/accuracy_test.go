package bizdocs

import (
	"context"
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
)

// TestAccuracySample holds the extractor to the quality bar on a sample
// of 40 text PDFs (every type, language and layout); the full set runs in
// the bench command.
func TestAccuracySample(t *testing.T) {
	t.Parallel()
	docs := Generate(40, 7)
	ctx := context.Background()
	if _, err := Layout(ctx, "probe.pdf", docs[0].PDF); err != nil {
		t.Skipf("PDF reading unavailable: %v", err)
	}
	r, err := Evaluate(docs, "text", func(d *Doc) (*doc.Layout, *Doc, error) {
		l, err := Layout(ctx, d.ID+".pdf", d.PDF)
		return l, nil, err
	})
	if err != nil {
		t.Fatal(err)
	}
	class, field, rows, iou := r.All.Rates()
	t.Logf("classification %.1f%%, fields %.1f%%, rows %.1f%%, IoU>=0.5 %.1f%%", class, field, rows, iou)
	for i, m := range r.Misses {
		if i < 60 {
			t.Log(m)
		}
	}
	if class < 97 {
		t.Errorf("classification %.1f%% < 97%%", class)
	}
	if field < 90 {
		t.Errorf("field exact match %.1f%% < 90%%", field)
	}
	if rows < 85 {
		t.Errorf("line-item rows %.1f%% < 85%%", rows)
	}
	if iou < 95 {
		t.Errorf("IoU >= 0.5 for %.1f%% of found values < 95%%", iou)
	}
}

func TestGenerateDeterministic(t *testing.T) {
	t.Parallel()
	a, b := Generate(6, 3), Generate(6, 3)
	for i := range a {
		if a[i].ID != b[i].ID || len(a[i].Fields) != len(b[i].Fields) || len(a[i].Rows) != len(b[i].Rows) {
			t.Fatalf("doc %d differs between runs", i)
		}
		for k, v := range a[i].Fields {
			if b[i].Fields[k] != v {
				t.Errorf("doc %d field %s differs", i, k)
			}
		}
	}
}

// TestScanSample reads five degraded scans (one per type and language)
// through OCR; it skips when the loader cannot OCR images yet.
func TestScanSample(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("OCR is slow")
	}
	all := Generate(25, 7)
	docs := []Doc{all[0], all[6], all[12], all[18], all[24]}
	ctx := context.Background()
	png, _, err := Scan(&docs[0], DefaultScan, 7)
	if err != nil {
		t.Skipf("cannot rasterise: %v", err)
	}
	if l, err := Layout(ctx, "probe.png", png); err != nil || len(l.Words) == 0 {
		t.Skipf("OCR unavailable: %v", err)
	}
	r, err := Evaluate(docs, "scan", func(d *Doc) (*doc.Layout, *Doc, error) {
		png, truth, err := Scan(d, DefaultScan, 7)
		if err != nil {
			return nil, nil, err
		}
		l, err := Layout(ctx, d.ID+".png", png)
		return l, truth, err
	})
	if err != nil {
		t.Fatal(err)
	}
	class, field, rows, iou := r.All.Rates()
	t.Logf("scans: classification %.1f%%, fields %.1f%%, rows %.1f%%, IoU>=0.5 %.1f%%", class, field, rows, iou)
	for _, m := range r.Misses {
		t.Log(m)
	}
	if class < 80 || field < 75 || iou < 85 {
		t.Errorf("scan sample below the bar (classification >= 80, fields >= 75, IoU >= 85)")
	}
}
