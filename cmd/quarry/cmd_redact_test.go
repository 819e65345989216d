package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/fixture"
)

func TestRedactCLI(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("poppler is not installed")
	}
	in, _ := fixture.TextPDF([][]string{{"Contact: ahmet.kaya@example.com", "IBAN: TR33 0006 1005 1978 6457 8413 26", "Thanks for your order"}})
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
	if err := os.WriteFile(src, in, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "redact", src, "-o", dst)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sum struct {
		ByType map[string]int `json:"by_type"`
	}
	if err := json.Unmarshal([]byte(stderr), &sum); err != nil || sum.ByType["email"] != 1 || sum.ByType["iban_tr"] != 1 {
		t.Errorf("summary %q (%v)", stderr, err)
	}
	text, err := exec.Command("pdftotext", dst, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(text), "example.com") || strings.Contains(string(text), "TR33") || !strings.Contains(string(text), "Thanks") {
		t.Errorf("redacted text:\n%s", text)
	}

	if code, _, _ := runCLI(t, "redact", src, "--types", "shoe_size"); code != 2 {
		t.Errorf("unknown type: exit %d, want 2", code)
	}
}

func TestRedactCLIFields(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("poppler is not installed")
	}
	in, _ := fixture.TextPDF([][]string{{"Invoice INV-2025-001 from Acme Trading Ltd", "Issue date 15 May 2025", "Total 1.234,56 EUR"}})
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "inv.pdf"), filepath.Join(dir, "out.pdf")
	if err := os.WriteFile(src, in, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "redact", src, "-o", dst, "--fields", "invoice_number")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	text, err := exec.Command("pdftotext", dst, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(text), "INV-2025-001") || !strings.Contains(string(text), "[REDACTED_INVOICE_NUMBER]") {
		t.Errorf("redacted text:\n%s", text)
	}
}
