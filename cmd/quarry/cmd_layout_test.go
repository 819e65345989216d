package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
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

// TestLayoutGC: the layout command collects only past 1 GiB and puts the
// settings back; GOGC or GOMEMLIMIT in the environment leave them alone.
// Not parallel: the settings are the test process's.
func TestLayoutGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	restore := layoutGC(func(string) string { return "" })
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Fatalf("GC percent during layout = %d, want -1 (off)", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Fatalf("memory limit during layout = %d, want 1 GiB", got)
	}
	restore()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("GC percent after layout = %d, want 100 back", got)
	}
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		layoutGC(func(k string) string {
			if k == env {
				return "200"
			}
			return ""
		})()
		if got := debug.SetGCPercent(100); got != 100 {
			t.Fatalf("with %s set, GC percent = %d, want 100 untouched", env, got)
		}
	}
}
