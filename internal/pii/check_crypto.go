package pii

import (
	"crypto/sha256"
	"encoding/hex"
	"math/big"
	"math/rand/v2"
	"strings"

	"golang.org/x/crypto/sha3"
)

// Wallet address checks: Bitcoin legacy/P2SH (base58check), Bitcoin
// SegWit (bech32/bech32m) and Ethereum (EIP-55 mixed-case checksum).

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var base58Index [256]int8

func init() {
	for i := range base58Index {
		base58Index[i] = -1
	}
	for i := 0; i < len(base58Alphabet); i++ {
		base58Index[base58Alphabet[i]] = int8(i)
	}
}

func validWallet(w string) bool {
	switch {
	case len(w) == 42 && (strings.HasPrefix(w, "0x") || strings.HasPrefix(w, "0X")):
		return validETH(w[2:])
	case len(w) >= 14 && (strings.HasPrefix(w, "bc1") || strings.HasPrefix(w, "BC1")):
		return validBech32(w)
	case len(w) >= 26 && len(w) <= 35 && (w[0] == '1' || w[0] == '3'):
		return validBase58Check(w)
	}
	return false
}

func base58Decode(s string) ([]byte, bool) {
	n := new(big.Int)
	radix := big.NewInt(58)
	for i := 0; i < len(s); i++ {
		v := base58Index[s[i]]
		if v < 0 {
			return nil, false
		}
		n.Mul(n, radix)
		n.Add(n, big.NewInt(int64(v)))
	}
	out := n.Bytes()
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	return append(make([]byte, zeros), out...), true
}

func base58Encode(b []byte) string {
	n := new(big.Int).SetBytes(b)
	radix := big.NewInt(58)
	mod := new(big.Int)
	var out []byte
	for n.Sign() > 0 {
		n.DivMod(n, radix, mod)
		out = append(out, base58Alphabet[mod.Int64()])
	}
	for _, c := range b {
		if c != 0 {
			break
		}
		out = append(out, '1')
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}

func validBase58Check(s string) bool {
	b, ok := base58Decode(s)
	if !ok || len(b) != 25 || (b[0] != 0 && b[0] != 5) {
		return false
	}
	h := sha256.Sum256(b[:21])
	h = sha256.Sum256(h[:])
	return string(h[:4]) == string(b[21:])
}

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if (top>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

func validBech32(s string) bool {
	if strings.ToLower(s) != s && strings.ToUpper(s) != s {
		return false
	}
	s = strings.ToLower(s)
	if len(s) < 14 || len(s) > 74 || s[:3] != "bc1" {
		return false
	}
	data := make([]byte, 0, len(s))
	data = append(data, 'b'>>5, 'c'>>5, 0, 'b'&31, 'c'&31)
	for i := 3; i < len(s); i++ {
		k := strings.IndexByte(bech32Charset, s[i])
		if k < 0 {
			return false
		}
		data = append(data, byte(k))
	}
	pm := bech32Polymod(data)
	return pm == 1 || pm == 0x2bc830a3 // bech32, bech32m
}

func bech32Encode(program []byte) string {
	// witness version 0 followed by the program regrouped to 5 bits
	data := []byte{0}
	acc, bits := 0, 0
	for _, b := range program {
		acc = acc<<8 | int(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			data = append(data, byte(acc>>bits)&31)
		}
	}
	if bits > 0 {
		data = append(data, byte(acc<<(5-bits))&31)
	}
	values := append([]byte{'b' >> 5, 'c' >> 5, 0, 'b' & 31, 'c' & 31}, data...)
	values = append(values, 0, 0, 0, 0, 0, 0)
	pm := bech32Polymod(values) ^ 1
	var out strings.Builder
	out.WriteString("bc1")
	for _, d := range data {
		out.WriteByte(bech32Charset[d])
	}
	for i := 0; i < 6; i++ {
		out.WriteByte(bech32Charset[(pm>>(5*(5-i)))&31])
	}
	return out.String()
}

func validETH(h string) bool {
	if len(h) != 40 {
		return false
	}
	lower, upper := false, false
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case c >= '0' && c <= '9':
		case c >= 'a' && c <= 'f':
			lower = true
		case c >= 'A' && c <= 'F':
			upper = true
		default:
			return false
		}
	}
	if !(lower && upper) {
		return true // no case checksum to verify
	}
	return eip55(strings.ToLower(h)) == h
}

func eip55(lower string) string {
	k := sha3.NewLegacyKeccak256()
	k.Write([]byte(lower))
	sum := hex.EncodeToString(k.Sum(nil))
	out := []byte(lower)
	for i := range out {
		if out[i] >= 'a' && sum[i] >= '8' {
			out[i] -= 'a' - 'A'
		}
	}
	return string(out)
}

func synthWallet(r *rand.Rand) string {
	switch r.IntN(3) {
	case 0:
		b := append([]byte{0}, randBytes(r, 20)...)
		h := sha256.Sum256(b)
		h = sha256.Sum256(h[:])
		return base58Encode(append(b, h[:4]...))
	case 1:
		return bech32Encode(randBytes(r, 20))
	}
	return "0x" + eip55(hex.EncodeToString(randBytes(r, 20)))
}

func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return b
}
