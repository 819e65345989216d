package account

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/url"
	"strings"
	"time"
)

// Mailer sends the verification and invitation mails.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// SMTP sends mail through the server of a smtp://user:pass@host:port URL
// (QUARRY_SMTP_URL). STARTTLS is used whenever the server offers it, as
// net/smtp.SendMail does; credentials are only sent over TLS or to
// localhost (net/smtp's PlainAuth refuses otherwise).
type SMTP struct {
	Addr string
	Auth smtp.Auth // nil without a user in the URL
	From string
}

// NewSMTP reads QUARRY_SMTP_URL and QUARRY_SMTP_FROM.
func NewSMTP(rawURL, from string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" {
		return nil, errors.New("account: the SMTP URL must look like smtp://user:pass@host:587")
	}
	if from == "" {
		return nil, errors.New("account: QUARRY_SMTP_FROM is required with QUARRY_SMTP_URL")
	}
	port := u.Port()
	if port == "" {
		port = "587"
	}
	m := &SMTP{Addr: net.JoinHostPort(u.Hostname(), port), From: from}
	if u.User != nil {
		pass, _ := u.User.Password()
		m.Auth = smtp.PlainAuth("", u.User.Username(), pass, u.Hostname())
	}
	return m, nil
}

// Send writes one plain-text message.
func (m *SMTP) Send(ctx context.Context, to, subject, body string) error {
	if strings.ContainsAny(to+subject, "\r\n") {
		return errors.New("account: header injection refused")
	}
	msg := fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n",
		m.From, to, subject, time.Now().UTC().Format(time.RFC1123Z), strings.ReplaceAll(body, "\n", "\r\n"))
	done := make(chan error, 1)
	go func() { done <- smtp.SendMail(m.Addr, m.Auth, m.From, []string{to}, []byte(msg)) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
