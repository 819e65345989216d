package fields

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
)

func TestZZDebug(t *testing.T) {
	p := os.Getenv("ZZ")
	if p == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(p)
	sum := sha256.Sum256(data)
	raw, _ := os.ReadFile(filepath.Join("/tmp/realdocs-cache", hex.EncodeToString(sum[:12])+".layout.json"))
	var l doc.Layout
	json.Unmarshal(raw, &l)
	e := &extractor{x: NewIndex(&l)}
	ls := e.headerLines()
	for i, hl := range ls {
		if i > 15 {
			break
		}
		fmt.Printf("%d y%.3f h%.4f conf%.2f stop=%v stopName=%v form=%v addr=%v reg=%v %q\n", i, hl.box.Y0, hl.h, hl.conf, hl.stop(), hl.stopName(), hl.companyForm(), hl.addressLike(), regLine(hl), hl.raw)
	}
	fmt.Println(issuerLine(ls))
	fmt.Println(e.headerIssuer())
	fmt.Println(e.headerAddress())
}
