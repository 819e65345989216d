package export

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Kind is the type of one export column, shared by every writer so a
// number is a number in Parquet, Arrow, XLSX and JSON alike.
type Kind int

// Column kinds.
const (
	KindString    Kind = iota
	KindFloat          // float64
	KindInt            // int64
	KindBool           // bool
	KindDate           // calendar date, no time zone (Parquet/Arrow date32)
	KindTimestamp      // instant, UTC (microseconds)
	KindJSON           // any JSON value, written as JSON text in flat formats
)

func (k Kind) String() string {
	switch k {
	case KindFloat:
		return "number"
	case KindInt:
		return "integer"
	case KindBool:
		return "boolean"
	case KindDate:
		return "date"
	case KindTimestamp:
		return "timestamp"
	case KindJSON:
		return "json"
	}
	return "string"
}

// Column is one column of the flat row every format writes.
type Column struct {
	Name string
	Kind Kind
	// get reads the column's raw value from a record; Value converts it.
	get func(*Record) any
}

// Value is the column's value for r, converted to the column's kind:
// string, float64, int64, bool, time.Time, or for KindJSON the decoded
// JSON value. nil is a null. A value that does not convert (a date field
// holding "next week") is a null rather than a guess.
func (c Column) Value(r *Record) any {
	return convert(c.Kind, c.get(r))
}

// ChildTable is an array-of-objects field exploded into rows of its own,
// for the formats that have more than one table (xlsx sheets, xml
// elements). Each child row belongs to its parent by execution_id.
type ChildTable struct {
	Name    string // the parent column's name, e.g. "line_items"
	Columns []Column
	rows    func(*Record) []any
}

// Rows returns the child rows of r: each item of the array, as an object
// (non-object items are kept under the key "value").
func (t ChildTable) Rows(r *Record) []map[string]any {
	items := t.rows(r)
	out := make([]map[string]any, 0, len(items))
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			m = map[string]any{"value": it}
		}
		out = append(out, m)
	}
	return out
}

// Layout is the dataset's columns in order and its child tables, fixed by
// the Schema before the first record so every writer knows its header.
type Layout struct {
	Columns  []Column
	Children []ChildTable
}

// Fixed leading columns, the same in every dataset.
var leadingColumns = []Column{
	{Name: "execution_id", Kind: KindString, get: func(r *Record) any { return r.ExecutionID }},
	{Name: "job_id", Kind: KindString, get: func(r *Record) any { return r.JobID }},
	{Name: "document_id", Kind: KindString, get: func(r *Record) any { return r.DocumentID }},
	{Name: "source_filename", Kind: KindString, get: func(r *Record) any { return r.SourceFilename }},
	{Name: "doc_type", Kind: KindString, get: func(r *Record) any { return r.DocType }},
	{Name: "language", Kind: KindString, get: func(r *Record) any { return r.Language }},
	{Name: "quality_score", Kind: KindFloat, get: func(r *Record) any { return r.QualityScore }},
	{Name: "quality_grade", Kind: KindString, get: func(r *Record) any { return r.QualityGrade }},
	{Name: "created_at", Kind: KindTimestamp, get: func(r *Record) any {
		if r.CreatedAt.IsZero() {
			return nil
		}
		return r.CreatedAt
	}},
	{Name: "pii_masked", Kind: KindBool, get: func(r *Record) any { return r.PIIMasked }},
}

// NewLayout derives the columns from the schema by the naming rule of
// docs/export.md: fixed columns; fields flattened (objects as "a.b",
// arrays as one JSON column plus a child table when they hold objects);
// "pii_total" and one "pii.<type>" per declared PII type; then "text".
// A name already taken gets "_2", "_3", ... so no column hides another.
func NewLayout(s Schema) Layout {
	var l Layout
	taken := map[string]bool{}
	add := func(c Column) Column {
		c.Name = uniqueName(c.Name, taken)
		l.Columns = append(l.Columns, c)
		return c
	}
	for _, c := range leadingColumns {
		add(c)
	}
	for _, f := range s.Fields {
		l.addField(add, f, nil, "")
	}
	add(Column{Name: "pii_total", Kind: KindInt, get: func(r *Record) any {
		n := 0
		for _, c := range r.PII {
			n += c
		}
		return int64(n)
	}})
	for _, t := range s.PIITypes {
		add(Column{Name: "pii." + t, Kind: KindInt, get: func(r *Record) any { return int64(r.PII[t]) }})
	}
	add(Column{Name: "text", Kind: KindString, get: func(r *Record) any { return r.Text() }})
	return l
}

func (l *Layout) addField(add func(Column) Column, f Field, path []string, prefix string) {
	name := f.Name
	if prefix != "" {
		name = prefix + "." + f.Name
	}
	p := append(append([]string(nil), path...), f.Name)
	get := func(r *Record) any { return lookup(r.Fields, p) }
	switch f.Type {
	case TypeObject:
		if len(f.Properties) == 0 {
			add(Column{Name: name, Kind: KindJSON, get: get})
			return
		}
		for _, sub := range f.Properties {
			l.addField(add, sub, p, name)
		}
	case TypeArray:
		c := add(Column{Name: name, Kind: KindJSON, get: get})
		if len(f.Properties) > 0 {
			l.Children = append(l.Children, ChildTable{
				Name:    c.Name,
				Columns: childColumns(f.Properties),
				rows: func(r *Record) []any {
					a, _ := get(r).([]any)
					return a
				},
			})
		}
	default:
		add(Column{Name: name, Kind: kindOf(f.Type), get: get})
	}
}

// childColumns flattens the properties of an array's rows the same way
// as top-level fields; nested arrays stay JSON.
func childColumns(props []Field) []Column {
	var cols []Column
	taken := map[string]bool{}
	var walk func(f Field, path []string, prefix string)
	walk = func(f Field, path []string, prefix string) {
		name := f.Name
		if prefix != "" {
			name = prefix + "." + f.Name
		}
		p := append(append([]string(nil), path...), f.Name)
		// Child getters read from the row object, which the writer passes
		// as Record.Fields of a throwaway record.
		get := func(r *Record) any { return lookup(r.Fields, p) }
		if f.Type == TypeObject && len(f.Properties) > 0 {
			for _, sub := range f.Properties {
				walk(sub, p, name)
			}
			return
		}
		k := kindOf(f.Type)
		if f.Type == TypeObject || f.Type == TypeArray {
			k = KindJSON
		}
		cols = append(cols, Column{Name: uniqueName(name, taken), Kind: k, get: get})
	}
	for _, f := range props {
		walk(f, nil, "")
	}
	return cols
}

// RowValue reads a child column from one child row.
func (c Column) RowValue(row map[string]any) any {
	return c.Value(&Record{Fields: row})
}

func kindOf(t FieldType) Kind {
	switch t {
	case TypeNumber:
		return KindFloat
	case TypeInteger:
		return KindInt
	case TypeBoolean:
		return KindBool
	case TypeDate:
		return KindDate
	case TypeObject, TypeArray:
		return KindJSON
	}
	return KindString
}

func uniqueName(name string, taken map[string]bool) string {
	if name == "" {
		name = "field"
	}
	n := name
	for i := 2; taken[n]; i++ {
		n = name + "_" + strconv.Itoa(i)
	}
	taken[n] = true
	return n
}

// lookup follows path through nested objects. Each step is one field
// name, so a field literally named "a.b" is one step, never two.
func lookup(m map[string]any, path []string) any {
	var cur any = m
	for _, k := range path {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = obj[k]
	}
	return cur
}

// Text is the record's full text: its pages joined by a blank line.
func (r *Record) Text() string { return strings.Join(r.Pages, "\n\n") }

// convert turns a decoded JSON value into the column's kind.
func convert(k Kind, v any) any {
	if v == nil {
		return nil
	}
	switch k {
	case KindString:
		switch x := v.(type) {
		case string:
			return x
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64)
		case bool:
			return strconv.FormatBool(x)
		case time.Time:
			return x.UTC().Format(time.RFC3339)
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil
		}
		return string(b)
	case KindFloat:
		switch x := v.(type) {
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil
			}
			return x
		case int64:
			return float64(x)
		case int:
			return float64(x)
		case string:
			f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return nil
			}
			return f
		}
	case KindInt:
		switch x := v.(type) {
		case int64:
			return x
		case int:
			return int64(x)
		case float64:
			if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
				return nil
			}
			return int64(x)
		case string:
			n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
			if err != nil {
				return nil
			}
			return n
		}
	case KindBool:
		switch x := v.(type) {
		case bool:
			return x
		case string:
			b, err := strconv.ParseBool(strings.TrimSpace(x))
			if err != nil {
				return nil
			}
			return b
		}
	case KindDate:
		switch x := v.(type) {
		case time.Time:
			return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)
		case string:
			return parseDate(x)
		}
	case KindTimestamp:
		switch x := v.(type) {
		case time.Time:
			return x.UTC()
		case string:
			t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(x))
			if err != nil {
				return nil
			}
			return t.UTC()
		}
	case KindJSON:
		return v
	}
	return nil
}

// parseDate accepts an ISO date, alone or at the start of an RFC 3339
// timestamp; anything else is not a date.
func parseDate(s string) any {
	s = strings.TrimSpace(s)
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10]
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return nil
	}
	return t
}

// formatText renders a converted value as text for the text formats
// (csv, md, xml): numbers in shortest form, dates as YYYY-MM-DD,
// timestamps as RFC 3339, JSON as compact JSON; nil is "".
func formatText(k Kind, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if k == KindJSON {
			return jsonText(x)
		}
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		if k == KindDate {
			return x.Format(time.DateOnly)
		}
		return x.UTC().Format(time.RFC3339Nano)
	}
	return jsonText(v)
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// Names lists the column names in order, e.g. for a rows preview that
// must show the same columns the exports write.
func (l Layout) Names() []string { return columnNames(l.Columns) }
