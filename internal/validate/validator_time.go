package validate

import (
	"regexp"
	"time"
)

func init() {
	register(validator{info: Info{Name: "date", Category: CatTime,
		Description: "Calendar date YYYY-MM-DD (the day must exist).",
		Example:     "2025-05-15"}, check: checkDate})
	dt := Info{Category: CatTime,
		Description: "Date and time: RFC 3339 (with offset) or ISO 8601 local time YYYY-MM-DDTHH:MM[:SS[.fff]].",
		Example:     "2025-05-15T16:42:03Z"}
	dt.Name = "datetime"
	register(validator{info: dt, check: checkDateTime})
	dt.Name, dt.Description = "iso_8601", "Alias of datetime. "+dt.Description
	register(validator{info: dt, check: checkDateTime})
	register(validator{info: Info{Name: "time", Category: CatTime,
		Description: "Time of day HH:MM or HH:MM:SS, optional fraction and offset (Z or ±HH:MM).",
		Example:     "09:30:00"}, check: checkTime})
}

func checkDate(s string, _ params) string {
	if len(s) != 10 {
		return "not a date (YYYY-MM-DD)"
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "not a date (YYYY-MM-DD)"
	}
	return ""
}

// isRFC3339 is the strict form the field format "date-time" asks for.
func isRFC3339(s string) bool {
	if len(s) < 20 {
		return false
	}
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}

var localDateTimeRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$`)

func checkDateTime(s string, _ params) string {
	if isRFC3339(s) {
		return ""
	}
	if localDateTimeRE.MatchString(s) {
		layout := "2006-01-02T15:04"
		if len(s) > 16 {
			layout += ":05"
		}
		t := []byte(s)
		t[10] = 'T'
		if len(t) > 19 {
			t = t[:19] // fraction already checked by the expression
		}
		if _, err := time.Parse(layout, string(t)); err == nil {
			return ""
		}
	}
	return "not an ISO 8601 date-time"
}

var timeRE = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d(:([0-5]\d|60)(\.\d{1,9})?)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)?$`)

func checkTime(s string, _ params) string {
	if !timeRE.MatchString(s) {
		return "not a time (HH:MM[:SS])"
	}
	return ""
}
