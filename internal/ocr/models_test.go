package ocr

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestUnpackModel: a gzipped model is unpacked once into a folder named
// after the archive, and a second call reuses it.
func TestUnpackModel(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("model bytes"))
	zw.Close()
	gz := filepath.Join(dir, "eng.traineddata.gz")
	if err := os.WriteFile(gz, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "cache")
	got, err := UnpackModel(gz, root)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(got, "eng.traineddata"))
	if err != nil || string(raw) != "model bytes" {
		t.Fatalf("unpacked %q, %v", raw, err)
	}
	again, err := UnpackModel(gz, root)
	if err != nil || again != got {
		t.Errorf("second unpack gave %q, %v; want the same folder %q", again, err, got)
	}
	if err := os.WriteFile(gz, []byte("not gzip"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(gz, time.Now(), time.Now().Add(time.Hour))
	if _, err := UnpackModel(gz, root); err == nil {
		t.Error("a broken archive unpacked without error")
	}
}

// TestModelsOnlyForHeldLanguages: the better models' folder is passed to
// tesseract for the languages it holds, and the system's models are used
// for any list with a language it lacks.
func TestModelsOnlyForHeldLanguages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "eng.traineddata"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	var got [][]string
	run := func(_ context.Context, _ time.Duration, _ []byte, _ string, args ...string) ([]byte, string, error) {
		got = append(got, args)
		return nil, "", nil
	}
	e := New("tesseract", 1, run)
	e.Models = dir
	ctx := context.Background()
	for _, langs := range []string{"eng", "tur+eng"} {
		if _, err := e.RecognizeMode(ctx, "page.png", langs, PSMBlock, 0); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Contains(got[0], "--tessdata-dir") || !slices.Contains(got[0], dir) {
		t.Errorf("eng run %v does not use the models folder", got[0])
	}
	if slices.Contains(got[1], "--tessdata-dir") {
		t.Errorf("tur+eng run %v uses a folder without tur", got[1])
	}
}

// TestFindModelsSetting: the system's models unless QUARRY_TESSDATA names
// a folder (or "npm").
func TestFindModelsSetting(t *testing.T) {
	for v, want := range map[string]string{"": "", "off": "", "/opt/tessdata": "/opt/tessdata"} {
		t.Setenv(ModelEnv, v)
		if got := FindModels(); got != want {
			t.Errorf("%s=%q: models %q, want %q", ModelEnv, v, got, want)
		}
	}
}
