package azure

import (
	"errors"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/bloberror"

	"github.com/quarrydev/quarry/internal/connector"
)

// op names what a call needed. Shared-key access is all or nothing, so a
// denial is about the account's network rules or a key without rights
// (a SAS or a role assignment once those are supported).
type op string

const (
	opList op = "list blobs (Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read)"
	opGet  op = "read blobs (Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read)"
	opPut  op = "write blobs (Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write)"
)

// classify turns an SDK error into a connector.Error. Azure answers a
// wrong key with 403 AuthenticationFailed, so the code decides before
// the status.
func (s *source) classify(err error, o op, key string) error {
	switch {
	case bloberror.HasCode(err, bloberror.AuthenticationFailed, bloberror.InvalidAuthenticationInfo):
		return connector.Errorf(connector.KindAuth, err, "The account key is wrong for storage account %s: check account_name and account_key", s.account)
	case bloberror.HasCode(err, bloberror.AuthorizationFailure, bloberror.AuthorizationPermissionMismatch,
		bloberror.AuthorizationSourceIPMismatch, bloberror.AuthorizationProtocolMismatch,
		bloberror.AuthorizationResourceTypeMismatch, bloberror.AuthorizationServiceMismatch, bloberror.InsufficientAccountPermissions):
		return connector.Errorf(connector.KindDenied, err, "Access denied: the key may not %s in container %s (check the account's network rules)", o, s.name)
	case bloberror.HasCode(err, bloberror.ContainerNotFound, bloberror.ContainerBeingDeleted):
		return s.containerMissing(err)
	case bloberror.HasCode(err, bloberror.BlobNotFound):
		return connector.Errorf(connector.KindObjectMissing, err, "Blob %q does not exist in container %s", key, s.name)
	case bloberror.HasCode(err, bloberror.ResourceNotFound):
		if o == opGet {
			return connector.Errorf(connector.KindObjectMissing, err, "Blob %q does not exist in container %s", key, s.name)
		}
		return s.containerMissing(err)
	}
	var resp *azcore.ResponseError
	if errors.As(err, &resp) {
		switch resp.StatusCode {
		case http.StatusUnauthorized:
			return connector.Errorf(connector.KindAuth, err, "The account key is wrong for storage account %s", s.account)
		case http.StatusForbidden:
			return connector.Errorf(connector.KindDenied, err, "Access denied: the key may not %s in container %s", o, s.name)
		case http.StatusNotFound:
			// A HEAD answer has no body to name what is missing.
			if o == opGet {
				return connector.Errorf(connector.KindObjectMissing, err, "Blob %q does not exist in container %s", key, s.name)
			}
			return s.containerMissing(err)
		}
	}
	if connector.IsNetwork(err) {
		return connector.Errorf(connector.KindNetwork, err, "Azure Blob Storage could not be reached: %v", err)
	}
	return connector.Errorf(connector.KindOther, err, "Azure Blob: %v", err)
}

func (s *source) containerMissing(err error) error {
	return connector.Errorf(connector.KindBucketMissing, err, "Container %s does not exist in storage account %s", s.name, s.account)
}
