package azure

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/fixture"
)

// Azurite, Microsoft's storage emulator, is pinned in tools/azurite and
// installed by scripts/deps.sh. TestMain starts one azurite-blob for the
// package on a port the OS picks and reads the port back from its
// startup line, so parallel test binaries never race for a port.
var (
	azuriteURL  string // http://127.0.0.1:PORT/devstoreaccount1
	azuriteSkip string // why the emulator is not running
)

// The emulator's well-known account (documented by Microsoft; not a
// secret).
const (
	devAccount = "devstoreaccount1"
	devKey     = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)

var listening = regexp.MustCompile(`listens on (http://[0-9.]+:[0-9]+)`)

func TestMain(m *testing.M) {
	stop := startAzurite()
	code := m.Run()
	stop()
	os.Exit(code)
}

func startAzurite() (stop func()) {
	bin, _ := filepath.Abs("../../../tools/azurite/node_modules/.bin/azurite-blob")
	if _, err := os.Stat(bin); err != nil {
		azuriteSkip = "Azurite is not installed (run scripts/deps.sh, which runs npm ci in tools/azurite): " + err.Error()
		return func() {}
	}
	dir, err := os.MkdirTemp("", "quarry-azurite-")
	if err != nil {
		azuriteSkip = err.Error()
		return func() {}
	}
	// In-memory persistence: quicker than files for 10,000 blobs, and
	// nothing outlives the run. The temp dir is the working directory in
	// case a version writes anything anyway.
	cmd := exec.Command(bin, "--blobHost", "127.0.0.1", "--blobPort", "0",
		"--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--loose")
	cmd.Dir = dir
	// Its own process group, killed whole at the end; and killed by the
	// kernel if this test binary dies first (a timeout panic), so no
	// emulator outlives the run.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		azuriteSkip = err.Error()
		return func() {}
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		azuriteSkip = "starting Azurite: " + err.Error()
		return func() {}
	}
	stop = func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		_ = os.RemoveAll(dir)
	}
	found := make(chan string, 1)
	go func() {
		// Read stdout to the end (an unread pipe would block Azurite);
		// the port line goes to found, and "" if Azurite exits first.
		sc := bufio.NewScanner(out)
		var said []string
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			} else if len(said) < 5 {
				said = append(said, sc.Text())
			}
		}
		select {
		case found <- "exited: " + strings.Join(said, " / "):
		default:
		}
	}()
	select {
	case u := <-found:
		if !strings.HasPrefix(u, "http://") {
			azuriteSkip = "Azurite " + u
			return stop
		}
		azuriteURL = u + "/" + devAccount
	case <-time.After(60 * time.Second):
		azuriteSkip = "Azurite did not report its port within 60 s"
	}
	return stop
}

// needAzurite skips a test when the emulator is missing, except in CI,
// where a missing emulator is a broken setup and fails.
func needAzurite(t *testing.T) {
	t.Helper()
	if azuriteURL != "" {
		return
	}
	fixture.Missing(t, "%s", azuriteSkip)
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}
