// Package drivers registers every object-store driver. Import it for its
// side effect wherever sources are opened (the app's wiring), so the
// service can open any type the API accepts without naming the SDKs.
package drivers

import (
	_ "github.com/quarrydev/quarry/internal/connector/azure" // azure_blob
	_ "github.com/quarrydev/quarry/internal/connector/gcs"   // gcs
	_ "github.com/quarrydev/quarry/internal/connector/s3"    // s3
)
