// Package wiretest checks JSON bodies against the contract's wire schema
// (extraction-wire-schema.json, the response shapes as the reference
// system's own clients parse them), so a drift between Quarry's wire types
// and those clients fails a test instead of a customer's integration.
//
// The schema is read at test time from the shared spec folder next to the
// repository (../shared/spec from the module root) or from the file named
// by QUARRY_WIRE_SCHEMA; nothing of it is copied into the repository.
package wiretest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaFile is the contract file's name in the shared spec folder.
const SchemaFile = "extraction-wire-schema.json"

// EnvSchema names an environment variable that overrides the schema path.
const EnvSchema = "QUARRY_WIRE_SCHEMA"

// loaded is the parsed schema file, shared by every test of the process.
var loaded struct {
	once    sync.Once
	path    string
	schemas map[string]any // the file's "schemas" object
	err     error
	mu      sync.Mutex
	cache   map[string]*jsonschema.Schema
}

// SchemaPath returns where the schema is looked for: $QUARRY_WIRE_SCHEMA,
// else ../shared/spec/extraction-wire-schema.json from the module root
// (which is ../../../shared/spec from a package two levels deep).
func SchemaPath() (string, error) {
	if p := os.Getenv(EnvSchema); p != "" {
		return p, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "spec", SchemaFile), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("wiretest: no go.mod above the working directory")
		}
		dir = parent
	}
}

func load() {
	loaded.path, loaded.err = SchemaPath()
	if loaded.err != nil {
		return
	}
	raw, err := os.ReadFile(loaded.path)
	if err != nil {
		loaded.err = err
		return
	}
	var file struct {
		Schemas map[string]any `json:"schemas"`
	}
	// UseNumber keeps bounds such as "maximum": 1.0 exact for the compiler.
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&file); err != nil {
		loaded.err = fmt.Errorf("wiretest: %s: %w", loaded.path, err)
		return
	}
	if len(file.Schemas) == 0 {
		loaded.err = fmt.Errorf("wiretest: %s has no schemas", loaded.path)
		return
	}
	loaded.schemas = file.Schemas
	loaded.cache = map[string]*jsonschema.Schema{}
}

// ErrMissing marks a schema file that is not there: Validate skips,
// callers of Check decide (errors.Is(err, ErrMissing)).
var ErrMissing = errors.New("wiretest: schema file absent")

// Compile returns the compiled schema for def: a name under the file's
// "schemas" ("ExtractionResult"), or such a name and one of its $defs
// joined by a dot ("ExtractionResult.EscalationInfo").
func Compile(def string) (*jsonschema.Schema, error) {
	loaded.once.Do(load)
	if loaded.err != nil {
		if errors.Is(loaded.err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %v", ErrMissing, loaded.err)
		}
		return nil, loaded.err
	}
	loaded.mu.Lock()
	defer loaded.mu.Unlock()
	if s, ok := loaded.cache[def]; ok {
		return s, nil
	}
	top, sub, _ := strings.Cut(def, ".")
	doc, ok := loaded.schemas[top]
	if !ok {
		return nil, fmt.Errorf("wiretest: %s has no schema %q", loaded.path, top)
	}
	// Each entry is a standalone schema whose refs ("#/$defs/X") are
	// relative to the entry itself, so each is its own resource.
	url := "urn:quarry:wire:" + top
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat() // date-time strings are part of the contract
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("wiretest: schema %s: %w", top, err)
	}
	target := url
	if sub != "" {
		target += "#/$defs/" + sub
	}
	s, err := c.Compile(target)
	if err != nil {
		return nil, fmt.Errorf("wiretest: compile %s: %w", def, err)
	}
	loaded.cache[def] = s
	return s, nil
}

// Check validates body against def and returns the violations, or nil.
func Check(def string, body []byte) error {
	s, err := Compile(def)
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("wiretest: body is not JSON: %w", err)
	}
	return s.Validate(inst)
}

// Validate fails t if body does not match the named definition of the
// wire schema, listing every violation with its JSON pointer. It skips the
// test, saying why, when the schema file is absent.
func Validate(t testing.TB, def string, body []byte) {
	t.Helper()
	err := Check(def, body)
	switch {
	case err == nil:
	case errors.Is(err, ErrMissing):
		t.Skipf("wire schema not found, skipping contract check (%v); set %s to its path", err, EnvSchema)
	default:
		t.Errorf("body does not match wire schema %s:\n%v\nbody: %s", def, err, abbreviate(body))
	}
}

// abbreviate keeps failure messages readable for large results.
func abbreviate(b []byte) string {
	const max = 4000
	if len(b) <= max {
		return string(b)
	}
	return string(b[:max]) + fmt.Sprintf("... (%d bytes)", len(b))
}
