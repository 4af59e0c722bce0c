package reconcile

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/ncpimage/ncpimage/ncloud"
)

// State is the account as observed for one plan: the region list and,
// per region the catalogs use, every SELF image, server and snapshot.
type State struct {
	Regions  []ncloud.Region
	ByRegion map[string]*RegionState
}

// RegionState is one region's images, servers and snapshots, indexed by
// name and number for the diff.
type RegionState struct {
	Region    string
	Images    []ncloud.ServerImage
	Servers   []ncloud.ServerInstance
	Snapshots []ncloud.Snapshot

	imagesByName map[string][]*ncloud.ServerImage
	serverByName map[string]*ncloud.ServerInstance
	serverByNo   map[string]*ncloud.ServerInstance
	snapByName   map[string]*ncloud.Snapshot
	snapByNo     map[string]*ncloud.Snapshot
	serverNames  map[string]int // how many servers carry each name
	snapNames    map[string]int
}

// hasRegion reports whether the account lists region code.
func (s *State) hasRegion(code string) bool {
	for _, r := range s.Regions {
		if r.Code == code {
			return true
		}
	}
	return false
}

// region returns the observed state of a region, or an empty one.
func (s *State) region(code string) *RegionState {
	if rs, ok := s.ByRegion[code]; ok {
		return rs
	}
	return newRegionState(code, nil, nil, nil)
}

// listRegions reads the account's regions (one getRegionList call).
func listRegions(ctx context.Context, api API) ([]ncloud.Region, error) {
	regions, err := api.GetRegionList(ctx)
	if err != nil {
		return nil, fmt.Errorf("observe: list regions: %w", err)
	}
	return regions, nil
}

// Observe reads each region's images, servers and snapshots: three list
// calls per region (paged by the client), run concurrently, never one
// call per image. Regions must be codes the account has.
func Observe(ctx context.Context, api API, regions []ncloud.Region, codes []string) (*State, error) {
	st := &State{Regions: regions, ByRegion: map[string]*RegionState{}}
	var mu sync.Mutex
	g, ctx := errgroup.WithContext(ctx)
	for _, code := range dedupe(codes) {
		g.Go(func() error {
			rs, err := observeRegion(ctx, api, code)
			if err != nil {
				return err
			}
			mu.Lock()
			st.ByRegion[code] = rs
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return st, nil
}

func observeRegion(ctx context.Context, api API, region string) (*RegionState, error) {
	var (
		images    []ncloud.ServerImage
		servers   []ncloud.ServerInstance
		snapshots []ncloud.Snapshot
	)
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		images, err = api.GetServerImageList(ctx, region, ncloud.ImageFilter{})
		return wrapObserve("list images", region, err)
	})
	g.Go(func() (err error) {
		servers, err = api.GetServerInstanceList(ctx, region, ncloud.ServerFilter{})
		return wrapObserve("list servers", region, err)
	})
	g.Go(func() (err error) {
		snapshots, err = api.GetBlockStorageSnapshotInstanceList(ctx, region, ncloud.SnapshotFilter{})
		return wrapObserve("list snapshots", region, err)
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return newRegionState(region, images, servers, snapshots), nil
}

func wrapObserve(op, region string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("observe %s: %s: %w", region, op, err)
}

// newRegionState indexes the lists of one region. Every image of a name
// is kept, ordered by number. A server or snapshot name that several
// objects share is ambiguous: lookups by that name find nothing and
// [RegionState.ambiguous] says so, so pre-flight can ask for the number.
func newRegionState(region string, images []ncloud.ServerImage, servers []ncloud.ServerInstance, snapshots []ncloud.Snapshot) *RegionState {
	rs := &RegionState{Region: region, Images: images, Servers: servers, Snapshots: snapshots,
		imagesByName: make(map[string][]*ncloud.ServerImage, len(images)),
		serverByName: make(map[string]*ncloud.ServerInstance, len(servers)),
		serverByNo:   make(map[string]*ncloud.ServerInstance, len(servers)),
		snapByName:   make(map[string]*ncloud.Snapshot, len(snapshots)),
		snapByNo:     make(map[string]*ncloud.Snapshot, len(snapshots)),
	}
	for i := range images {
		im := &images[i]
		rs.imagesByName[im.Name] = append(rs.imagesByName[im.Name], im)
	}
	for _, same := range rs.imagesByName {
		if len(same) > 1 { // list order is the API's: sort, so plans are stable
			sort.Slice(same, func(i, j int) bool { return same[i].No < same[j].No })
		}
	}
	rs.serverNames, rs.snapNames = map[string]int{}, map[string]int{}
	for i := range servers {
		s := &servers[i]
		rs.serverNames[s.Name]++
		putFirst(rs.serverByName, s.Name, s)
		putFirst(rs.serverByNo, s.No, s)
	}
	for i := range snapshots {
		s := &snapshots[i]
		rs.snapNames[s.Name]++
		putFirst(rs.snapByName, s.Name, s)
		putFirst(rs.snapByNo, s.No, s)
	}
	return rs
}

// ambiguous returns how many servers (kind "server") or snapshots
// ("snapshot") carry name when more than one does, else 0.
func (rs *RegionState) ambiguous(kind, name string) int {
	n := rs.snapNames[name]
	if kind == "server" {
		n = rs.serverNames[name]
	}
	if n > 1 {
		return n
	}
	return 0
}

func putFirst[T any](m map[string]*T, k string, v *T) {
	if _, ok := m[k]; !ok && k != "" {
		m[k] = v
	}
}

// imagesNamed returns the images with exactly this name.
func (rs *RegionState) imagesNamed(name string) []*ncloud.ServerImage { return rs.imagesByName[name] }

// server finds a server by name or, when name is "", by number.
func (rs *RegionState) server(name, no string) *ncloud.ServerInstance {
	if name != "" {
		if rs.serverNames[name] > 1 {
			return nil
		}
		return rs.serverByName[name]
	}
	return rs.serverByNo[no]
}

// snapshot finds a snapshot by name or, when name is "", by number.
func (rs *RegionState) snapshot(name, no string) *ncloud.Snapshot {
	if name != "" {
		if rs.snapNames[name] > 1 {
			return nil
		}
		return rs.snapByName[name]
	}
	return rs.snapByNo[no]
}

// serverNameList and snapshotNameList are the names of the region's
// servers and snapshots, sorted: what a "did you mean" chooses from.
func (rs *RegionState) serverNameList() []string   { return sortedKeys(rs.serverNames) }
func (rs *RegionState) snapshotNameList() []string { return sortedKeys(rs.snapNames) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
