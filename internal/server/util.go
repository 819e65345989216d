package server

import (
	"io"
	"net/http"
	"strconv"
)

func itoa(i int) string { return strconv.Itoa(i) }

func readAll(r *http.Request) ([]byte, error) { return io.ReadAll(r.Body) }
