package config

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeListsSettings keeps the README's configuration table honest:
// every setting Quarry reads is documented with its default.
func TestReadmeListsSettings(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Settings {
		row := "| `" + s.Env + "` |"
		i := strings.Index(string(readme), row)
		if i < 0 {
			t.Errorf("README lacks a row for %s", s.Env)
			continue
		}
		line := string(readme[i:])
		line = line[:strings.IndexByte(line, '\n')]
		if !strings.Contains(line, s.Default) {
			t.Errorf("README row for %s does not give its default %q: %s", s.Env, s.Default, line)
		}
	}
}
