package gazetteer

import (
	"encoding/binary"
	"errors"
)

// bloom is a Bloom filter over folded words. It answers "maybe" for a
// word it never saw at a known small rate (see data/README.md); callers
// use it only where a false "yes" costs recall, never precision.
type bloom struct {
	bits []uint64
	k    uint32
	mask uint32 // number of bits - 1: sizes are powers of two, so no division
}

// bloomHashes returns two 32-bit halves of FNV-1a 64 for double hashing.
func bloomHashes(w []byte) (uint32, uint32) {
	h := uint64(14695981039346656037)
	for _, c := range w {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return uint32(h), uint32(h>>32) | 1
}

// newBloom rounds nbits up to a power of two (at least 64).
func newBloom(nbits uint64, k uint32) *bloom {
	n := uint64(64)
	for n < nbits {
		n <<= 1
	}
	return &bloom{bits: make([]uint64, n/64), k: k, mask: uint32(n - 1)}
}

func (b *bloom) add(w []byte) {
	h1, h2 := bloomHashes(w)
	for i := uint32(0); i < b.k; i++ {
		p := (h1 + i*h2) & b.mask
		b.bits[p>>6] |= 1 << (p & 63)
	}
}

func (b *bloom) has(w []byte) bool {
	if len(b.bits) == 0 {
		return false
	}
	h1, h2 := bloomHashes(w)
	for i := uint32(0); i < b.k; i++ {
		p := (h1 + i*h2) & b.mask
		if b.bits[p>>6]&(1<<(p&63)) == 0 {
			return false
		}
	}
	return true
}

// The file format: "QBF1", k as uint32, word count as uint32, then the
// bit words, all little-endian.
func (b *bloom) MarshalBinary() ([]byte, error) {
	out := make([]byte, 12, 12+8*len(b.bits))
	copy(out, "QBF1")
	binary.LittleEndian.PutUint32(out[4:], b.k)
	binary.LittleEndian.PutUint32(out[8:], uint32(len(b.bits)))
	for _, w := range b.bits {
		out = binary.LittleEndian.AppendUint64(out, w)
	}
	return out, nil
}

func (b *bloom) UnmarshalBinary(data []byte) error {
	if len(data) < 12 || string(data[:4]) != "QBF1" {
		return errors.New("gazetteer: not a bloom file")
	}
	b.k = binary.LittleEndian.Uint32(data[4:])
	n := int(binary.LittleEndian.Uint32(data[8:]))
	if len(data) != 12+8*n || b.k == 0 || n == 0 || n&(n-1) != 0 {
		return errors.New("gazetteer: truncated bloom file or size not a power of two")
	}
	b.mask = uint32(n*64 - 1)
	b.bits = make([]uint64, n)
	for i := range b.bits {
		b.bits[i] = binary.LittleEndian.Uint64(data[12+8*i:])
	}
	return nil
}
