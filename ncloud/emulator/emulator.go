package emulator

import (
	"math/rand/v2"
	"sort"
	"sync"
	"time"
)

// Account is an API key pair the emulator accepts.
type Account struct {
	AccessKey string `json:"accessKey" yaml:"accessKey"`
	SecretKey string `json:"secretKey" yaml:"secretKey"`
}

// Options configure an [Emulator]. The zero value is usable: no
// accounts (every request fails authentication until [Emulator.Seed] adds
// one), images become CREAT at the next request, duplicates are rejected.
type Options struct {
	Accounts []Account
	// CreateDelay is how long an image stays INIT before it becomes
	// CREAT (or CREFL); 0 means at the next request.
	CreateDelay time.Duration
	// DeleteDelay is how long a deleted image stays listed (operation
	// TERMT, statusName terminating) before it is gone.
	DeleteDelay time.Duration
	// CreateFailureRate is the fraction of creates that end in CREFL.
	CreateFailureRate float64
	// AllowDuplicateNames accepts a second image with a name already used
	// in the region; by default that is a 400 responseError 3400001.
	AllowDuplicateNames bool
	// BusyWhileImaging makes a server busy while one of its images is
	// INIT: getServerInstanceList lists its operation as CREAT instead of
	// NULL, and another createServerImage from it is refused with 25013,
	// like any busy server. NCP does not document whether a server accepts
	// a second create while one of its images is being made; by default
	// (false) it does.
	BusyWhileImaging bool
	// Now is the clock of the state machine, the signature skew check
	// and the rate limiter; nil means time.Now.
	Now func() time.Time
	// RandSeed seeds the generator behind failure and fault draws and
	// request ids, so a run is reproducible.
	RandSeed int64
	// LogLimit is how many entries the request log ([Emulator.Log])
	// keeps, dropping the oldest; 0 means 100,000, negative turns the log
	// off. Read at each entry, so UpdateOptions may change it (a smaller
	// limit takes effect at the next ResetLog).
	LogLimit int
	// OnChange, when set, is called (outside any lock) after every
	// request that changed the account: a create or a delete. The
	// standalone emulator saves its state file from it.
	OnChange func()
}

// Faults make the emulator misbehave the way the real gateway and backend
// do. The zero value injects nothing.
type Faults struct {
	// RateLimit is the sustained rate in requests per second over all
	// calls (a token bucket of size Burst); beyond it the gateway answers
	// 429 errorCode 410 "Throttle Limited". 0 means no limit.
	RateLimit float64
	Burst     int
	// ErrorRate is the fraction of calls answered, without executing
	// them, with either 503 errorCode 500 "Endpoint Error" or 500
	// responseError 1000 "Please try your call again later.".
	ErrorRate float64
	// Latency delays every response.
	Latency time.Duration
	// DropRate is the fraction of calls whose connection is closed with
	// no response, without executing them.
	DropRate float64
	// Create504Rate is the fraction of createServerImage calls that are
	// executed and then answered 504 errorCode 510 "Endpoint Timeout".
	Create504Rate float64
	// PageCap serves at most PageCap rows a page of a list action, as if
	// the server clamped pageSize to it whatever the client asked (page N
	// holds rows (N-1)*PageCap+1 .. N*PageCap); totalRows stays the full
	// count. 0 means no cap.
	PageCap int
	// TotalRowsUnderstate is how many rows fewer than there are the
	// totalRows of every list answer reports (at least 0); the rows
	// themselves are all served. 0 means totalRows is true.
	TotalRowsUnderstate int
}

// Emulator is an in-memory NCP vserver account served over HTTP. It is
// safe for concurrent use.
type Emulator struct {
	mu       sync.Mutex
	opts     Options
	accounts map[string]string // access key -> secret key
	st       state
	faults   Faults
	tokens   float64
	tokensAt time.Time
	calls    map[string]int
	rng      *rand.Rand
	log      requestLog

	saveMu sync.Mutex // serialises SaveState so the newest snapshot wins
}

// New returns an emulator with the given options and an empty account
// (no regions, servers, snapshots or images): add them with
// [Emulator.Seed] or [Emulator.LoadState].
func New(o Options) *Emulator {
	seed := uint64(o.RandSeed)
	e := &Emulator{
		opts:     o,
		accounts: map[string]string{},
		calls:    map[string]int{},
		rng:      rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		st:       state{NextNo: firstGeneratedNo},
	}
	for _, a := range o.Accounts {
		e.accounts[a.AccessKey] = a.SecretKey
	}
	return e
}

// firstGeneratedNo is where numbers of created objects start; it moves up
// past any number a seed or state file uses.
const firstGeneratedNo = 5000001

func (e *Emulator) now() time.Time {
	if e.opts.Now != nil {
		return e.opts.Now()
	}
	return time.Now()
}

// UpdateOptions changes options of a running emulator (for example the
// create delay in the middle of a test). Accounts and RandSeed are only
// read by [New]; changing them here has no effect.
func (e *Emulator) UpdateOptions(f func(o *Options)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f(&e.opts)
}

// SetFaults replaces the injected faults; the rate-limit bucket starts
// full again.
func (e *Emulator) SetFaults(f Faults) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = f
	e.tokens = float64(max(f.Burst, 1))
	e.tokensAt = e.now()
}

// Calls returns how many requests each action received, plus "total".
// Only requests that passed authentication are counted, including those
// then answered with an injected fault (429, 5xx, dropped connection);
// requests to unknown paths or with bad signatures are not.
func (e *Emulator) Calls() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]int, len(e.calls))
	for k, v := range e.calls {
		out[k] = v
	}
	return out
}

// ResetCalls sets every counter of [Emulator.Calls] back to zero.
func (e *Emulator) ResetCalls() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls = map[string]int{}
}

// Accounts returns the key pairs the emulator accepts, sorted by access
// key.
func (e *Emulator) Accounts() []Account {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Account, 0, len(e.accounts))
	for k, s := range e.accounts {
		out = append(out, Account{AccessKey: k, SecretKey: s})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AccessKey < out[j].AccessKey })
	return out
}

// Regions returns the region codes in getRegionList order.
func (e *Emulator) Regions() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]string, len(e.st.Regions))
	for i, r := range e.st.Regions {
		out[i] = r.Code
	}
	return out
}

func (e *Emulator) count(action string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls[action]++
	e.calls["total"]++
}

func (e *Emulator) chance(p float64) bool {
	if p <= 0 {
		return false
	}
	return e.rng.Float64() < p
}
