package emulator

import "strconv"

// storageEntry is one parsed blockStorageList.N entry.
type storageEntry struct {
	order      int
	snapshotNo string
	size       int
	hasSize    bool
	volumeType string
	empty      bool
	exclude    bool
}

// parseStorages reads and checks blockStorageList.N.*: syntax, orders,
// and which fields go together. Snapshots are checked by layout.
func parseStorages(p params) ([]storageEntry, *apiError) {
	raw := p.structs("blockStorageList")
	if len(raw) == 0 {
		return nil, nil
	}
	if len(raw) > maxStorages {
		return nil, badRequest(codeOrder, "blockStorageList may have at most %d entries (got %d).", maxStorages, len(raw))
	}
	seen := map[int]bool{}
	out := make([]storageEntry, 0, len(raw))
	for _, fields := range raw {
		en, aerr := parseStorage(fields)
		if aerr != nil {
			return nil, aerr
		}
		if seen[en.order] {
			return nil, badRequest(codeOrder, "blockStorageList order %d appears more than once.", en.order)
		}
		seen[en.order] = true
		if aerr := checkStorage(en); aerr != nil {
			return nil, aerr
		}
		out = append(out, en)
	}
	if !seen[0] {
		return nil, badRequest(codeOrder, "blockStorageList needs the base storage (order 0).")
	}
	return out, nil
}

func parseStorage(f map[string]string) (storageEntry, *apiError) {
	var en storageEntry
	order, ok, err := intParam(f["order"])
	switch {
	case err != nil:
		return en, badRequest(codeInvalidParam, "Invalid blockStorageList order %q.", f["order"])
	case !ok:
		return en, badRequest(codeOrder, "blockStorageList order is required.")
	case order < 0 || order > maxOrder:
		return en, badRequest(codeOrder, "blockStorageList order must be between 0 and %d (got %d).", maxOrder, order)
	}
	en.order = order
	en.snapshotNo = f["snapshotInstanceNo"]
	en.volumeType = f["blockStorageVolumeTypeCode"]
	if en.size, en.hasSize, err = intParam(f["blockStorageSize"]); err != nil {
		return en, badRequest(codeInvalidParam, "Invalid blockStorageSize %q.", f["blockStorageSize"])
	}
	if en.empty, err = boolParam(f["emptyBlockStorage"]); err != nil {
		return en, badRequest(codeInvalidParam, "Invalid emptyBlockStorage %q.", f["emptyBlockStorage"])
	}
	if en.exclude, err = boolParam(f["noBlockStorage"]); err != nil {
		return en, badRequest(codeInvalidParam, "Invalid noBlockStorage %q.", f["noBlockStorage"])
	}
	return en, nil
}

// checkStorage applies the rules that need no account data.
func checkStorage(en storageEntry) *apiError {
	at := " (order " + strconv.Itoa(en.order) + ")"
	if en.volumeType != "" && volumeTypeNames[en.volumeType] == "" {
		return badRequest(codeVolumeType, "Unknown blockStorageVolumeTypeCode %q%s: use CB1, CB2, FB1 or FB2.", en.volumeType, at)
	}
	if en.hasSize && (en.size < minStorageSizeGB || en.size > maxStorageSizeGB || en.size%storageSizeStepGB != 0) {
		return badRequest(codeSizeTooSmall, "blockStorageSize must be between %d and %d GB in steps of %d GB%s.",
			minStorageSizeGB, maxStorageSizeGB, storageSizeStepGB, at)
	}
	switch {
	case en.exclude && (en.snapshotNo != "" || en.empty || en.hasSize || en.volumeType != ""):
		return badRequest(codeStorageFields, "noBlockStorage cannot be combined with other fields%s.", at)
	case en.exclude && en.order == 0:
		return badRequest(codeOrder, "The base storage (order 0) cannot be excluded.")
	case en.exclude:
		return nil
	case en.order == 0 && en.volumeType != "":
		return badRequest(codeVolumeType, "blockStorageVolumeTypeCode is not allowed for the base storage (order 0).")
	case en.order == 0 && en.snapshotNo == "":
		return badRequest(codeStorageFields, "The base storage (order 0) needs a bootable snapshotInstanceNo.")
	case en.snapshotNo != "" && en.empty:
		return badRequest(codeStorageFields, "snapshotInstanceNo cannot be combined with emptyBlockStorage%s.", at)
	case en.snapshotNo != "":
		return nil
	case !en.empty && en.volumeType == "":
		return badRequest(codeStorageFields, "One of snapshotInstanceNo, blockStorageVolumeTypeCode or noBlockStorage is required%s.", at)
	case !en.hasSize || en.volumeType == "":
		return badRequest(codeStorageFields, "A new empty storage needs blockStorageSize and blockStorageVolumeTypeCode%s.", at)
	case en.size < minEmptySizeGB:
		return badRequest(codeSizeTooSmall, "A new empty storage must be at least %d GB%s.", minEmptySizeGB, at)
	}
	return nil
}
