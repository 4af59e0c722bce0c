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
// back full, and a server that caps pages below pageSize is listed at the
// size it serves. (A cap together with a totalRows no larger than the
// first page cannot be told from an account of that many rows without a
// call more for every listing: that case is listed as it seems.)
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
		{name: "pages capped at 500: the size served", faults: emulator.Faults{PageCap: 500}, wantLen: 2500},
		{name: "pages capped at 100", faults: emulator.Faults{PageCap: 100}, wantLen: 2500},
		{name: "capped and understated", faults: emulator.Faults{PageCap: 100, TotalRowsUnderstate: 2000}, wantLen: 2500},
		{name: "capped at 300, totalRows understated by 2200: the first page seems whole", faults: emulator.Faults{PageCap: 300, TotalRowsUnderstate: 2200}, wantLen: 300},
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
