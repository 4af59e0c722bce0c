package main

import (
	"strings"
	"testing"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// good is image i as apply should have made it.
func good(i int, no string) emulator.Image {
	s := i % servers
	return emulator.Image{
		Region: "KR", No: no, Name: imageName(i), Description: imageDesc(i) + " [ncpimage:soak]",
		Status: "CREAT", Operation: "NULL", ServerNo: serverNo(s),
		BlockStorages: []emulator.BlockStorage{
			{Order: 0, SnapshotNo: snapNo(s), SizeGB: 10, VolumeType: "CB1"},
			{Order: 1, SnapshotNo: "9999999", SizeGB: emptySizeGB, VolumeType: emptyType},
		},
	}
}

var foreign = []emulator.Image{{Region: "KR", No: "6100001", Name: "other-web-base", Description: "web base [ncpimage:other-team]", Status: "CREAT", Operation: "NULL"}}

// The checker itself must see every kind of failure it reports, or a
// green soak proves nothing.
func TestCheck(t *testing.T) {
	base := func() []emulator.Image {
		return append([]emulator.Image{good(0, "1"), good(1, "2"), good(2, "3")}, foreign...)
	}
	tests := []struct {
		name   string
		mutate func([]emulator.Image) []emulator.Image
		want   string // the counter that must be 1; "" = all zero
	}{
		{name: "converged", mutate: func(ims []emulator.Image) []emulator.Image { return ims }},
		{name: "lost", mutate: func(ims []emulator.Image) []emulator.Image { return ims[1:] }, want: "lost"},
		{name: "duplicated", mutate: func(ims []emulator.Image) []emulator.Image { return append(ims, good(1, "9")) }, want: "duplicated"},
		{name: "no marker", mutate: func(ims []emulator.Image) []emulator.Image { ims[0].Description = imageDesc(0); return ims }, want: "wrong"},
		{name: "still INIT", mutate: func(ims []emulator.Image) []emulator.Image { ims[0].Status = "INIT"; return ims }, want: "wrong"},
		{name: "empty disk from a seeded snapshot", mutate: func(ims []emulator.Image) []emulator.Image {
			ims[0].BlockStorages = []emulator.BlockStorage{ims[0].BlockStorages[0], {Order: 1, SnapshotNo: snapNo(3), SizeGB: 100, VolumeType: "CB2"}}
			return ims
		}, want: "wrong"},
		{name: "order 2 not excluded", mutate: func(ims []emulator.Image) []emulator.Image {
			ims[0].BlockStorages = append(ims[0].BlockStorages, emulator.BlockStorage{Order: 2, SizeGB: 20})
			return ims
		}, want: "wrong"},
		{name: "foreign deleted", mutate: func(ims []emulator.Image) []emulator.Image { return ims[:3] }, want: "touched"},
		{name: "foreign redescribed", mutate: func(ims []emulator.Image) []emulator.Image { ims[3].Description = "x"; return ims }, want: "touched"},
		{name: "stray image", mutate: func(ims []emulator.Image) []emulator.Image {
			return append(ims, emulator.Image{Name: "soak-x", Status: "CREAT"})
		}, want: "touched"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := check(tt.mutate(base()), foreign, 3)
			got := map[string]int{"lost": c.lost, "duplicated": c.duplicated, "wrong": c.wrong, "touched": c.touched}
			for k, v := range got {
				if want := map[bool]int{true: 1}[k == tt.want]; v != want {
					t.Errorf("%s = %d, want %d (problems: %s)", k, v, want, strings.Join(c.problems, "; "))
				}
			}
		})
	}
}

func TestKillPlan(t *testing.T) {
	for seed := range int64(50) {
		at := killPlan(seed, 500, 2)
		if at[0] < 50 || at[0] >= 250 || at[1] <= at[0] || at[1] > at[0]+(500-at[0])/2+1 {
			t.Errorf("seed %d: kills at %v", seed, at)
		}
	}
	if a, b := killPlan(3, 500, 2), killPlan(3, 500, 2); a[0] != b[0] || a[1] != b[1] {
		t.Errorf("not repeatable: %v, %v", a, b)
	}
}
