// Package corpuseval measures extraction accuracy on the third-party
// documents in ../shared/corpus (receipts and supplier invoices), the
// numbers Quarry is judged by. Tests assert floors with it and
// bench/realdocs prints its tables. It reads the corpus as a caller would
// send it: the file, plus a schema in the caller's own field names.
package corpuseval

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
)

// ReceiptSchema is how a caller who holds SROIE-style receipts would
// declare them: their own four names, not Quarry's vocabulary.
func ReceiptSchema() api.DocumentTypeSpec {
	date := "date"
	return api.DocumentTypeSpec{ID: "receipt", Description: "Shop receipt", FieldGroups: []api.FieldGroup{{
		Name: "receipt",
		Fields: []api.Field{
			{Name: "company", Description: "Name of the company that issued the receipt", Type: api.TypeString},
			{Name: "date", Description: "Date of the receipt", Type: api.TypeString, Format: &date},
			{Name: "address", Description: "Address of the company", Type: api.TypeString},
			{Name: "total", Description: "Total amount paid", Type: api.TypeNumber},
		},
	}}}
}

// Case is one corpus document with the values a person read from it.
type Case struct {
	Name  string
	Path  string
	Truth map[string]string
}

// Receipts lists the receipts under dir (img/NNN.jpg with key/NNN.json),
// sorted by name. A missing folder gives no cases and no error.
func Receipts(dir string) ([]Case, error) {
	keys, err := filepath.Glob(filepath.Join(dir, "key", "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(keys)
	var out []Case
	for _, k := range keys {
		raw, err := os.ReadFile(k)
		if err != nil {
			return nil, err
		}
		var truth map[string]string
		if err := json.Unmarshal(raw, &truth); err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		name := strings.TrimSuffix(filepath.Base(k), ".json")
		img := filepath.Join(dir, "img", name+".jpg")
		if _, err := os.Stat(img); err != nil {
			continue
		}
		out = append(out, Case{Name: name, Path: img, Truth: truth})
	}
	return out, nil
}

// Loader turns a file into its layout (OCR for images).
type Loader func(ctx context.Context, name string, data []byte) (*Read, error)

// Read is a file's layout and, for an image read as a till roll, the
// other OCR readings extraction votes with (ingest.File.Readings).
type Read struct {
	Layout   *doc.Layout
	Readings []*doc.Layout `json:",omitempty"`
}
