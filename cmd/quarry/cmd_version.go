package main

import (
	"fmt"
	"io"
	"runtime"

	"github.com/quarrydev/quarry/internal/server"
)

func cmdVersion(stdout io.Writer) int {
	fmt.Fprintf(stdout, "quarry %s (%s)\n", server.Version, runtime.Version())
	return 0
}
