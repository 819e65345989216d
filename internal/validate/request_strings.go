package validate

import (
	"bytes"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/problem"
)

// Length limits of request strings, in bytes (docs/security.md, "Limits").
// They keep a request's text proportionate to what it describes and keep
// oversized values out of prompts, logs, events and database rows.
const (
	MaxFilenameBytes    = 255  // files[].filename, a multipart part's filename, file_options keys
	MaxTextBytes        = 4096 // intention, descriptions, predicates
	MaxURLBytes         = 2048 // callback_url
	MaxNameBytes        = 1024 // ids, names, types and every other request string
	MaxKeyBytes         = 256  // keys of metadata and validator params
	MaxValueBytes       = 4096 // strings inside metadata, params and enum values
	maxStringIssueCount = 100  // a hostile body gets a readable answer, not one line per string
)

// textFields are the JSON names whose strings are prose.
var textFields = map[string]int{
	"intention": MaxTextBytes, "description": MaxTextBytes, "predicate": MaxTextBytes,
	"filename": MaxFilenameBytes, "callback_url": MaxURLBytes,
}

// unchecked are strings with limits of their own: file bytes (the file
// size limit) and patterns (MaxPatternBytes), which are only checked for
// NUL characters.
var unchecked = map[string]bool{"content_base64": true, "pattern": true}

// Strings reports request strings that a store cannot keep or that exceed
// their length limit: NUL characters (PostgreSQL text and JSON refuse
// them), invalid UTF-8, control characters in filenames, and lengths past
// the Max*Bytes limits. v is the request (any wire struct); paths use the
// JSON names, as the other invalid_request errors do.
func Strings(v any) []problem.FieldError {
	w := &stringWalker{}
	w.walk("", "", reflect.ValueOf(v), MaxNameBytes)
	return w.errs
}

type stringWalker struct {
	errs []problem.FieldError
}

func (w *stringWalker) add(path, msg string) {
	if len(w.errs) < maxStringIssueCount {
		w.errs = append(w.errs, problem.FieldError{Path: path, Message: msg})
	}
}

// walk visits v at path; name is the JSON name of the field holding it and
// limit the byte limit its strings get.
func (w *stringWalker) walk(path, name string, v reflect.Value, limit int) {
	if len(w.errs) >= maxStringIssueCount {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			w.walk(path, name, v.Elem(), limit)
		}
	case reflect.Interface:
		// Free-form values (metadata, params, enum): caller data.
		if !v.IsNil() {
			w.walk(path, name, v.Elem(), MaxValueBytes)
		}
	case reflect.String:
		w.str(path, name, v.String(), limit)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			// json.RawMessage (transformation invariants) is stored as it
			// came; an escaped NUL would reach the database.
			if bytes.Contains(v.Bytes(), []byte(`\u0000`)) {
				w.add(path, "contains a NUL character (\\u0000)")
			}
			return
		}
		for i := 0; i < v.Len(); i++ {
			w.walk(path+"["+strconv.Itoa(i)+"]", name, v.Index(i), limit)
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			w.walk(path+"["+strconv.Itoa(i)+"]", name, v.Index(i), limit)
		}
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		keyLimit := MaxKeyBytes
		if name == "file_options" {
			keyLimit = MaxFilenameBytes // keyed by filename
		}
		for _, k := range keys {
			kp := path + "[" + strconv.QuoteToASCII(k.String()) + "]"
			w.str(kp+" (key)", "", k.String(), keyLimit)
			w.walk(kp, name, v.MapIndex(k), limit)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := strings.Split(f.Tag.Get("json"), ",")[0]
			if !f.IsExported() || tag == "-" {
				continue
			}
			if tag == "" {
				tag = f.Name
			}
			fp := tag
			if path != "" {
				fp = path + "." + tag
			}
			lim := MaxNameBytes
			if l, ok := textFields[tag]; ok {
				lim = l
			}
			w.walk(fp, tag, v.Field(i), lim)
		}
	}
}

func (w *stringWalker) str(path, name, s string, limit int) {
	if strings.IndexByte(s, 0) >= 0 {
		w.add(path, "contains a NUL character")
		return
	}
	if unchecked[name] {
		return
	}
	if !utf8.ValidString(s) {
		w.add(path, "is not valid UTF-8")
		return
	}
	if name == "filename" && strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		w.add(path, "contains control characters")
		return
	}
	if len(s) > limit {
		w.add(path, fmt.Sprintf("is %d bytes long; the limit is %d bytes", len(s), limit))
	}
}
