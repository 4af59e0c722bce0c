package emulator

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
)

// SaveState writes the whole account (accounts, regions, servers,
// snapshots, images with their timestamps) to path as JSON, atomically:
// a temporary file in the same directory renamed over path, so a reader
// or a crash never sees half a file. Concurrent calls are serialised and
// the last one wins.
func (e *Emulator) SaveState(path string) error {
	e.saveMu.Lock()
	defer e.saveMu.Unlock()
	data, err := e.marshalState()
	if err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	if err := writeAtomic(path, data); err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	return nil
}

func (e *Emulator) marshalState() ([]byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	st := e.st
	st.Version = stateVersion
	st.Accounts = make([]Account, 0, len(e.accounts))
	for k, s := range e.accounts {
		st.Accounts = append(st.Accounts, Account{AccessKey: k, SecretKey: s})
	}
	sort.Slice(st.Accounts, func(i, j int) bool { return st.Accounts[i].AccessKey < st.Accounts[j].AccessKey })
	data, err := json.MarshalIndent(st, "", "  ")
	return append(data, '\n'), err
}

func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	for _, err := range []error{werr, serr, cerr} {
		if err != nil {
			_ = os.Remove(tmp)
			return err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return nil
}

// LoadState replaces the account with the one saved in path by
// [Emulator.SaveState] and adds its accounts to the accepted keys.
// Images keep their timestamps, so an image created in an earlier run is
// CREAT once its CreateDelay has passed in real time.
func (e *Emulator) LoadState(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("load state: %w", err)
	}
	var st state
	if err := json.Unmarshal(data, &st); err != nil {
		return fmt.Errorf("load state %s: %w", path, err)
	}
	if st.Version != stateVersion {
		return fmt.Errorf("load state %s: unsupported version %d (want %d)", path, st.Version, stateVersion)
	}
	if err := checkState(&st); err != nil {
		return fmt.Errorf("load state %s: %w", path, err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, a := range st.Accounts {
		e.accounts[a.AccessKey] = a.SecretKey
	}
	st.Accounts = nil
	st.NextNo = max(st.NextNo, firstGeneratedNo)
	if st.NextNo > maxNo+1 { // written before numbers were kept within 32 bits
		st.NextNo = max(highestNo(&st)+1, firstGeneratedNo)
	}
	e.st = st
	return nil
}

// checkState rejects a state file the emulator could misbehave on:
// missing objects and numbers that are not digits.
func checkState(st *state) error {
	for _, s := range st.Servers {
		if s == nil || !isDigits(s.No) {
			return fmt.Errorf("server with invalid number")
		}
	}
	for _, s := range st.Snapshots {
		if s == nil || !isDigits(s.No) {
			return fmt.Errorf("snapshot with invalid number")
		}
		if !fitsInt32(s.No) {
			return fmt.Errorf("snapshot %s: number %s is above %d (the official SDK reads snapshot numbers as 32-bit integers)", s.Name, s.No, maxNo)
		}
	}
	for _, im := range st.Images {
		if im == nil || !isDigits(im.No) {
			return fmt.Errorf("image with invalid number")
		}
		for _, d := range im.Disks {
			if !isDigits(d.SnapshotNo) {
				return fmt.Errorf("image %s: disk with invalid snapshot number", im.Name)
			}
			if !fitsInt32(d.SnapshotNo) {
				return fmt.Errorf("image %s: snapshot number %s is above %d (the official SDK reads it as a 32-bit integer)", im.Name, d.SnapshotNo, maxNo)
			}
		}
	}
	return nil
}

// fitsInt32 reports whether the digit string no is at most maxNo.
func fitsInt32(no string) bool {
	n, err := strconv.ParseInt(no, 10, 64)
	return err == nil && n <= maxNo
}

// highestNo is the largest number at or below maxNo that an object of st
// uses.
func highestNo(st *state) int64 {
	var top int64
	note := func(no string) {
		if n, err := strconv.ParseInt(no, 10, 64); err == nil && n <= maxNo {
			top = max(top, n)
		}
	}
	for _, s := range st.Servers {
		note(s.No)
	}
	for _, s := range st.Snapshots {
		note(s.No)
	}
	for _, im := range st.Images {
		note(im.No)
		for _, d := range im.Disks {
			note(d.SnapshotNo)
		}
	}
	return top
}
