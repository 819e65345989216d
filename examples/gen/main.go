// Command gen writes examples/invoice.pdf, the README's sample document,
// from examples/invoice.txt (one text line per PDF line).
//
//	go run ./examples/gen
package main

import (
	"log"
	"os"
	"strings"

	"github.com/quarrydev/quarry/internal/fixture"
)

func main() {
	text, err := os.ReadFile("examples/invoice.txt")
	if err != nil {
		log.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(text), "\n"), "\n")
	pdf, _ := fixture.TextPDF([][]string{lines})
	if err := os.WriteFile("examples/invoice.pdf", pdf, 0o644); err != nil {
		log.Fatal(err)
	}
}
