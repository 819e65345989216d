package llmsettings

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/store"
)

// TestResult is the answer of a connection test.
type TestResult struct {
	Success   bool   `json:"success"`
	LatencyMS int64  `json:"latency_ms"`
	Model     string `json:"model"`
	Message   string `json:"message"`
}

// testTimeout bounds the test call: a person is waiting for it.
const testTimeout = 20 * time.Second

// Test makes one tiny call, without retries, with in (settings not yet
// saved: the dashboard's Test button) or, when in is nil, with the
// workspace's saved settings, and says in words a person can act on what
// went wrong. Nothing is stored.
func (s *Service) Test(ctx context.Context, workspace string, in *Input) (TestResult, error) {
	var (
		row        *store.LLMSetting
		key        string
		err, unfit error
	)
	if in != nil {
		row, key, err = s.prepare(ctx, workspace, "", *in)
	} else if row, err = s.store.LLMSettingsGet(ctx, workspace); err == nil {
		key, unfit = s.openKey(row) // a key that no longer opens is the answer, not a failure
	}
	if err != nil {
		return TestResult{}, err // store.ErrNotFound: nothing saved to test; an InputError
	}
	res := TestResult{Model: row.Provider + ":" + row.Model}
	var client *llm.Client
	if err = unfit; err == nil {
		client, err = s.buildWith(row, key, -1)
	}
	if key != "" {
		row.SealedKey = "set" // explain only asks whether there is a key
	}
	if err != nil {
		res.Message = "The saved settings cannot be used: " + err.Error()
		return res, nil
	}
	start := time.Now()
	_, err = client.Complete(ctx, llm.Request{Agent: "settings_test", MaxTokens: 8, Timeout: testTimeout,
		Messages: []llm.Message{{Text: "Reply with the word OK."}}})
	res.LatencyMS = time.Since(start).Milliseconds()
	if err == nil {
		res.Success, res.Message = true, "The model answered."
		return res, nil
	}
	res.Message = explain(row, err)
	return res, nil
}

// explain turns a failed call into advice. The SDK adapters report API
// errors as "status N: ..."; anything else is the network.
func explain(row *store.LLMSetting, err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "status 401"), strings.Contains(msg, "status 403"):
		if row.SealedKey == "" {
			return "The provider refused the call without an API key: save the settings again with api_key."
		}
		return "The provider refused the API key (" + status(msg) + "): check that the key is right, active and allowed to use this model."
	case strings.Contains(msg, "status 404"):
		return "The provider does not know model " + row.Model + " (404): check the model name" + baseHint(row) + "."
	case strings.Contains(msg, "status 429"):
		return "The provider is rate-limiting this key (429): the settings work, try again later or raise the key's limits."
	case strings.Contains(msg, "status 4"):
		return "The provider rejected the test call (" + status(msg) + "): " + msg
	case strings.Contains(msg, "status 5"):
		return "The provider failed (" + status(msg) + "); the settings may be right, try again later."
	case errors.Is(err, context.DeadlineExceeded):
		return "The provider did not answer within " + testTimeout.String() + baseHint(row) + "."
	}
	return "Quarry could not reach the provider" + baseHint(row) + ": " + msg
}

func status(msg string) string {
	i := strings.Index(msg, "status ")
	return msg[i : i+len("status 000")]
}

func baseHint(row *store.LLMSetting) string {
	if row.BaseURL == "" {
		return ""
	}
	return " (and that base_url " + row.BaseURL + " is the API's address)"
}
