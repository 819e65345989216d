// Command quarry is Quarry's one binary: the HTTP service, the one-shot
// extractor and the tools around them.
//
//	quarry serve [--workers N]        serve the API on QUARRY_ADDR (:8080)
//	quarry worker [--concurrency N]   run job workers only
//	quarry extract FILE... [--request req.json] [--pretty]
//	quarry layout FILE [--json]       print the layout of one file
//	quarry pii detect [--mask S]      find PII in text on stdin
//	quarry workspaces ...             create workspaces, set their plans
//	quarry keys ...                   issue, list and revoke API keys
//	quarry users verify EMAIL         mark an account verified (no SMTP)
//	quarry redact FILE [-o OUT]       remove PII from a PDF, image or text file
//	quarry mcp [--url URL]            serve MCP on stdio for desktop AI clients
//	quarry version
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/quarrydev/quarry/internal/config"
)

const usage = `Quarry turns business documents into verified, structured data.

Usage:
  quarry serve [--workers N]                     serve the API and dashboard (QUARRY_ADDR, default :8080)
  quarry worker [--concurrency N]                run async job workers only (same database and blobs)
  quarry extract FILE... [--request R] [--pretty] run the pipeline in-process and print the result JSON
  quarry layout FILE [--json]                    print the text (or JSON layout) Quarry reads from FILE
  quarry pii detect [--mask S] [--types ...]     find (and mask) PII in text on stdin, JSON on stdout
  quarry pii types                               print the PII type catalogue
  quarry workspaces create NAME [--plan P]       create a workspace (plans: trial, starter, pro, enterprise)
  quarry workspaces set-plan NAME PLAN | list    change a workspace's plan, or list them
  quarry keys create --workspace W [--role R]    issue an API key (printed alone on stdout, once)
  quarry keys list|revoke --workspace W [ID]     list a workspace's keys, or revoke one at once
  quarry users verify EMAIL                      mark an account verified when no SMTP server sends links
  quarry redact FILE [-o OUT] [--types ...]      remove PII from a PDF or image (rebuilt as PDF) or a text file
  quarry datasets build|list|export ...          build a masked dataset of processed executions, list, export it
  quarry mcp [--url URL] [--workers N]           serve the Model Context Protocol on stdio (key: QUARRY_API_KEY)
  quarry version                                 print the version

Configuration comes from QUARRY_* environment variables; see README.md.
`

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: tests call it directly.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], stderr)
	case "worker":
		return cmdWorker(ctx, args[1:], stderr)
	case "extract":
		return cmdExtract(ctx, args[1:], stdout, stderr)
	case "layout":
		return cmdLayout(ctx, args[1:], stdout, stderr)
	case "pii":
		return cmdPII(ctx, args[1:], stdin, stdout, stderr)
	case "workspaces":
		return cmdWorkspaces(ctx, args[1:], stdout, stderr)
	case "keys":
		return cmdKeys(ctx, args[1:], stdout, stderr)
	case "users":
		return cmdUsers(ctx, args[1:], stdout, stderr)
	case "redact":
		return cmdRedact(ctx, args[1:], stdout, stderr)
	case "datasets":
		return cmdDatasets(ctx, args[1:], stdout, stderr)
	case "mcp":
		return cmdMCP(ctx, args[1:], stdin, stdout, stderr)
	case "version", "--version", "-v":
		return cmdVersion(stdout)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "quarry: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}

// loadConfig reads the QUARRY_* settings, printing what is wrong with them;
// ok is false when a command should exit 2.
func loadConfig(stderr io.Writer) (cfg config.Config, ok bool) {
	cfg, err := config.Load()
	if err != nil {
		fmt.Fprintln(stderr, "quarry:", err)
		return cfg, false
	}
	return cfg, true
}
