package emulator

// responseError return codes. NCP documents none for these rules (see
// ncp-api.md §5.2), so the 34000xx codes are the emulator's own; 1000 and
// 25013 are real codes with the meaning NCP gives them. The package
// comment lists them for users.
const (
	codeRetryLater      = "1000"    // transient backend failure (injected)
	codeInOperation     = "25013"   // object busy with another operation
	codeDuplicateName   = "3400001" // image name already used in the region
	codeInvalidName     = "3400002" // serverImageName length or characters
	codeDescription     = "3400003" // description longer than 1000 bytes
	codeServerNotFound  = "3400004" // serverInstanceNo unknown in the region
	codeServerState     = "3400005" // server neither RUN nor NSTOP
	codeSnapshotMissing = "3400006" // snapshotInstanceNo unknown in the region
	codeNotBootable     = "3400007" // base storage from a non-bootable snapshot
	codeSnapshotState   = "3400008" // snapshot not CREAT
	codeSizeTooSmall    = "3400009" // blockStorageSize smaller than the snapshot, or out of range
	codeVolumeType      = "3400010" // unknown volume type, or one given for order 0
	codeOrder           = "3400011" // order missing, out of 0..20, repeated, no order 0, > 21 entries
	codeStorageFields   = "3400012" // fields of one blockStorageList entry that do not go together
	codeInvalidParam    = "3400013" // required parameter missing, malformed number/boolean, paging
	codeRegion          = "3400014" // unknown regionCode
	codeImageNotFound   = "3400015" // deleteServerImage or sharing of an unknown image number
	codeNoNumbers       = "3400016" // 500: no generated number left within 32 bits
	codeNoTargets       = "3400017" // sharing without targetLoginIdList, or with an empty login ID
	codeImageState      = "3400018" // sharing an image that is not CREAT, or is terminating
)
