// Command fakes3 serves an S3-compatible store in memory, so connectors
// can be tried on one machine without a cloud account or MinIO:
//
//	go run ./cmd/fakes3 -addr 127.0.0.1:9000 -bucket inbox
//
// It is gofakes3 (the store the connector tests use): path-style URLs,
// any access key and secret are accepted, and nothing survives a restart.
// Objects can be added with any S3 client, or with a plain
// `curl -T FILE http://127.0.0.1:9000/inbox/KEY`.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9000", "address to listen on")
	buckets := flag.String("bucket", "inbox", "comma-separated buckets to create at start")
	flag.Parse()
	be := s3mem.New()
	for _, b := range strings.Split(*buckets, ",") {
		if b = strings.TrimSpace(b); b != "" {
			if err := be.CreateBucket(b); err != nil {
				log.Fatalf("fakes3: bucket %q: %v", b, err)
			}
		}
	}
	fmt.Fprintf(os.Stderr, "fakes3: S3-compatible store on http://%s (buckets: %s; any key and secret)\n", *addr, *buckets)
	log.Fatal(http.ListenAndServe(*addr, gofakes3.New(be).Server()))
}
