package tenant_test

import (
	"context"
	"fmt"

	"github.com/quarrydev/quarry/internal/tenant"
)

func ExampleWorkspaceID() {
	// Nobody authenticated (authentication off, the command line).
	fmt.Println(tenant.WorkspaceID(context.Background()))

	// The auth middleware, or a worker running a stored job, sets one.
	ctx := tenant.With(context.Background(), tenant.Principal{WorkspaceID: "ws_acme", KeyID: "key_1", Role: tenant.RoleMember})
	p, _ := tenant.From(ctx)
	fmt.Println(tenant.WorkspaceID(ctx), p.Role.AtLeast(tenant.RoleViewer), p.Role.AtLeast(tenant.RoleAdmin))
	// Output:
	// default
	// ws_acme true false
}
