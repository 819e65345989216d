// Package linerec reads the text lines Tesseract found a second time, with
// a neural line recogniser of another family: PaddleOCR's PP-OCRv4
// recognition network (CTC over a 48-pixel-high line image), run by ONNX
// Runtime in a Node.js helper that tools/linerec pins (scripts/deps.sh runs
// npm ci there).
//
// Tesseract keeps the layout: which words share a line, where a line is
// and where its spaces fall. The second recogniser only rereads each
// line's letters, which it gets wrong in other places than Tesseract does
// ("SDN BHD" where Tesseract prints "SDN EHD"); the result is one more
// reading of the page for extraction's vote (fields.Vote). Its model was
// trained on Chinese and English and seldom prints a space, so the spaces
// come from the gaps between Tesseract's words (ctc.go).
package linerec

import (
	"os"
	"path/filepath"
	"sync"
)

// script is rec.js's place in the repository; model and dictionary are in
// its node_modules.
var (
	script     = filepath.Join("tools", "linerec", "rec.js")
	dictionary = filepath.Join("tools", "linerec", "node_modules", "@gutenye", "ocr-models", "assets", "ppocr_keys_v1.txt")
)

var (
	sharedOnce sync.Once
	shared     *Recognizer
)

// Shared returns the process's recogniser, or nil when this machine does
// not have it (no node, or no tools/linerec/node_modules above the working
// folder). Helper processes start on first use.
// Whether to use it is the caller's setting (QUARRY_OCR_LINEREC).
func Shared() *Recognizer {
	sharedOnce.Do(func() {
		root := findRoot()
		if root == "" {
			return
		}
		r, err := New(filepath.Join(root, script), filepath.Join(root, dictionary))
		if err == nil {
			shared = r
		}
	})
	return shared
}

// findRoot returns the folder, the working folder or one of its parents
// (a server run from the repository, a test from a package folder), that
// holds an installed tools/linerec; "" when there is none.
func findRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, dictionary)); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}
