package ingest

import "testing"

func TestParsePDFInfoSize(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		out  string
		page int
		w, h float64
	}{
		{"WholeFile", "Pages:          3\nPage size:      595.276 x 841.89 pts (A4)\n", 1, 595.276, 841.89},
		{"Range", "Page    2 size: 612 x 792 pts (letter)\nPage    2 rot:  0\n", 2, 612, 792},
		{"OtherPageOnly", "Page    3 size: 612 x 792 pts\n", 2, 0, 0},
		{"Garbage", "not pdfinfo", 1, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if w, h := parsePDFInfoSize([]byte(c.out), c.page); w != c.w || h != c.h {
				t.Errorf("size = %v x %v, want %v x %v", w, h, c.w, c.h)
			}
		})
	}
}
