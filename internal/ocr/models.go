package ocr

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Tesseract's own models come in three builds: "fast" (a small integer
// network; what Debian's tesseract-ocr-eng installs), "best" (the large
// float network) and the integer version of "best". tools/tessdata pins an
// npm package that ships the last gzipped (scripts/deps.sh runs npm ci
// there). It is opt-in: on the real receipts it read some fields better
// and others worse (docs/accuracy.md, third pass), and on a noisy 200 dpi
// scan it reads specks as letters that the fast model leaves out
// (TestImageOCR), so the system's models stay the default.

// ModelEnv names the setting that picks the models: unset or "off" for
// the system's, "npm" for tools/tessdata's package, or a folder of
// *.traineddata files (used for the languages it holds).
const ModelEnv = "QUARRY_TESSDATA"

// npmModel is where tools/tessdata's package puts the gzipped
// integer-"best" English model.
var npmModel = filepath.Join("tools", "tessdata", "node_modules", "@tesseract.js-data", "eng", "4.0.0_best_int", "eng.traineddata.gz")

var (
	npmOnce sync.Once
	npmDir  string
)

// FindModels returns the folder of models to pass to tesseract as
// --tessdata-dir, or "" to use the system's, as QUARRY_TESSDATA says.
func FindModels() string {
	switch v := os.Getenv(ModelEnv); v {
	case "", "off":
		return ""
	case "npm":
		return NPMModels()
	default:
		return v
	}
}

// NPMModels finds tools/tessdata's package in the working folder or its
// parents (a server run from the repository, or a test from a package
// folder) and unpacks its model once into a folder under the system temp
// dir; "" when the package is not installed. Computed once per process.
func NPMModels() string {
	npmOnce.Do(func() {
		wd, err := os.Getwd()
		if err != nil {
			return
		}
		for dir := wd; ; dir = filepath.Dir(dir) {
			gz := filepath.Join(dir, npmModel)
			if _, err := os.Stat(gz); err == nil {
				if d, err := UnpackModel(gz, os.TempDir()); err == nil {
					npmDir = d
				}
				return
			}
			if filepath.Dir(dir) == dir {
				return
			}
		}
	})
	return npmDir
}

// UnpackModel gunzips a NAME.traineddata.gz into a folder under root
// named after the archive's size and time, so that a newer package gets
// a new folder and a finished unpack is reused. It writes to a temporary
// name and renames, so a concurrent process never reads half a model.
func UnpackModel(gz, root string) (string, error) {
	st, err := os.Stat(gz)
	if err != nil {
		return "", err
	}
	name := strings.TrimSuffix(filepath.Base(gz), ".gz")
	dir := filepath.Join(root, fmt.Sprintf("quarry-tessdata-%d-%d", st.Size(), st.ModTime().Unix()))
	dst := filepath.Join(dir, name)
	if _, err := os.Stat(dst); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	f, err := os.Open(gz)
	if err != nil {
		return "", err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, name+".*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	// A model is tens of megabytes; refuse anything far larger.
	if _, err := io.Copy(tmp, io.LimitReader(zr, 200<<20)); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return "", err
	}
	return dir, nil
}

// hasModels reports whether dir holds a model for every language of a
// tesseract language list ("eng", "tur+eng").
func hasModels(dir, langs string) bool {
	if dir == "" {
		return false
	}
	for _, l := range strings.Split(langs, "+") {
		if _, err := os.Stat(filepath.Join(dir, l+".traineddata")); err != nil {
			return false
		}
	}
	return true
}

// outArgs is the language and output part of a tesseract command line for
// TSV on stdout: the better models' folder when it holds every language
// asked for, else the system's. Tesseract looks for its "tsv" config file
// in the models' folder too, and without it prints plain text (and exits
// 0), so with a models folder the setting is passed by value instead.
func (e *Engine) outArgs(langs string) []string {
	if hasModels(e.Models, langs) {
		return []string{"--tessdata-dir", e.Models, "-l", langs, "-c", "tessedit_create_tsv=1", "-c", "tessedit_create_txt=0"}
	}
	return []string{"-l", langs, "tsv"}
}

// SecondOpinion returns an engine reading langs with the other model
// build than e (the npm integer-"best" model when e uses the system's, the
// system's when e uses a models folder), or nil when this machine has no
// second model for langs. Two builds err on different letters, which is
// what lets extraction vote between their readings (ingest's till-roll
// readings, fields.Vote). It shares e's process pool, so asking for a
// second opinion never runs more tesseract processes at once.
func (e *Engine) SecondOpinion(langs string) *Engine {
	if e == nil || e.Path == "" {
		return nil
	}
	alt := *e
	switch npm := NPMModels(); {
	case hasModels(e.Models, langs):
		alt.Models = ""
	case hasModels(npm, langs):
		alt.Models = npm
	default:
		return nil
	}
	return &alt
}
