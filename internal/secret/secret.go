// Package secret seals small secrets (a workspace's model API key, later a
// connector's credentials) for storage: AES-256-GCM under a key derived
// from QUARRY_SECRET_KEY. Each sealed value is bound to the workspace and
// purpose it was sealed for, so a ciphertext copied into another
// workspace's row, or into another column, does not open.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/hkdf"
)

// MinKeyBytes is the shortest QUARRY_SECRET_KEY accepted: the derived key
// is only as strong as what it is derived from.
const MinKeyBytes = 32

// prefix versions the format, so a later change of algorithm or key can
// tell old ciphertexts from new ones.
const prefix = "v1:"

// hkdfInfo separates this use of the operator's key from any other use
// it may be put to.
const hkdfInfo = "quarry secret sealing v1"

var (
	// ErrNoKey is returned when no key is configured.
	ErrNoKey = errors.New("secret: QUARRY_SECRET_KEY is not set")
	// ErrShortKey is returned for a key under MinKeyBytes.
	ErrShortKey = fmt.Errorf("secret: QUARRY_SECRET_KEY must be at least %d bytes", MinKeyBytes)
	// ErrOpen is every failure to open: a wrong key, a tampered value, a
	// value sealed for another workspace or purpose. One error, so a
	// caller learns nothing about which.
	ErrOpen = errors.New("secret: the sealed value does not open with this key for this workspace and purpose")
)

// Box seals and opens. The zero value is unusable; use New.
type Box struct{ aead cipher.AEAD }

// New derives the sealing key from the operator's secret.
func New(key string) (*Box, error) {
	if key == "" {
		return nil, ErrNoKey
	}
	if len(key) < MinKeyBytes {
		return nil, ErrShortKey
	}
	k := make([]byte, 32)
	if _, err := io.ReadFull(hkdf.New(sha256.New, []byte(key), nil, []byte(hkdfInfo)), k); err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Box{aead: aead}, nil
}

// ad is the associated data: authenticated, not stored. The length
// prefix keeps ("a:b","c") and ("a","b:c") apart.
func ad(workspace, purpose string) []byte {
	return fmt.Appendf(nil, "%d:%s|%s", len(workspace), workspace, purpose)
}

// Seal encrypts plain for workspace and purpose ("llm_api_key"...).
func (b *Box) Seal(workspace, purpose, plain string) (string, error) {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := b.aead.Seal(nonce, nonce, []byte(plain), ad(workspace, purpose))
	return prefix + base64.RawStdEncoding.EncodeToString(out), nil
}

// Open decrypts a value Seal made for the same workspace and purpose.
func (b *Box) Open(workspace, purpose, sealed string) (string, error) {
	rest, ok := strings.CutPrefix(sealed, prefix)
	if !ok {
		return "", ErrOpen
	}
	raw, err := base64.RawStdEncoding.DecodeString(rest)
	n := b.aead.NonceSize()
	if err != nil || len(raw) < n+b.aead.Overhead() {
		return "", ErrOpen
	}
	plain, err := b.aead.Open(nil, raw[:n], raw[n:], ad(workspace, purpose))
	if err != nil {
		return "", ErrOpen
	}
	return string(plain), nil
}
