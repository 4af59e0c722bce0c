package ncloud_test

import (
	"testing"

	"github.com/ncpimage/ncpimage/ncloud"
)

func TestImageHelpers(t *testing.T) {
	tests := []struct {
		name                                 string
		img                                  ncloud.ServerImage
		ready, failed, creating, terminating bool
	}{
		{name: "created and idle", img: ncloud.ServerImage{Status: ncloud.ImageCreated, Operation: ncloud.OperationNull}, ready: true},
		{name: "created, no operation listed", img: ncloud.ServerImage{Status: ncloud.ImageCreated}, ready: true},
		{name: "created, being deleted", img: ncloud.ServerImage{Status: ncloud.ImageCreated, Operation: ncloud.OperationTerminate}, terminating: true},
		{name: "being created", img: ncloud.ServerImage{Status: ncloud.ImageInit, Operation: ncloud.OperationCreate}, creating: true},
		{name: "create failed", img: ncloud.ServerImage{Status: ncloud.ImageCreateFailed, Operation: ncloud.OperationNull}, failed: true},
		{name: "created, other operation", img: ncloud.ServerImage{Status: ncloud.ImageCreated, Operation: "COPY"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := [4]bool{tt.img.Ready(), tt.img.Failed(), tt.img.Creating(), tt.img.Terminating()}
			if want := [4]bool{tt.ready, tt.failed, tt.creating, tt.terminating}; got != want {
				t.Errorf("Ready, Failed, Creating, Terminating = %v, want %v", got, want)
			}
		})
	}
}

func TestServerIdle(t *testing.T) {
	tests := []struct {
		status ncloud.ServerStatus
		op     ncloud.Operation
		want   bool
	}{
		{status: ncloud.ServerRunning, op: ncloud.OperationNull, want: true},
		{status: ncloud.ServerStopped, op: "", want: true},
		{status: ncloud.ServerRunning, op: "SETUP"},
		{status: ncloud.ServerStopped, op: ncloud.OperationTerminate},
		{status: ncloud.ServerInit, op: ncloud.OperationNull},
		{status: ncloud.ServerCreating, op: ncloud.OperationNull},
	}
	for _, tt := range tests {
		s := ncloud.ServerInstance{Status: tt.status, Operation: tt.op}
		if got := s.Idle(); got != tt.want {
			t.Errorf("%s/%q: Idle() = %v, want %v", tt.status, tt.op, got, tt.want)
		}
	}
}
