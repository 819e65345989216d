package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/account"
	"github.com/quarrydev/quarry/internal/account/smtptest"
	"github.com/quarrydev/quarry/internal/config"
)

// bearer sends one /v1 request with a JSON body (none when nil) and
// `Authorization: Bearer token` (none when empty).
func bearer(t *testing.T, method, url, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, url, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return sendV1(t, req)
}

func sendV1(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var env map[string]any
	if res.StatusCode != http.StatusNoContent {
		if err := json.Unmarshal(raw, &env); err != nil || !hasKeys(env, "status", "data", "error") {
			t.Fatalf("%s %s: not an envelope: %s", req.Method, req.URL, raw)
		}
	}
	return res.StatusCode, env
}

// uploadAs posts one small text file to /v1/data-process/async with a
// person's access token.
func uploadAs(t *testing.T, url, token string) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("files", "note.txt")
	_, _ = fw.Write([]byte("Invoice 42, total 10.00 EUR"))
	_ = mw.Close()
	req, _ := http.NewRequest("POST", url+"/v1/data-process/async", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	return sendV1(t, req)
}

var verifyLink = regexp.MustCompile(`/v1/auth/verify\?token=(\S+)`)
var inviteToken = regexp.MustCompile(`"invite_token": "(inv_\S+)"`)

// lastMailTo returns the text of the newest mail to addr.
func lastMailTo(t *testing.T, smtpd *smtptest.Server, addr string) string {
	t.Helper()
	msgs := smtpd.Messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		if strings.Contains(msgs[i].To, addr) {
			return msgs[i].Data
		}
	}
	t.Fatalf("no mail to %s among %d", addr, len(msgs))
	return ""
}

// signupVerifyLogin is a person's way in: sign up (with an invitation
// when given), follow the mailed link, sign in.
func signupVerifyLogin(t *testing.T, url string, smtpd *smtptest.Server, email, invite string) map[string]any {
	t.Helper()
	in := map[string]any{"email": email, "password": "a good long password"}
	if invite != "" {
		in["invite_token"] = invite
	}
	code, env := bearer(t, "POST", url+"/v1/auth/signup", "", in)
	if code != 201 || dataOf(env)["email"] != email || dataOf(env)["verified"] != false {
		t.Fatalf("signup %s: %d %v", email, code, env)
	}
	link := verifyLink.FindStringSubmatch(lastMailTo(t, smtpd, email))
	if link == nil {
		t.Fatalf("no verification link mailed to %s", email)
	}
	if code, env := bearer(t, "GET", url+"/v1/auth/verify?token="+link[1], "", nil); code != 200 || dataOf(env)["verified"] != true {
		t.Fatalf("verify %s: %d %v", email, code, env)
	}
	code, env = bearer(t, "POST", url+"/v1/auth/login", "", map[string]any{"email": email, "password": "a good long password"})
	if code != 200 || dataOf(env)["token_type"] != "bearer" || dataOf(env)["expires_in"] != float64(3600) {
		t.Fatalf("login %s: %d %v", email, code, env)
	}
	return dataOf(env)
}

// peopleApp is a server whose mail goes to a fake SMTP server.
func peopleApp(t *testing.T) (string, *smtptest.Server) {
	t.Helper()
	smtpd := smtptest.Start(t)
	_, ts := testApp(t, func(c *config.Config) {
		c.SMTPURL = "smtp://quarry:pw@" + smtpd.Addr
		c.SMTPFrom = "quarry@example.com"
		c.PublicURL = "https://quarry.example.com"
	})
	return ts.URL, smtpd
}

// TestV1PeopleAndTeam walks issue 13's people: sign-up, verification,
// login, refresh with rotation and reuse detection, an invited viewer
// who can read but not write, role changes and the last owner.
func TestV1PeopleAndTeam(t *testing.T) {
	t.Parallel()
	url, smtpd := peopleApp(t)

	// Sign up; login before verification fails and says why.
	code, env := bearer(t, "POST", url+"/v1/auth/signup", "", map[string]any{"email": "ann@acme.example", "password": "a good long password"})
	if code != 201 || dataOf(env)["verified"] != false {
		t.Fatalf("signup: %d %v", code, env)
	}
	if code, env := bearer(t, "POST", url+"/v1/auth/signup", "", map[string]any{"email": "ann@acme.example", "password": "another password"}); code != 409 || errCode(env) != "CONFLICT" {
		t.Fatalf("second signup: %d %v", code, env)
	}
	code, env = bearer(t, "POST", url+"/v1/auth/login", "", map[string]any{"email": "ann@acme.example", "password": "a good long password"})
	if code != 401 || errCode(env) != "UNAUTHORIZED" || !strings.Contains(env["error"].(map[string]any)["message"].(string), "Verify") {
		t.Fatalf("login before verification: %d %v", code, env)
	}
	// A resent link replaces the first; the answer is the same for an
	// address without an account.
	firstLink := verifyLink.FindStringSubmatch(lastMailTo(t, smtpd, "ann@acme.example"))
	for _, addr := range []string{"ann@acme.example", "nobody@acme.example"} {
		if code, env := bearer(t, "POST", url+"/v1/auth/verify/resend", "", map[string]any{"email": addr}); code != 200 || dataOf(env)["email"] != addr {
			t.Fatalf("resend for %s: %d %v", addr, code, env)
		}
	}
	mail := lastMailTo(t, smtpd, "ann@acme.example")
	link := verifyLink.FindStringSubmatch(mail)
	if firstLink == nil || link == nil || link[1] == firstLink[1] {
		t.Fatalf("no fresh link after the resend: %v %v", firstLink, link)
	}
	if code, _ := bearer(t, "GET", url+"/v1/auth/verify?token="+firstLink[1], "", nil); code != 401 {
		t.Fatalf("the replaced link still works: %d", code)
	}
	if link == nil || !strings.Contains(mail, "https://quarry.example.com/v1/auth/verify?token=") {
		t.Fatalf("verification mail: %q", mail)
	}
	if code, _ := bearer(t, "GET", url+"/v1/auth/verify?token="+link[1], "", nil); code != 200 {
		t.Fatalf("verify: %d", code)
	}
	if code, env := bearer(t, "GET", url+"/v1/auth/verify?token="+link[1], "", nil); code != 401 {
		t.Fatalf("a verification link worked twice: %d %v", code, env)
	}
	if code, _ := bearer(t, "POST", url+"/v1/auth/login", "", map[string]any{"email": "ann@acme.example", "password": "wrong password!"}); code != 401 {
		t.Fatalf("wrong password: %d", code)
	}
	code, env = bearer(t, "POST", url+"/v1/auth/login", "", map[string]any{"email": "ann@acme.example", "password": "a good long password"})
	tok := dataOf(env)
	if code != 200 || tok["access_token"] == "" || tok["refresh_token"] == "" || tok["token_type"] != "bearer" || tok["expires_in"] != float64(3600) {
		t.Fatalf("login: %d %v", code, env)
	}
	owner := tok["access_token"].(string)

	// The access token works on /v1 (the owner's own trial workspace);
	// a tampered one does not; nothing at all does not once people exist.
	if code, env := bearer(t, "GET", url+"/v1/usage", owner, nil); code != 200 || dataOf(env)["plan"] != "trial" {
		t.Fatalf("usage as the owner: %d %v", code, env)
	}
	if code, env := bearer(t, "GET", url+"/v1/usage", owner[:len(owner)-2]+"xx", nil); code != 401 || errCode(env) != "UNAUTHORIZED" {
		t.Fatalf("tampered token: %d %v", code, env)
	}
	if code, _ := bearer(t, "GET", url+"/v1/usage", "", nil); code != 401 {
		t.Fatalf("no credentials once an account exists: %d", code)
	}

	// Refresh rotates; the old refresh token is refused, and its reuse
	// revokes the family (the newest token stops working too).
	code, env = bearer(t, "POST", url+"/v1/auth/refresh", "", map[string]any{"refresh_token": tok["refresh_token"]})
	next := dataOf(env)
	if code != 200 || next["refresh_token"] == tok["refresh_token"] || next["access_token"] == "" {
		t.Fatalf("refresh: %d %v", code, env)
	}
	if code, env := bearer(t, "POST", url+"/v1/auth/refresh", "", map[string]any{"refresh_token": tok["refresh_token"]}); code != 401 || errCode(env) != "UNAUTHORIZED" {
		t.Fatalf("reused refresh token: %d %v", code, env)
	}
	if code, _ := bearer(t, "POST", url+"/v1/auth/refresh", "", map[string]any{"refresh_token": next["refresh_token"]}); code != 401 {
		t.Fatalf("the family survived the reuse: %d", code)
	}

	// Invite a colleague as viewer: mailed, so the token is not in the answer.
	code, env = bearer(t, "POST", url+"/v1/team/invite", owner, map[string]any{"email": "vic@acme.example", "role": "viewer"})
	if d := dataOf(env); code != 201 || d["email"] != "vic@acme.example" || d["role"] != "viewer" || d["status"] != "pending" || d["expires_at"] == "" || d["invite_token"] != nil {
		t.Fatalf("invite: %d %v", code, env)
	}
	inv := inviteToken.FindStringSubmatch(lastMailTo(t, smtpd, "vic@acme.example"))
	if inv == nil {
		t.Fatal("no invitation token in the mail")
	}
	viewerTok := signupVerifyLogin(t, url, smtpd, "vic@acme.example", inv[1])
	viewer := viewerTok["access_token"].(string)

	// The viewer reads the owner's workspace but cannot write.
	if code, env := bearer(t, "GET", url+"/v1/usage", viewer, nil); code != 200 || dataOf(env)["plan"] != "trial" {
		t.Fatalf("usage as the viewer: %d %v", code, env)
	}
	if code, env := bearer(t, "POST", url+"/v1/api-keys", viewer, map[string]any{"label": "x"}); code != 403 || errCode(env) != "FORBIDDEN" {
		t.Fatalf("viewer creating a key: %d %v", code, env)
	}
	if code, env := uploadAs(t, url, viewer); code != 403 || errCode(env) != "FORBIDDEN" {
		t.Fatalf("viewer uploading: %d %v", code, env)
	}
	if code, env := bearer(t, "POST", url+"/v1/team/invite", viewer, map[string]any{"email": "x@acme.example", "role": "viewer"}); code != 403 {
		t.Fatalf("viewer inviting: %d %v", code, env)
	}
	code, env = bearer(t, "GET", url+"/v1/team/members", viewer, nil)
	items, _ := dataOf(env)["items"].([]any)
	if code != 200 || len(items) != 2 {
		t.Fatalf("members: %d %v", code, env)
	}
	var ownerID, viewerID string
	for _, it := range items {
		m := it.(map[string]any)
		if m["joined_at"] == "" || m["user_id"] == "" {
			t.Fatalf("member without id or joined_at: %v", m)
		}
		switch m["email"] {
		case "ann@acme.example":
			ownerID = m["user_id"].(string)
		case "vic@acme.example":
			viewerID = m["user_id"].(string)
			if m["role"] != "viewer" {
				t.Fatalf("invited role = %v", m["role"])
			}
		}
	}

	// Role change: the viewer becomes admin and may now create keys,
	// from the next request on (the role is read per request).
	code, env = bearer(t, "PATCH", url+"/v1/team/members/"+viewerID+"/role", owner, map[string]any{"role": "admin"})
	if code != 200 || dataOf(env)["role"] != "admin" || dataOf(env)["user_id"] != viewerID {
		t.Fatalf("role change: %d %v", code, env)
	}
	if code, env := bearer(t, "POST", url+"/v1/api-keys", viewer, map[string]any{"label": "ci"}); code != 201 {
		t.Fatalf("the new admin creating a key: %d %v", code, env)
	}
	// An admin cannot make an owner, nor touch the owner.
	if code, env := bearer(t, "PATCH", url+"/v1/team/members/"+viewerID+"/role", viewer, map[string]any{"role": "owner"}); code != 403 {
		t.Fatalf("an admin made an owner: %d %v", code, env)
	}
	if code, env := bearer(t, "DELETE", url+"/v1/team/members/"+ownerID, viewer, nil); code != 403 {
		t.Fatalf("an admin removed the owner: %d %v", code, env)
	}
	// The last owner can neither be demoted nor removed.
	if code, env := bearer(t, "PATCH", url+"/v1/team/members/"+ownerID+"/role", owner, map[string]any{"role": "member"}); code != 409 || errCode(env) != "LAST_OWNER" {
		t.Fatalf("demoting the last owner: %d %v", code, env)
	}
	if code, env := bearer(t, "DELETE", url+"/v1/team/members/"+ownerID, owner, nil); code != 409 || errCode(env) != "LAST_OWNER" {
		t.Fatalf("removing the last owner: %d %v", code, env)
	}
	if code, env := bearer(t, "PATCH", url+"/v1/team/members/"+viewerID+"/role", owner, map[string]any{"role": "root"}); code != 422 {
		t.Fatalf("unknown role: %d %v", code, env)
	}
	// Removal ends the colleague's access at once.
	if code, _ := bearer(t, "DELETE", url+"/v1/team/members/"+viewerID, owner, nil); code != 204 {
		t.Fatalf("remove: %d", code)
	}
	if code, env := bearer(t, "GET", url+"/v1/usage", viewer, nil); code != 401 {
		t.Fatalf("a removed member's token still works: %d %v", code, env)
	}
	if code, _ := bearer(t, "POST", url+"/v1/auth/refresh", "", map[string]any{"refresh_token": viewerTok["refresh_token"]}); code != 401 {
		t.Fatalf("a removed member refreshed: %d", code)
	}
	// The trail names who did what by id, never by e-mail address.
	code, env = bearer(t, "GET", url+"/v1/audit/export", owner, nil)
	raw, _ := json.Marshal(env)
	for _, want := range []string{"auth.login", "team.invited", "team.role_changed", "team.member_removed", ownerID} {
		if code != 200 || !strings.Contains(string(raw), want) {
			t.Fatalf("the audit trail lacks %s: %d %s", want, code, raw)
		}
	}
	if strings.Contains(string(raw), "@acme.example") {
		t.Fatalf("the audit trail holds an e-mail address: %s", raw)
	}
}

// TestV1TeamIsolation: a person of workspace B sees only B's members and
// cannot touch A's.
func TestV1TeamIsolation(t *testing.T) {
	t.Parallel()
	url, smtpd := peopleApp(t)
	a := signupVerifyLogin(t, url, smtpd, "a@a.example", "")["access_token"].(string)
	b := signupVerifyLogin(t, url, smtpd, "b@b.example", "")["access_token"].(string)

	_, env := bearer(t, "GET", url+"/v1/team/members", a, nil)
	aItems := dataOf(env)["items"].([]any)
	aID := aItems[0].(map[string]any)["user_id"].(string)

	code, env := bearer(t, "GET", url+"/v1/team/members", b, nil)
	items := dataOf(env)["items"].([]any)
	if code != 200 || len(items) != 1 || items[0].(map[string]any)["email"] != "b@b.example" {
		t.Fatalf("B's member list: %d %v", code, env)
	}
	if code, env := bearer(t, "PATCH", url+"/v1/team/members/"+aID+"/role", b, map[string]any{"role": "viewer"}); code != 404 || errCode(env) != "NOT_FOUND" {
		t.Fatalf("B changed A's owner: %d %v", code, env)
	}
	if code, _ := bearer(t, "DELETE", url+"/v1/team/members/"+aID, b, nil); code != 404 {
		t.Fatalf("B removed A's owner: %d", code)
	}
	// An invitation is bound to its e-mail: B cannot use A's invitation.
	bearer(t, "POST", url+"/v1/team/invite", a, map[string]any{"email": "c@a.example", "role": "member"})
	inv := inviteToken.FindStringSubmatch(lastMailTo(t, smtpd, "c@a.example"))
	code, env = bearer(t, "POST", url+"/v1/auth/login", "", map[string]any{"email": "b@b.example", "password": "a good long password", "invite_token": inv[1]})
	if code != 401 {
		t.Fatalf("B accepted an invitation for someone else: %d %v", code, env)
	}

	// Guessing a password is throttled per address.
	guess := map[string]any{"email": "ghost@b.example", "password": "not the password"}
	for i := 0; i < 10; i++ {
		if code, _ := bearer(t, "POST", url+"/v1/auth/login", "", guess); code != 401 {
			t.Fatalf("guess %d: %d", i, code)
		}
	}
	raw, _ := json.Marshal(guess)
	res, err := http.Post(url+"/v1/auth/login", "application/json", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" {
		t.Fatalf("eleventh guess: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
}

// TestV1InviteWithoutMail: with no SMTP the invitation token comes back
// to the inviter (bound to the e-mail), and the operator verifies
// accounts from the command line.
func TestV1InviteWithoutMail(t *testing.T) {
	t.Parallel()
	app, ts := testApp(t, nil)
	ctx := context.Background()
	code, _ := bearer(t, "POST", ts.URL+"/v1/auth/signup", "", map[string]any{"email": "op@x.example", "password": "password12"})
	if code != 201 {
		t.Fatalf("signup: %d", code)
	}
	if err := account.New(app.Store, account.Options{}).VerifyEmail(ctx, "op@x.example"); err != nil {
		t.Fatal(err)
	}
	_, env := bearer(t, "POST", ts.URL+"/v1/auth/login", "", map[string]any{"email": "op@x.example", "password": "password12"})
	tok, _ := dataOf(env)["access_token"].(string)
	code, env = bearer(t, "POST", ts.URL+"/v1/team/invite", tok, map[string]any{"email": "new@x.example"})
	if d := dataOf(env); code != 201 || d["role"] != "member" || !strings.HasPrefix(d["invite_token"].(string), "inv_") {
		t.Fatalf("invite without mail: %d %v", code, env)
	}
}
