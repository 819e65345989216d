package s3

import (
	"errors"
	"net/http"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/quarrydev/quarry/internal/connector"
)

// op names what a call needed, so a denial can name the missing
// permission.
type op string

const (
	opList op = "s3:ListBucket"
	opGet  op = "s3:GetObject"
	opPut  op = "s3:PutObject"
)

// classify turns an SDK error into a connector.Error a person can act
// on. S3's error codes decide first; the HTTP status is the fallback for
// answers without a body (HEAD) and stores that send odd codes.
func (s *source) classify(err error, o op, key string) error {
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "AuthorizationHeaderMalformed", "InvalidSecurity":
			return connector.Errorf(connector.KindAuth, err, "The access key or secret is wrong (%s): check aws_access_key_id and aws_secret_access_key", api.ErrorCode())
		case "AccessDenied", "AllAccessDisabled", "AccountProblem":
			return s.denied(err, o)
		case "NoSuchBucket":
			return s.bucketMissing(err)
		case "NoSuchKey":
			return connector.Errorf(connector.KindObjectMissing, err, "Object %q does not exist in bucket %s", key, s.bucket)
		case "PermanentRedirect", "IllegalLocationConstraintException":
			return connector.Errorf(connector.KindConfig, err, "Bucket %s is in another region than the configured one: set region to the bucket's region", s.bucket)
		}
	}
	var resp *awshttp.ResponseError
	if errors.As(err, &resp) {
		switch resp.HTTPStatusCode() {
		case http.StatusUnauthorized:
			return connector.Errorf(connector.KindAuth, err, "The access key or secret is wrong: the store answered 401")
		case http.StatusForbidden:
			return s.denied(err, o)
		case http.StatusNotFound:
			// A HEAD has no body to say which is missing; after a
			// successful upload, or on an object call, it is the object.
			if o == opList {
				return s.bucketMissing(err)
			}
			return connector.Errorf(connector.KindObjectMissing, err, "Object %q does not exist in bucket %s", key, s.bucket)
		}
	}
	if connector.IsNetwork(err) {
		return connector.Errorf(connector.KindNetwork, err, "The S3 endpoint could not be reached: %v", err)
	}
	return connector.Errorf(connector.KindOther, err, "S3: %v", err)
}

func (s *source) denied(err error, o op) error {
	return connector.Errorf(connector.KindDenied, err, "Access denied: the key lacks %s on bucket %s", o, s.bucket)
}

func (s *source) bucketMissing(err error) error {
	return connector.Errorf(connector.KindBucketMissing, err, "Bucket %s does not exist", s.bucket)
}
