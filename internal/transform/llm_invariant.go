package transform

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// On a violated invariant an llm transformation either asks the model
// once more, saying what was off (repair), or keeps the answer and notes
// the violation (warn). A repair that still fails is kept with a warning:
// the caller sees the rows and the problem instead of losing both.
const (
	OnViolationRepair = "repair"
	OnViolationWarn   = "warn"
)

// Invariant defaults when the request leaves them out.
const (
	DefaultInvariantTotal     = 100
	DefaultInvariantTolerance = 0.5
)

// Invariant is an llm transformation's arithmetic promise: the share_field
// of the output rows sums to total within tolerance (ownership shares
// summing to 100 %, line amounts summing to the invoice total).
type Invariant struct {
	ShareField  string  `json:"share_field"`
	Total       float64 `json:"total"`
	Tolerance   float64 `json:"tolerance"`
	OnViolation string  `json:"on_violation"`
}

// parseInvariant reads the request's invariant object; nil when there is
// none.
func parseInvariant(raw json.RawMessage) (*Invariant, error) {
	if s := strings.TrimSpace(string(raw)); s == "" || s == "null" {
		return nil, nil
	}
	var in struct {
		ShareField  string   `json:"share_field"`
		Total       *float64 `json:"total"`
		Tolerance   *float64 `json:"tolerance"`
		OnViolation string   `json:"on_violation"`
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, fmt.Errorf("invariant is not an object of share_field, total, tolerance and on_violation: %v", err)
	}
	iv := &Invariant{ShareField: in.ShareField, Total: DefaultInvariantTotal, Tolerance: DefaultInvariantTolerance, OnViolation: in.OnViolation}
	if in.Total != nil {
		iv.Total = *in.Total
	}
	if in.Tolerance != nil {
		iv.Tolerance = *in.Tolerance
	}
	if iv.OnViolation == "" {
		iv.OnViolation = OnViolationRepair
	}
	switch {
	case iv.ShareField == "":
		return nil, fmt.Errorf("invariant needs share_field")
	case iv.Tolerance < 0:
		return nil, fmt.Errorf("invariant tolerance must not be negative")
	case iv.OnViolation != OnViolationRepair && iv.OnViolation != OnViolationWarn:
		return nil, fmt.Errorf("invariant on_violation must be repair or warn, not %q", iv.OnViolation)
	}
	return iv, nil
}

// check says what is wrong with rows, "" when the shares sum to the total
// within tolerance. A row without a readable share breaks the promise as
// surely as a wrong sum.
func (iv *Invariant) check(rows []map[string]any) string {
	sum := 0.0
	for i, r := range rows {
		v, ok := shareValue(r[iv.ShareField])
		if !ok {
			return fmt.Sprintf("row %d has no numeric %s (got %v)", i, iv.ShareField, r[iv.ShareField])
		}
		sum += v
	}
	if math.Abs(sum-iv.Total) > iv.Tolerance {
		return fmt.Sprintf("the %s of the %d rows sum to %s, not %s within %s",
			iv.ShareField, len(rows), fmtNum(sum), fmtNum(iv.Total), fmtNum(iv.Tolerance))
	}
	return ""
}

// shareValue reads a number, or text such as "25,5 %" or "33.3%".
func shareValue(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case string:
		s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(x), "%"))
		if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
			s = strings.Replace(s, ",", ".", 1)
		}
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	return 0, false
}

func fmtNum(f float64) string {
	return strconv.FormatFloat(math.Round(f*1e6)/1e6, 'f', -1, 64)
}
