package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestReadInputFile: a regular file goes in with its path (pdftotext then
// reads it in place); a pipe goes in as bytes only, since it cannot be
// read twice.
func TestReadInputFile(t *testing.T) {
	t.Parallel()
	name := filepath.Join(t.TempDir(), "a.pdf")
	if err := os.WriteFile(name, []byte("%PDF-1.4 body"), 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := readInputFile(name)
	if err != nil || in.Path != name || in.Name != "a.pdf" || string(in.Data) != "%PDF-1.4 body" {
		t.Fatalf("regular file: %+v, %v", in, err)
	}

	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go func() {
		w.Write([]byte("piped bytes"))
		w.Close()
	}()
	in, err = readInputFile(fmt.Sprintf("/proc/self/fd/%d", r.Fd()))
	if err != nil || in.Path != "" || string(in.Data) != "piped bytes" {
		t.Fatalf("pipe: %+v, %v", in, err)
	}
	if _, err := readInputFile(filepath.Join(t.TempDir(), "missing.pdf")); err == nil {
		t.Fatal("a missing file was read")
	}
}
