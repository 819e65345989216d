package app

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/quarrydev/quarry/internal/config"
)

// PIIKey returns the secret the hash masking keys derive from:
// QUARRY_PII_HASH_KEY when set, else a random key kept in
// <data>/secrets/pii.key so hashed values stay stable across restarts.
// With create false (one-shot CLI runs) a missing file gives an ephemeral
// key instead of writing into the working directory.
func PIIKey(cfg config.Config, create bool) ([]byte, error) {
	if cfg.PIIKey != "" {
		return []byte(cfg.PIIKey), nil
	}
	path := filepath.Join(cfg.DataDir, "secrets", "pii.key")
	b, err := os.ReadFile(path)
	if err == nil {
		if key, derr := hex.DecodeString(strings.TrimSpace(string(b))); derr == nil && len(key) >= 16 {
			return key, nil
		}
		return nil, errors.New("pii key file " + path + " is not hex of 16+ bytes")
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if !create {
		return key, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, err
	}
	return key, nil
}
