package corpuseval

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
)

// Saved holds the OCR readings of a set of files, keyed by the files'
// content (fileKey), so that the extractor and the vote can be scored on
// every receipt in seconds: the readings take minutes of Tesseract and
// line-recogniser time, the extraction milliseconds. The saved readings
// are what a fresh OCR gave on the day they were saved (bench/realdocs
// -save); a test that reads fresh (TestRealDocumentFloors) keeps the OCR
// itself honest on a sample.
type Saved map[string]*Read

// fileKey names a file's content as the readings cache does.
func fileKey(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:12])
}

// SaveReadings reads every case (through cacheDir when set, as the bench
// does) and writes the readings, gzipped JSON, to path.
func SaveReadings(ctx context.Context, cases []Case, cacheDir, path string, load Loader) error {
	saved := Saved{}
	for _, c := range cases {
		data, err := os.ReadFile(c.Path)
		if err != nil {
			return err
		}
		rd, err := cachedRead(ctx, c.Path, cacheDir, load)
		if err != nil {
			return fmt.Errorf("%s: %w", c.Name, err)
		}
		saved[fileKey(data)] = rd
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		f.Close()
		return err
	}
	if err := json.NewEncoder(zw).Encode(saved); err != nil {
		f.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// LoadSaved reads readings SaveReadings wrote.
func LoadSaved(path string) (Saved, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	var saved Saved
	if err := json.NewDecoder(zr).Decode(&saved); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return saved, nil
}

// Missing lists the cases whose file has no saved reading: the corpus
// changed since the readings were saved.
func (s Saved) Missing(cases []Case) ([]string, error) {
	var out []string
	for _, c := range cases {
		data, err := os.ReadFile(c.Path)
		if err != nil {
			return nil, err
		}
		if s[fileKey(data)] == nil {
			out = append(out, c.Name)
		}
	}
	return out, nil
}

// Loader serves the saved readings in place of OCR.
func (s Saved) Loader() Loader {
	return func(_ context.Context, name string, data []byte) (*Read, error) {
		if rd := s[fileKey(data)]; rd != nil {
			return rd, nil
		}
		return nil, fmt.Errorf("%s: no saved reading", name)
	}
}
