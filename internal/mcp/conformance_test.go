package mcp_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/fixture"
)

// The official TypeScript client (tools/mcp, pinned by its lock file and
// installed by scripts/deps.sh) drives both transports. Without node or
// its node_modules the tests skip, except under CI=true where they fail.

const toolsDir = "../../tools/mcp"

func needNode(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(toolsDir, "node_modules/@modelcontextprotocol/sdk/package.json"))
	}
	if err != nil {
		fixture.Missing(t, "the MCP conformance client is missing (run scripts/deps.sh to install tools/mcp): %v", err)
	}
	return node
}

type caseResult struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// runClient runs conformance.mjs and checks that every wanted case ran
// and passed.
func runClient(t *testing.T, env map[string]string, want []string, args ...string) {
	t.Helper()
	node := needNode(t)
	script, _ := filepath.Abs(filepath.Join(toolsDir, "conformance.mjs"))
	corpusAbs, _ := filepath.Abs(corpus)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, append([]string{script}, args...)...)
	cmd.Env = append(os.Environ(), "MCP_CORPUS="+corpusAbs)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	got := map[string]caseResult{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var r caseResult
		if json.Unmarshal(sc.Bytes(), &r) == nil && r.Name != "" {
			got[r.Name] = r
			t.Logf("%s ok=%v %s", r.Name, r.OK, r.Detail)
		}
	}
	for _, name := range want {
		r, ran := got[name]
		switch {
		case !ran:
			t.Errorf("case %s did not run (exit %v)\nstderr: %s", name, err, tail(stderr.String()))
		case !r.OK:
			t.Errorf("case %s failed: %s", name, r.Detail)
		}
	}
	if err != nil && !t.Failed() {
		t.Errorf("client exited with %v\nstderr: %s", err, tail(stderr.String()))
	}
}

func tail(s string) string {
	if len(s) > 4000 {
		return "..." + s[len(s)-4000:]
	}
	return s
}

var fullCases = []string{"list_tools", "process_receipt", "job_result", "redact_pdf", "build_dataset", "export_dataset",
	"search_dataset", "bad_argument", "prompts", "other_workspace"}

func TestConformanceStreamableHTTP(t *testing.T) {
	t.Parallel()
	needCorpus(t)
	needNode(t)
	t.Run("full", func(t *testing.T) {
		t.Parallel()
		q := openQuarry(t, 1)
		ts := httptest.NewServer(q.app.Handler())
		defer ts.Close()
		runClient(t, map[string]string{"MCP_KEY": q.key, "MCP_OTHER_KEY": q.other}, fullCases, "http", ts.URL+"/mcp")
	})
	t.Run("cancel", func(t *testing.T) {
		t.Parallel()
		q := openQuarry(t, 0) // no worker: the job cannot have started
		ts := httptest.NewServer(q.app.Handler())
		defer ts.Close()
		runClient(t, map[string]string{"MCP_KEY": q.key, "MCP_MODE": "cancel"}, []string{"cancel"}, "http", ts.URL+"/mcp")
	})
}

// The stdio tests need cmd/quarry built; TestMain starts the build at
// once, so it overlaps the other tests instead of adding to them.
var (
	binDir   string
	built    = make(chan struct{})
	buildErr error
	buildOut []byte
)

func TestMain(m *testing.M) {
	flag.Parse()
	if _, err := exec.LookPath("node"); err == nil && !testing.Short() {
		go buildQuarry()
	} else {
		buildErr = errors.New("not built: node is missing or -short")
		close(built)
	}
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func buildQuarry() {
	defer close(built)
	binDir, buildErr = os.MkdirTemp("", "quarry-mcp-bin")
	if buildErr != nil {
		return
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	buildOut, buildErr = exec.Command(goBin, "build", "-o", filepath.Join(binDir, "quarry"), "../../cmd/quarry").CombinedOutput()
}

// quarryBinary waits for the build TestMain started.
func quarryBinary(t *testing.T) string {
	t.Helper()
	<-built
	if buildErr != nil {
		t.Fatalf("building quarry: %v\n%s", buildErr, buildOut)
	}
	return filepath.Join(binDir, "quarry")
}

func TestConformanceStdio(t *testing.T) {
	t.Parallel()
	needCorpus(t)
	needNode(t)
	if testing.Short() {
		t.Skip("-short: building cmd/quarry for the stdio client is skipped")
	}
	bin := quarryBinary(t)
	env := func(q *quarry, key string) map[string]string {
		m := testEnv(q.dir)
		m["MCP_KEY"], m["MCP_OTHER_KEY"] = key, q.other
		return m
	}
	t.Run("full", func(t *testing.T) {
		t.Parallel()
		q := openQuarry(t, 0) // the quarry mcp child runs the workers
		runClient(t, env(q, q.key), fullCases, "stdio", bin, "mcp", "--workers", "1")
	})
	t.Run("cancel", func(t *testing.T) {
		t.Parallel()
		q := openQuarry(t, 0)
		e := env(q, q.key)
		e["MCP_MODE"] = "cancel"
		runClient(t, e, []string{"cancel"}, "stdio", bin, "mcp", "--workers", "0")
	})
}

func init() {
	// Request logs of the in-process apps would drown the test output.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	// The stdio children inherit the environment: keep stray settings
	// of the developer's shell from pointing them elsewhere.
	for _, k := range []string{"QUARRY_URL", "QUARRY_DATABASE_URL", "QUARRY_BLOB_URL", "QUARRY_API_KEYS"} {
		if strings.TrimSpace(os.Getenv(k)) != "" {
			_ = os.Unsetenv(k)
		}
	}
}
