package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestExtractExamplePDF(t *testing.T) {
	t.Parallel()
	code, out, stderr := runCLI(t, "extract", "../../examples/invoice.pdf", "--pretty")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Files  []struct {
			PageCount int    `json:"page_count"`
			MediaType string `json:"media_type"`
		} `json:"files"`
		Pipeline struct {
			Trace []struct{ Node string } `json:"trace"`
		} `json:"pipeline"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if !strings.HasPrefix(res.ID, "ext_") || res.Status != "success" || len(res.Files) != 1 ||
		res.Files[0].PageCount != 1 || res.Files[0].MediaType != "application/pdf" || len(res.Pipeline.Trace) == 0 {
		t.Fatalf("result = %+v", res)
	}
	if !strings.Contains(out, "\n  \"") {
		t.Fatal("--pretty output is not indented")
	}
}

func TestExtractBadInputExitsTwoWithProblem(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "blob.bin")
	os.WriteFile(bin, []byte{0, 1, 2, 3, 0xff, 0xfe, 9}, 0o644)
	txt := filepath.Join(dir, "a.txt")
	os.WriteFile(txt, []byte("some text to read"), 0o644)
	badReq := filepath.Join(dir, "req.json")
	os.WriteFile(badReq, []byte(`{"document_types":[{"id":"x","field_groups":[]}]}`), 0o644)
	cases := []struct {
		name string
		args []string
		code string
	}{
		{"NoFiles", []string{"extract"}, "invalid_request"},
		{"MissingFile", []string{"extract", filepath.Join(dir, "nope.pdf")}, "invalid_request"},
		{"UnsupportedFile", []string{"extract", bin}, "unsupported_file"},
		{"SemanticError", []string{"extract", txt, "--request", badReq}, "validation_failed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			code, out, stderr := runCLI(t, c.args...)
			if code != 2 || out != "" {
				t.Fatalf("exit %d stdout %q", code, out)
			}
			var p map[string]any
			if err := json.Unmarshal([]byte(stderr), &p); err != nil || p["code"] != c.code {
				t.Fatalf("stderr = %s (want code %s)", stderr, c.code)
			}
		})
	}
}

func TestLayoutAndVersionAndUsage(t *testing.T) {
	t.Parallel()
	code, out, _ := runCLI(t, "layout", "../../examples/invoice.pdf")
	if code != 0 || !strings.Contains(out, "INV-2025-0042") {
		t.Fatalf("layout exit %d: %s", code, out)
	}
	code, out, _ = runCLI(t, "layout", "--json", "../../examples/invoice.pdf")
	var files []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &files) != nil || len(files) != 1 || files[0]["page_count"].(float64) != 1 {
		t.Fatalf("layout --json exit %d: %.300s", code, out)
	}
	if code, out, _ := runCLI(t, "version"); code != 0 || !strings.HasPrefix(out, "quarry ") {
		t.Fatalf("version: %d %q", code, out)
	}
	if code, _, stderr := runCLI(t, "frobnicate"); code != 2 || !strings.Contains(stderr, "unknown command") {
		t.Fatalf("unknown command: %d %q", code, stderr)
	}
}

func TestPIIDetectCLI(t *testing.T) {
	t.Parallel()
	var out, errb bytes.Buffer
	in := strings.NewReader("TC Kimlik No: 10000000146, IBAN TR33 0006 1005 1978 6457 8413 26\n")
	code := run(context.Background(), []string{"pii", "detect", "--mask", "token"}, in, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	s := out.String()
	for _, want := range []string{`"type":"national_id_tr"`, `"start":14,"end":25`, `"type":"iban_tr"`, `<NATIONAL_ID_TR_1>`} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %s:\n%s", want, s)
		}
	}
	if strings.Contains(s, "10000000146") {
		t.Error("masked output holds the TCKN")
	}
	code = run(context.Background(), []string{"pii", "detect", "--mask", "shred"}, strings.NewReader("x"), &out, &errb)
	if code != 2 {
		t.Fatalf("bad strategy exit %d", code)
	}
}
