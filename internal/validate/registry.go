package validate

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Info describes one field validator for GET /api/v1/validators.
type Info struct {
	Name        string  `json:"name"`
	Category    string  `json:"category"`
	Description string  `json:"description"`
	Params      []Param `json:"params"`
	// Example is a value the validator accepts with default params.
	Example string `json:"example"`
}

// Param describes one validator parameter.
type Param struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description"`
	Default     any    `json:"default"`
}

// Categories of the catalogue, as the reference groups them.
const (
	CatNetwork     = "network"
	CatTime        = "time"
	CatIdentifiers = "identifiers"
	CatFinance     = "finance"
	CatPhone       = "phone"
	CatGeo         = "geo"
	CatNationalIDs = "national_ids"
)

// checkFunc inspects a trimmed, non-empty string and returns "" when it
// passes or a short human message saying why it does not.
type checkFunc func(s string, p params) string

type validator struct {
	info Info
	// numeric validators (amount, latitude, longitude) also take float64 and
	// int64 values: a number field carrying a coordinate should not fail
	// just because the extractor produced a JSON number.
	numeric bool
	check   checkFunc
}

// registry is filled by the init functions of the validator_*.go files and
// only read afterwards, so it needs no lock.
var registry = map[string]*validator{}

// register adds v under its stable name. Names are part of the wire
// contract, so a clash is a programming error and panics at start.
func register(v validator) {
	if v.info.Name == "" || v.check == nil {
		panic("validate: validator without name or check")
	}
	if _, dup := registry[v.info.Name]; dup {
		panic(fmt.Sprintf("validate: validator %q registered twice", v.info.Name))
	}
	if v.info.Params == nil {
		v.info.Params = []Param{}
	}
	registry[v.info.Name] = &v
}

// Known reports whether name is a registered field validator.
func Known(name string) bool {
	_, ok := registry[name]
	return ok
}

// Catalogue lists every field validator sorted by name.
func Catalogue() []Info {
	out := make([]Info, 0, len(registry))
	for _, v := range registry {
		in := v.info
		in.Params = append([]Param{}, v.info.Params...)
		out = append(out, in)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Validate runs the validator called name on value. A nil value passes (an
// absent value is the required flag's business, not the validator's).
// known is false when no validator has that name; ok is then false too.
func Validate(name string, value any, params map[string]any) (ok bool, message string, known bool) {
	v, found := registry[name]
	if !found {
		return false, fmt.Sprintf("unknown validator %q", name), false
	}
	if value == nil {
		return true, "", true
	}
	s, msg := textOf(value, v.numeric)
	if msg == "" {
		msg = v.check(s, params)
	}
	return msg == "", msg, true
}

// textOf turns a value into the trimmed string a check inspects.
func textOf(value any, numeric bool) (string, string) {
	switch x := value.(type) {
	case string:
		s := strings.TrimSpace(x)
		if s == "" {
			return "", "value is empty"
		}
		return s, ""
	case float64:
		if numeric {
			return strconv.FormatFloat(x, 'f', -1, 64), ""
		}
	case int64:
		if numeric {
			return strconv.FormatInt(x, 10), ""
		}
	case int:
		if numeric {
			return strconv.Itoa(x), ""
		}
	}
	return "", fmt.Sprintf("expected a string value, got %s", kindOf(value))
}

// kindOf names a value's JSON kind for messages.
func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64, float32, int, int64, int32:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// params reads validator parameters leniently: JSON brings numbers as
// float64 and callers sometimes quote booleans.
type params map[string]any

func (p params) str(name string) string {
	if s, ok := p[name].(string); ok {
		return strings.TrimSpace(s)
	}
	return ""
}

func (p params) boolean(name string, def bool) bool {
	switch x := p[name].(type) {
	case bool:
		return x
	case string:
		if b, err := strconv.ParseBool(strings.TrimSpace(x)); err == nil {
			return b
		}
	}
	return def
}

// compact removes the separators people put inside identifiers (spaces,
// hyphens, dots, slashes) and upper-cases the rest.
func compact(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case ' ', '-', '.', '/', '\t':
			continue
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isUpperAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return s != ""
}
