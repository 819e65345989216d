package arch

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/quarrydev/quarry/internal/"

// imports reads the internal imports of every non-test file under
// internal/, keyed by package path relative to internal/.
func imports(t *testing.T) map[string]map[string]bool {
	t.Helper()
	graph := map[string]map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(strings.TrimPrefix(path, "../")))
		if graph[pkg] == nil {
			graph[pkg] = map[string]bool{}
		}
		for _, imp := range f.Imports {
			p := strings.Trim(imp.Path.Value, `"`)
			if strings.HasPrefix(p, module) {
				graph[pkg][strings.TrimPrefix(p, module)] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return graph
}

// closure is every internal package pkg reaches, itself excluded.
func closure(graph map[string]map[string]bool, pkg string) map[string]bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(p string) {
		for q := range graph[p] {
			if !seen[q] {
				seen[q] = true
				walk(q)
			}
		}
	}
	walk(pkg)
	return seen
}

// top is a package's first path element: store/sqlite belongs to store.
func top(p string) string { return strings.SplitN(p, "/", 2)[0] }

var (
	leaves   = []string{"api", "problem", "ids", "obs", "doc", "blob", "tenant", "checkdigit", "gazetteer", "export", "secret", "connector", "dashboard"}
	engines  = []string{"ingest", "ocr", "linerec", "classify", "fields", "validate", "pii", "quality", "einvoice", "redact", "llm", "assist", "rules", "transform", "judge", "split", "forensics", "search"}
	services = []string{"execution", "apikey", "billing", "audit", "account", "retention", "dataset", "llmsettings", "searchindex", "source"}
	above    = []string{"server", "mcp", "app"}
)

func set(groups ...[]string) map[string]bool {
	m := map[string]bool{}
	for _, g := range groups {
		for _, p := range g {
			m[p] = true
		}
	}
	return m
}

// TestLayering checks the rules of docs/architecture.md on the whole
// import closure of each package: leaves import nothing internal; engines
// import no store, queue, pipeline, service or server; the pipeline
// imports no store, queue or service; the queue and the store import no
// engine; services never import the HTTP layer.
func TestLayering(t *testing.T) {
	t.Parallel()
	graph := imports(t)
	if len(graph) < 20 {
		t.Fatalf("read only %d packages: is the test running from internal/arch?", len(graph))
	}
	rules := []struct {
		name      string
		pkgs      map[string]bool
		forbidden map[string]bool
		noneAtAll bool
	}{
		{name: "leaves import nothing internal", pkgs: set(leaves), noneAtAll: true},
		{name: "engines stay pure", pkgs: set(engines), forbidden: set([]string{"store", "queue", "pipeline", "server", "app"}, services)},
		{name: "the pipeline imports no store, queue or service", pkgs: set([]string{"pipeline"}), forbidden: set([]string{"store", "queue", "server", "app"}, services)},
		{name: "the queue knows no engine", pkgs: set([]string{"queue"}), forbidden: set(engines, []string{"pipeline", "server", "app"}, services)},
		{name: "the store knows no engine", pkgs: set([]string{"store"}), forbidden: set(engines, []string{"pipeline", "queue", "server", "app"}, services)},
		{name: "services never reach the HTTP layer", pkgs: set(services), forbidden: set(above)},
	}
	for _, r := range rules {
		for pkg := range graph {
			if !r.pkgs[top(pkg)] || strings.HasSuffix(pkg, "test") {
				continue // <pkg>test helpers may import what they exercise
			}
			var bad []string
			for dep := range closure(graph, pkg) {
				if top(dep) == top(pkg) {
					continue
				}
				if r.noneAtAll || r.forbidden[top(dep)] {
					bad = append(bad, dep)
				}
			}
			sort.Strings(bad)
			if len(bad) > 0 {
				t.Errorf("%s: %s imports %s", r.name, pkg, strings.Join(bad, ", "))
			}
		}
	}
}

// TestLayeringSeesAViolation makes sure the walk would notice a bad
// import: a graph with a pure engine that reaches the store through a
// helper must report it.
func TestLayeringSeesAViolation(t *testing.T) {
	t.Parallel()
	graph := map[string]map[string]bool{
		"fields": {"helper": true}, "helper": {"store/sqlite": true}, "store/sqlite": {"store": true},
	}
	c := closure(graph, "fields")
	if !c["store/sqlite"] || !c["store"] || c["fields"] {
		t.Fatalf("closure(fields) = %v", c)
	}
	if _, err := os.Stat("../../go.mod"); err != nil {
		t.Fatalf("layering test must run from internal/arch: %v", err)
	}
}
