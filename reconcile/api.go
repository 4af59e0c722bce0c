package reconcile

import (
	"context"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/plan"
)

// API is the part of the NCP client that reconcile needs. *ncloud.Client
// satisfies it; tests may pass any other implementation.
type API interface {
	GetRegionList(ctx context.Context) ([]ncloud.Region, error)
	GetServerInstanceList(ctx context.Context, region string, f ncloud.ServerFilter) ([]ncloud.ServerInstance, error)
	GetBlockStorageSnapshotInstanceList(ctx context.Context, region string, f ncloud.SnapshotFilter) ([]ncloud.Snapshot, error)
	GetServerImageList(ctx context.Context, region string, f ncloud.ImageFilter) ([]ncloud.ServerImage, error)
	CreateServerImage(ctx context.Context, in ncloud.CreateImageInput) (*ncloud.ServerImage, error)
	DeleteServerImage(ctx context.Context, region string, nos []string) error
	AddServerImageSharingPermission(ctx context.Context, region, imageNo string, loginIDs []string) error
	RemoveServerImageSharingPermission(ctx context.Context, region, imageNo string, loginIDs []string) error
}

// createInput converts the request to the client's input type.
func createInput(r *plan.CreateRequest) ncloud.CreateImageInput {
	in := ncloud.CreateImageInput{Region: r.Region, ServerInstanceNo: r.ServerInstanceNo,
		Name: r.Name, Description: r.Description}
	for _, b := range r.BlockStorages {
		in.BlockStorages = append(in.BlockStorages, ncloud.BlockStorageInput(b))
	}
	return in
}
