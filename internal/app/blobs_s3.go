package app

import (
	"strconv"
	"strings"

	"github.com/quarrydev/quarry/internal/blob"
)

// S3OptionsFromEnv reads QUARRY_S3_ENDPOINT and QUARRY_S3_PATH_STYLE
// (default: true when an endpoint is set, as MinIO-like stores need).
// Region and credentials come from the standard AWS variables.
// TODO(lead): move both into internal/config.Settings.
func S3OptionsFromEnv(lookup func(string) (string, bool)) blob.S3Options {
	var o blob.S3Options
	if v, ok := lookup("QUARRY_S3_ENDPOINT"); ok {
		o.Endpoint = strings.TrimSpace(v)
	}
	o.PathStyle = o.Endpoint != ""
	if v, ok := lookup("QUARRY_S3_PATH_STYLE"); ok && strings.TrimSpace(v) != "" {
		if b, err := strconv.ParseBool(strings.TrimSpace(v)); err == nil {
			o.PathStyle = b
		}
	}
	return o
}
