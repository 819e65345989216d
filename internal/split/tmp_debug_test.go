package split

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
)

func TestTmpPages(t *testing.T) {
	files, _ := filepath.Glob("/tmp/quarry-split-cache/*.json")
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		var l doc.Layout
		json.Unmarshal(raw, &l)
		if l.Pages[0].Source != doc.SourceOCR { continue }
		p, _ := readPage(context.Background(), &l, 1, nil)
		head := l.Text
		if len(head) > 150 { head = head[:150] }
		t.Logf("typ=%s %.2f title=%q no=%q vendor=%v total=%v lines=%d h=%.3f\n   %q", p.typ, p.typConf, p.title, p.docNo, p.vendor, p.total, len(l.Pages[0].Lines), p.bodyHeight, head)
	}
}
