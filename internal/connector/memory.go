package connector

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
)

// Memory is an in-process Source for tests of the services above the
// seam. Fail makes every later call fail with the given error (a bucket
// deleted mid-sync, revoked credentials) until Fail(nil).
type Memory struct {
	mu      sync.Mutex
	objects map[string]memObject
	fail    error
	Lists   int // List calls served, for tests that count pages
}

type memObject struct {
	data []byte
	obj  Object
}

// NewMemory returns an empty Memory source.
func NewMemory() *Memory { return &Memory{objects: map[string]memObject{}} }

// Fail sets (or with nil clears) the error every call returns.
func (m *Memory) Fail(err error) {
	m.mu.Lock()
	m.fail = err
	m.mu.Unlock()
}

// Set stores data under key, as an upload by someone else would.
func (m *Memory) Set(key string, data []byte) Object {
	sum := md5.Sum(data)
	o := Object{Key: key, Size: int64(len(data)), ETag: hex.EncodeToString(sum[:]), Modified: time.Now().UTC()}
	m.mu.Lock()
	m.objects[key] = memObject{data: append([]byte(nil), data...), obj: o}
	m.mu.Unlock()
	return o
}

// Delete removes key.
func (m *Memory) Delete(key string) {
	m.mu.Lock()
	delete(m.objects, key)
	m.mu.Unlock()
}

// Get returns the bytes under key.
func (m *Memory) Get(key string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	o, ok := m.objects[key]
	return o.data, ok
}

func (m *Memory) List(_ context.Context, opt ListOptions) (Page, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Lists++
	if m.fail != nil {
		return Page{}, m.fail
	}
	limit := opt.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	keys := make([]string, 0, len(m.objects))
	for k := range m.objects {
		if strings.HasPrefix(k, opt.Prefix) && k > opt.Token {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var p Page
	for i, k := range keys {
		if i == limit {
			p.Next = keys[i-1]
			break
		}
		p.Objects = append(p.Objects, m.objects[k].obj)
	}
	return p, nil
}

func (m *Memory) Open(_ context.Context, key string) (io.ReadCloser, Object, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return nil, Object{}, m.fail
	}
	o, ok := m.objects[key]
	if !ok {
		return nil, Object{}, Errorf(KindObjectMissing, nil, "object %q does not exist", key)
	}
	return io.NopCloser(bytes.NewReader(o.data)), o.obj, nil
}

func (m *Memory) Put(_ context.Context, key string, r io.Reader, _ string) (Object, error) {
	m.mu.Lock()
	fail := m.fail
	m.mu.Unlock()
	if fail != nil {
		return Object{}, fail
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return Object{}, err
	}
	return m.Set(key, data), nil
}

func (m *Memory) Close() error { return nil }

var _ Source = (*Memory)(nil)
