package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// workspaceName is what a workspace may be called on the command line;
// the name is also its id.
var workspaceName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// openStore opens the configured database for an administrative command.
func openStore(ctx context.Context, stderr io.Writer) (store.Store, bool) {
	cfg, ok := loadConfig(stderr)
	if !ok {
		return nil, false
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		fmt.Fprintln(stderr, "quarry:", err)
		return nil, false
	}
	st, err := app.OpenStore(ctx, cfg.DatabaseURL)
	if err == nil {
		err = app.EnsureDefaultWorkspace(ctx, st)
	}
	if err != nil {
		fmt.Fprintln(stderr, "quarry: database:", err)
		return nil, false
	}
	return st, true
}

// ensureWorkspace creates the workspace with the plan when it is missing.
func ensureWorkspace(ctx context.Context, st store.Store, name, plan string) error {
	if !workspaceName.MatchString(name) {
		return fmt.Errorf("workspace name %q: use 1-64 lower-case letters, digits, '-' or '_'", name)
	}
	if _, ok := billing.Lookup(plan); !ok {
		return fmt.Errorf("unknown plan %q (plans: %s)", plan, planNames())
	}
	return st.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: name, Name: name, Plan: plan})
}

func planNames() string {
	var names []string
	for _, p := range billing.Plans() {
		names = append(names, p.ID)
	}
	return strings.Join(names, ", ")
}

// cmdWorkspaces: quarry workspaces create NAME [--plan P] | set-plan NAME P | list
func cmdWorkspaces(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: quarry workspaces create NAME [--plan P] | set-plan NAME PLAN | list")
		return 2
	}
	st, ok := openStore(ctx, stderr)
	if !ok {
		return 2
	}
	defer st.Close()
	switch args[0] {
	case "create":
		fs := flag.NewFlagSet("workspaces create", flag.ContinueOnError)
		fs.SetOutput(stderr)
		plan := fs.String("plan", billing.PlanTrial, "plan: "+planNames())
		name, rest := splitName(args[1:])
		if err := fs.Parse(rest); err != nil || name == "" {
			fmt.Fprintln(stderr, "usage: quarry workspaces create NAME [--plan P]")
			return 2
		}
		if _, err := st.WorkspaceGet(ctx, name); err == nil {
			fmt.Fprintf(stderr, "quarry: workspace %s exists already\n", name)
			return 1
		}
		if err := ensureWorkspace(ctx, st, name, *plan); err != nil {
			fmt.Fprintln(stderr, "quarry:", err)
			return 1
		}
		cliAudit(ctx, st, stderr, name, audit.Event{Action: "workspace.created", Subject: name, Details: map[string]any{"plan": *plan}})
		fmt.Fprintln(stdout, name)
		return 0
	case "set-plan":
		if len(args) != 3 {
			fmt.Fprintln(stderr, "usage: quarry workspaces set-plan NAME PLAN")
			return 2
		}
		if _, ok := billing.Lookup(args[2]); !ok {
			fmt.Fprintf(stderr, "quarry: unknown plan %q (plans: %s)\n", args[2], planNames())
			return 2
		}
		if err := st.WorkspaceSetPlan(ctx, args[1], args[2], time.Now()); err != nil {
			fmt.Fprintln(stderr, "quarry:", notFound(err, "workspace "+args[1]))
			return 1
		}
		cliAudit(ctx, st, stderr, args[1], audit.Event{Action: "workspace.plan_changed", Subject: args[1], Details: map[string]any{"plan": args[2]}})
		return 0
	case "list":
		list, err := st.WorkspaceList(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "quarry:", err)
			return 1
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "WORKSPACE\tPLAN\tPLAN SINCE\tCREATED")
		for _, w := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", w.ID, w.Plan, w.PlanSince.UTC().Format(time.RFC3339), w.CreatedAt.UTC().Format(time.RFC3339))
		}
		_ = tw.Flush()
		return 0
	}
	fmt.Fprintf(stderr, "quarry workspaces: unknown command %q\n", args[0])
	return 2
}

// cmdKeys: quarry keys create|list|revoke --workspace W
func cmdKeys(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: quarry keys create|list|revoke --workspace W [--label L] [--role R] [KEY_ID]")
		return 2
	}
	fs := flag.NewFlagSet("keys "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	ws := fs.String("workspace", "", "workspace name (created on `keys create` when missing)")
	label := fs.String("label", "", "a note telling the key apart (create)")
	role := fs.String("role", string(tenant.RoleOwner), "role of the key: owner, admin, member or viewer (create)")
	plan := fs.String("plan", billing.PlanTrial, "plan of a workspace that create makes")
	id, rest := splitName(args[1:])
	if err := fs.Parse(rest); err != nil {
		return 2
	}
	if id == "" && fs.NArg() > 0 {
		id = fs.Arg(0)
	}
	if *ws == "" {
		fmt.Fprintln(stderr, "quarry keys: --workspace is required")
		return 2
	}
	st, ok := openStore(ctx, stderr)
	if !ok {
		return 2
	}
	defer st.Close()
	svc := apikey.Service{Store: st}
	switch args[0] {
	case "create":
		r, err := tenant.ParseRole(*role)
		if err != nil {
			fmt.Fprintln(stderr, "quarry:", err)
			return 2
		}
		if err := ensureWorkspace(ctx, st, *ws, *plan); err != nil {
			fmt.Fprintln(stderr, "quarry:", err)
			return 1
		}
		secret, k, err := svc.Create(ctx, *ws, *label, r)
		if err != nil {
			fmt.Fprintln(stderr, "quarry:", err)
			return 1
		}
		cliAudit(ctx, st, stderr, *ws, audit.Event{Action: "api_key.created", Subject: k.ID, Details: map[string]any{"role": k.Role}})
		// The secret alone on stdout, so `KEY=$(quarry keys create ...)`
		// captures it; the rest goes to stderr.
		fmt.Fprintln(stdout, secret)
		fmt.Fprintf(stderr, "created %s (%s) in workspace %s; the key is shown only this once\n", k.ID, k.Role, k.WorkspaceID)
		return 0
	case "list":
		keys, err := svc.List(ctx, *ws)
		if err != nil {
			fmt.Fprintln(stderr, "quarry:", err)
			return 1
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tHINT\tROLE\tLABEL\tCREATED\tLAST USED\tREVOKED")
		for _, k := range keys {
			fmt.Fprintf(tw, "%s\t%s…\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Hint, k.Role, k.Label,
				k.CreatedAt.UTC().Format(time.RFC3339), stamp(k.LastUsedAt), stamp(k.RevokedAt))
		}
		_ = tw.Flush()
		return 0
	case "revoke":
		if id == "" {
			fmt.Fprintln(stderr, "usage: quarry keys revoke --workspace W KEY_ID")
			return 2
		}
		if err := svc.Revoke(ctx, *ws, id); err != nil {
			fmt.Fprintln(stderr, "quarry:", notFound(err, "active key "+id+" in workspace "+*ws))
			return 1
		}
		cliAudit(ctx, st, stderr, *ws, audit.Event{Action: "api_key.revoked", Subject: id})
		return 0
	}
	fmt.Fprintf(stderr, "quarry keys: unknown command %q\n", args[0])
	return 2
}

// splitName takes a leading positional argument off args, so that
// `create NAME --plan P` and `create --plan P NAME` both parse.
func splitName(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}

func stamp(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

func notFound(err error, what string) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no %s", what)
	}
	return err
}

// cliAudit records an administrative command in the workspace's trail;
// a failure is reported, not fatal: the change itself is made.
func cliAudit(ctx context.Context, st store.Store, stderr io.Writer, workspace string, e audit.Event) {
	e.Actor = audit.ActorCLI
	if err := audit.Record(ctx, st, workspace, e); err != nil {
		fmt.Fprintln(stderr, "quarry: recording the audit event failed:", err)
	}
}
