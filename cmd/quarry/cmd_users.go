package main

import (
	"context"
	"fmt"
	"io"

	"github.com/quarrydev/quarry/internal/account"
)

// cmdUsers: quarry users verify EMAIL. Without SMTP settings no
// verification link can reach anyone, so the operator vouches for an
// address here instead.
func cmdUsers(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) != 2 || args[0] != "verify" {
		fmt.Fprintln(stderr, "usage: quarry users verify EMAIL")
		return 2
	}
	st, ok := openStore(ctx, stderr)
	if !ok {
		return 2
	}
	defer st.Close()
	if err := account.New(st, account.Options{}).VerifyEmail(ctx, args[1]); err != nil {
		fmt.Fprintln(stderr, "quarry users verify:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s is verified and can sign in\n", args[1])
	return 0
}
