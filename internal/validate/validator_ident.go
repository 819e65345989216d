package validate

import (
	"encoding/json"
	"regexp"
)

func init() {
	register(validator{info: Info{Name: "uuid", Category: CatIdentifiers,
		Description: "UUID in the canonical 8-4-4-4-12 hexadecimal form, any version.",
		Example:     "123e4567-e89b-12d3-a456-426614174000"}, check: checkUUID})
	register(validator{info: Info{Name: "json", Category: CatIdentifiers,
		Description: "Well-formed JSON whose top level is an object or an array.",
		Example:     `{"a": [1, 2]}`}, check: checkJSON})
	register(validator{info: Info{Name: "hex_color", Category: CatIdentifiers,
		Description: "CSS hex colour: # then 3, 4, 6 or 8 hexadecimal digits.",
		Example:     "#1a2b3c"}, check: checkHexColor})
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func checkUUID(s string, _ params) string {
	if !uuidRE.MatchString(s) {
		return "not a UUID"
	}
	return ""
}

func checkJSON(s string, _ params) string {
	if (s[0] != '{' && s[0] != '[') || !json.Valid([]byte(s)) {
		return "not a JSON object or array"
	}
	return ""
}

var hexColorRE = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$`)

func checkHexColor(s string, _ params) string {
	if !hexColorRE.MatchString(s) {
		return "not a hex colour"
	}
	return ""
}
