// Package checkdigit holds the one implementation of every check digit and
// structure rule Quarry applies to identifiers: IBAN and the ISO 7064
// families, Luhn, BIC shape, ABA routing numbers and the national ids and
// VAT numbers that PII detection, field validators, extraction and the
// test corpora all need to agree on.
//
// It is a leaf: it imports only the standard library, so any package may
// use it without pulling in a layer.
//
// Every function takes the compact form of a value: separators removed and
// letters upper-cased. Normalising printed text is the caller's business,
// because what counts as a separator differs between a scanner and a
// schema validator. Whole-value checks return nil or one of the sentinel
// errors below, so a caller that explains a failure can tell shape from
// checksum without re-implementing the rule; callers that only need a
// verdict compare with nil.
package checkdigit

import (
	"errors"
	"fmt"
)

var (
	// ErrFormat means the value has the wrong length or characters for
	// its kind, so no check digit was computed.
	ErrFormat = errors.New("checkdigit: wrong length or characters")
	// ErrLength means the characters are right but their number is not
	// the one the value's own prefix calls for (an IBAN's country, a
	// BIC's 8 or 11).
	ErrLength = errors.New("checkdigit: wrong length for its kind")
	// ErrRange means a part of the value is never issued: an IBAN country
	// outside the registry, a routing or EIN prefix, an SSN area.
	ErrRange = errors.New("checkdigit: part outside the issued range")
	// ErrChecksum means the shape is right and the check digit is wrong.
	ErrChecksum = errors.New("checkdigit: check digit does not match")
)

// The SSN has three parts that can each be out of range; validators name
// the part, so each has its own error, all of them ErrRange underneath.
var (
	ErrSSNArea   = fmt.Errorf("%w: SSN area", ErrRange)
	ErrSSNGroup  = fmt.Errorf("%w: SSN group", ErrRange)
	ErrSSNSerial = fmt.Errorf("%w: SSN serial", ErrRange)
)

// check turns a verdict into the package's error convention.
func check(ok bool) error {
	if ok {
		return nil
	}
	return ErrChecksum
}
