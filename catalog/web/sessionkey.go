package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SessionKeyEnv names the environment variable that carries the session
// key (base64 or hex of at least 32 bytes, or any string of at least 32
// characters). Several instances behind one load balancer need the same
// key, so operators set it there; a single instance can rely on the file.
const SessionKeyEnv = "DATENPORTAL_SESSION_KEY"

// sessionKeyFile is the key's file in the data directory.
const sessionKeyFile = "session.key"

// LoadSessionKey returns the key from $DATENPORTAL_SESSION_KEY if set, else
// from <dataDir>/session.key, creating that file with a fresh random key
// (mode 0600) on first start.
func LoadSessionKey(dataDir string) ([]byte, error) {
	if v := strings.TrimSpace(os.Getenv(SessionKeyEnv)); v != "" {
		return parseKey(v)
	}
	path := filepath.Join(dataDir, sessionKeyFile)
	if b, err := os.ReadFile(path); err == nil {
		return parseKey(strings.TrimSpace(string(b)))
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("reading session key: %w", err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("writing session key: %w", err)
	}
	enc := base64.StdEncoding.EncodeToString(key)
	// O_EXCL: if another process created the file meanwhile, use its key
	// so both agree.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return LoadSessionKey(dataDir)
	}
	if err != nil {
		return nil, fmt.Errorf("writing session key: %w", err)
	}
	if _, err := f.WriteString(enc + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("writing session key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("writing session key: %w", err)
	}
	return key, nil
}

func parseKey(v string) ([]byte, error) {
	if b, err := base64.StdEncoding.DecodeString(v); err == nil && len(b) >= 32 {
		return b, nil
	}
	if len(v) >= 32 {
		return []byte(v), nil
	}
	return nil, errors.New("session key too short: need at least 32 bytes")
}

// keys are independent sub-keys of the session key, one per purpose, so a
// value signed for one purpose can never pass as another.
type keys struct {
	session, csrf, plan, password, upload []byte
}

func deriveKeys(master []byte) keys {
	sub := func(purpose string) []byte {
		m := hmac.New(sha256.New, master)
		m.Write([]byte("datenportal/web/" + purpose))
		return m.Sum(nil)
	}
	return keys{session: sub("session"), csrf: sub("csrf"), plan: sub("import-plan"), password: sub("password"),
		upload: sub("tus-upload")}
}

func mac(key []byte, parts ...string) []byte {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return m.Sum(nil)
}
