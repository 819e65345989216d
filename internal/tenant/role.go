package tenant

import "fmt"

// Role is a closed set: authorisation compares ranks, so a role nobody
// ranked must not slip in from a header or a row.
type Role string

// Roles from most to least powerful.
const (
	RoleOwner  Role = "owner"  // everything, including the workspace itself and its keys
	RoleAdmin  Role = "admin"  // everything but deleting the workspace or changing owners
	RoleMember Role = "member" // submits and reads extractions
	RoleViewer Role = "viewer" // reads only
)

var rank = map[Role]int{RoleViewer: 1, RoleMember: 2, RoleAdmin: 3, RoleOwner: 4}

// Roles lists the roles from most to least powerful.
func Roles() []Role { return []Role{RoleOwner, RoleAdmin, RoleMember, RoleViewer} }

// ParseRole accepts exactly the names of Roles.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !r.Valid() {
		return "", fmt.Errorf("tenant: unknown role %q", s)
	}
	return r, nil
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return rank[r] > 0 }

// AtLeast reports whether r may do what want may. An empty or unknown role
// is below every role, so it never passes a check.
func (r Role) AtLeast(want Role) bool { return rank[r] > 0 && rank[r] >= rank[want] }
