package gcs

import (
	"errors"
	"net/http"

	"cloud.google.com/go/storage"
	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"

	"github.com/quarrydev/quarry/internal/connector"
)

// op names the IAM permission a call needed, so a denial can say which
// one the service account lacks.
type op string

const (
	opList op = "storage.objects.list"
	opGet  op = "storage.objects.get"
	opPut  op = "storage.objects.create"
)

// classify turns a client error into a connector.Error. The key is
// refused at the token exchange (oauth2.RetrieveError: a deleted key, a
// wrong private key) or by the API with 401; a missing role is a 403.
func (s *source) classify(err error, o op, key string) error {
	var tok *oauth2.RetrieveError
	if errors.As(err, &tok) {
		if tok.Response != nil && tok.Response.StatusCode >= 500 {
			return connector.Errorf(connector.KindOther, err, "Google's token service failed (%d): try again later", tok.Response.StatusCode)
		}
		return connector.Errorf(connector.KindAuth, err, "The service-account key was refused (%s): check credentials_json; the key may be deleted or disabled", tokenReason(tok))
	}
	switch {
	case errors.Is(err, storage.ErrBucketNotExist):
		return s.bucketMissing(err)
	case errors.Is(err, storage.ErrObjectNotExist):
		return connector.Errorf(connector.KindObjectMissing, err, "Object %q does not exist in bucket %s", key, s.name)
	}
	var api *googleapi.Error
	if errors.As(err, &api) {
		switch api.Code {
		case http.StatusUnauthorized:
			return connector.Errorf(connector.KindAuth, err, "The service-account key was refused: check credentials_json")
		case http.StatusForbidden:
			return connector.Errorf(connector.KindDenied, err, "Access denied: the service account lacks %s on bucket %s", o, s.name)
		case http.StatusNotFound:
			// An object call names its object; a 404 on a listing or an
			// upload can only be the bucket.
			if o == opGet {
				return connector.Errorf(connector.KindObjectMissing, err, "Object %q does not exist in bucket %s", key, s.name)
			}
			return s.bucketMissing(err)
		}
	}
	if connector.IsNetwork(err) {
		return connector.Errorf(connector.KindNetwork, err, "Google Cloud Storage could not be reached: %v", err)
	}
	return connector.Errorf(connector.KindOther, err, "GCS: %v", err)
}

func (s *source) bucketMissing(err error) error {
	return connector.Errorf(connector.KindBucketMissing, err, "Bucket %s does not exist", s.name)
}

func tokenReason(e *oauth2.RetrieveError) string {
	if e.ErrorDescription != "" {
		return e.ErrorDescription
	}
	if e.ErrorCode != "" {
		return e.ErrorCode
	}
	if e.Response != nil {
		return http.StatusText(e.Response.StatusCode)
	}
	return "refused"
}
