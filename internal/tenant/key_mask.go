package tenant

import (
	"crypto/hmac"
	"crypto/sha256"
)

// MaskKey is a workspace's key for PII hash masking, derived from the
// service secret. Deriving it (rather than storing one per workspace)
// means no key table to migrate or back up, while hashed values still
// join inside a workspace and never across. The derivation must not
// change: stored results hold hashes made with it.
func MaskKey(secret []byte, workspaceID string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("pii-mask:" + workspaceID))
	return m.Sum(nil)
}
