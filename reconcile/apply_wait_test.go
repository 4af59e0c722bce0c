package reconcile

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ncpimage/ncpimage/ncloud"
)

// A wait that times out while the status checks were failing reports the
// last of their errors, the true cause; one whose checks recovered says
// only that it timed out.
func TestSettleTimeoutCause(t *testing.T) {
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	unavailable := &ncloud.APIError{Action: "getServerImageList", HTTPStatus: 503, Gateway: true, Code: "500", Message: "Endpoint Error"}
	creating := &ncloud.ServerImage{No: "5000001", Status: ncloud.ImageInit, Operation: ncloud.OperationCreate}
	tests := []struct {
		name   string
		checks []error // one per poll; the last one comes after the deadline
		want   string
	}{
		{name: "checks failing until the end", checks: []error{nil, unavailable, unavailable},
			want: "timed out waiting for image 5000001 to be created; the last 2 status checks failed: getServerImageList: HTTP 503: errorCode 500: Endpoint Error"},
		{name: "the retry budget spent on failing checks stops the wait", checks: []error{nil, unavailable, unavailable, unavailable},
			want: "stopped waiting for image 5000001 to be created: the last 3 status checks failed, each after its retries: getServerImageList: HTTP 503: errorCode 500: Endpoint Error; the image stays in flight and the next apply waits for it"},
		{name: "one failed check", checks: []error{nil, nil, unavailable},
			want: "timed out waiting for image 5000001 to be created; the last status check failed: getServerImageList: HTTP 503: errorCode 500: Endpoint Error"},
		{name: "checks recovered", checks: []error{unavailable, unavailable, nil},
			want: "timed out waiting for image 5000001 to be created (see --timeout)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &flight{region: "KR", no: "5000001", want: wantCreated, deadline: start.Add(time.Hour)}
			var err error
			for i, check := range tt.checks {
				now := start.Add(time.Duration(i) * time.Minute)
				if i == len(tt.checks)-1 {
					now = f.deadline.Add(time.Second)
				}
				img := creating
				if check != nil {
					img = nil
				}
				done, res := settle(f, img, check, now)
				if done != (i == len(tt.checks)-1) {
					t.Fatalf("poll %d: done = %v", i+1, done)
				}
				err = res
			}
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v\nwant %s", err, tt.want)
			}
			if last := tt.checks[len(tt.checks)-1]; last != nil && !errors.Is(err, last) {
				t.Errorf("the cause is not wrapped: %v", err)
			}
		})
	}
}

// scheduleAPI answers the poller's list calls on a fake clock: each image
// is CREAT from its ready time on, INIT before. It records the calls.
type scheduleAPI struct {
	API   // nil: only GetServerImageList is called
	clock *time.Time
	t0    time.Time
	ready map[string]time.Time
	calls []scheduleCall
}

type scheduleCall struct {
	at     time.Duration // since t0
	region string
	images int
}

func (a *scheduleAPI) GetServerImageList(_ context.Context, region string, f ncloud.ImageFilter) ([]ncloud.ServerImage, error) {
	a.calls = append(a.calls, scheduleCall{at: a.clock.Sub(a.t0), region: region, images: len(f.Nos)})
	var out []ncloud.ServerImage
	for _, no := range f.Nos {
		img := ncloud.ServerImage{No: no, Status: ncloud.ImageInit, Operation: ncloud.OperationCreate}
		if !a.clock.Before(a.ready[no]) {
			img.Status, img.Operation = ncloud.ImageCreated, ncloud.OperationNull
		}
		out = append(out, img)
	}
	return out, nil
}

// The wait schedule, run on a fake clock: an image is first checked 1 s
// after its create, then when its age has doubled, at most the poll
// interval apart; a region's images share its checks, which come at most
// once a second, so a bulk apply costs a few list calls, not one per image.
func TestPollSchedule(t *testing.T) {
	type image struct {
		region     string
		start, age time.Duration // created at start, ready age later
	}
	many := func(n int, every, age time.Duration) []image {
		var out []image
		for i := range n {
			out = append(out, image{region: "KR", start: time.Duration(i) * every, age: age})
		}
		return out
	}
	s := time.Second
	tests := []struct {
		name     string
		images   []image
		interval time.Duration
		want     []scheduleCall
		wantDone time.Duration // when the last wait ended
	}{
		{name: "ready after 2 s", images: []image{{"KR", 0, 2 * s}}, interval: 10 * s,
			want: []scheduleCall{{1 * s, "KR", 1}, {2 * s, "KR", 1}}, wantDone: 2 * s},
		{name: "ready after 3 s", images: []image{{"KR", 0, 3 * s}}, interval: 10 * s,
			want: []scheduleCall{{1 * s, "KR", 1}, {2 * s, "KR", 1}, {4 * s, "KR", 1}}, wantDone: 4 * s},
		{name: "the age doubles up to the interval", images: []image{{"KR", 0, 30 * s}}, interval: 10 * s,
			want: []scheduleCall{{1 * s, "KR", 1}, {2 * s, "KR", 1}, {4 * s, "KR", 1}, {8 * s, "KR", 1},
				{16 * s, "KR", 1}, {26 * s, "KR", 1}, {36 * s, "KR", 1}}, wantDone: 36 * s},
		{name: "a short interval caps the first check", images: []image{{"KR", 0, 50 * time.Millisecond}}, interval: 20 * time.Millisecond,
			want:     []scheduleCall{{20 * time.Millisecond, "KR", 1}, {40 * time.Millisecond, "KR", 1}, {60 * time.Millisecond, "KR", 1}},
			wantDone: 60 * time.Millisecond},
		{name: "100 images share 4 checks", images: many(100, 20*time.Millisecond, 2*s), interval: 10 * s,
			want:     []scheduleCall{{1 * s, "KR", 51}, {2 * s, "KR", 100}, {2980 * time.Millisecond, "KR", 99}, {3980 * time.Millisecond, "KR", 50}},
			wantDone: 3980 * time.Millisecond}, // the newest image's own checks: 1.98 s + 1 s, + 2 s
		{name: "the age the first image took", images: []image{{"KR", 0, 3 * s}, {"KR", 1500 * time.Millisecond, 3 * s}}, interval: 10 * s,
			want: []scheduleCall{{1 * s, "KR", 1}, {2 * s, "KR", 2}, {2500 * time.Millisecond, "KR", 2}, {3500 * time.Millisecond, "KR", 2},
				{5 * s, "KR", 1}}, // 1.5 s + 3.5 s, the age at which the first was found ready, not 1.5 s + 4 s
			wantDone: 5 * s},
		{name: "regions are checked apart", images: []image{{"KR", 0, 2 * s}, {"SGN", 500 * time.Millisecond, 2 * s}}, interval: 10 * s,
			want:     []scheduleCall{{1 * s, "KR", 1}, {1500 * time.Millisecond, "SGN", 1}, {2 * s, "KR", 1}, {2500 * time.Millisecond, "SGN", 1}},
			wantDone: 2500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
			clock := t0
			api := &scheduleAPI{clock: &clock, t0: t0, ready: map[string]time.Time{}}
			p := newPoller(api, DefaultFirstPoll, tt.interval, func() time.Time { return clock })
			var flights []*flight
			var done time.Duration
			for next := 0; ; {
				at, due := p.nextCheck()
				if next < len(tt.images) && (!due || !t0.Add(tt.images[next].start).After(at)) {
					im := tt.images[next]
					clock = t0.Add(im.start)
					no := fmt.Sprint(5000001 + next)
					api.ready[no] = clock.Add(im.age)
					flights = append(flights, p.add(im.region, no, wantCreated, time.Hour))
					next++
					continue
				}
				if !due {
					break
				}
				clock = at
				p.poll(context.Background())
				done = clock.Sub(t0)
			}
			for i, f := range flights {
				select {
				case err := <-f.done:
					if err != nil {
						t.Errorf("image %d: %v", i, err)
					}
				default:
					t.Errorf("image %d still waited for", i)
				}
			}
			if diff := cmp.Diff(tt.want, api.calls, cmp.AllowUnexported(scheduleCall{})); diff != "" {
				t.Errorf("list calls (-want +got):\n%s", diff)
			}
			if done != tt.wantDone {
				t.Errorf("last wait ended at %s, want %s", done, tt.wantDone)
			}
		})
	}
}
