package ncloud_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// A listing is never silently partial, against the emulator over HTTP:
// a totalRows that understates the rows does not stop it while pages come
// back full, and a server that caps pages below pageSize fails it with an
// IncompleteListError instead of answering with the first page.
func TestListingNeverPartial(t *testing.T) {
	var images []emulator.SeedImage
	for i := range 2500 {
		images = append(images, emulator.SeedImage{Region: "KR", Name: fmt.Sprintf("img-%04d", i)})
	}
	tests := []struct {
		name    string
		faults  emulator.Faults
		wantLen int
		wantErr string
	}{
		{name: "true totalRows", wantLen: 2500},
		{name: "totalRows understated by 1500", faults: emulator.Faults{TotalRowsUnderstate: 1500}, wantLen: 2500},
		{name: "totalRows understated by 2499", faults: emulator.Faults{TotalRowsUnderstate: 2499}, wantLen: 2500},
		{name: "pages capped at 500", faults: emulator.Faults{PageCap: 500},
			wantErr: "getServerImageList: listing incomplete: page 1 (pageSize 1000) holds 500 rows; 500 rows read, totalRows 2500"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := newEmu(t, emulator.Options{}, emulator.Seed{Images: images})
			env.emu.SetFaults(tc.faults)
			got, err := env.client.GetServerImageList(context.Background(), "KR", ncloud.ImageFilter{})
			if tc.wantErr != "" {
				var inc *ncloud.IncompleteListError
				if !errors.As(err, &inc) || err.Error() != tc.wantErr {
					t.Fatalf("err %v, want an IncompleteListError %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.wantLen {
				t.Errorf("listed %d images, want %d", len(got), tc.wantLen)
			}
		})
	}
}
