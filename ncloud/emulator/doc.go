// Package emulator is an in-memory NCP vserver API account served over
// HTTP, faithful enough that the ncpimage client, its tests, the
// --sandbox mode and the official NCP SDK can talk to it as to the real
// gateway. It shares no code with the client: its signature check is its
// own, so a signing bug in one cannot hide in the other.
//
// # Model
//
// An [Emulator] holds one account: regions, servers, block storage
// snapshots and "My server images". Requests go to /vserver/v2/{action}
// by GET (query) or POST (form body; both are merged). Each request is
// routed (unknown path: 404 gateway errorCode 300), authenticated
// (x-ncp-apigw-timestamp, x-ncp-iam-access-key and
// x-ncp-apigw-signature-v2 or -v1, HMAC-SHA256 over
// "METHOD URI\ntimestamp\naccessKey", clock skew under 5 minutes; else
// 401 {"error":{"errorCode":"200","message":"Authentication Failed",...}}),
// counted (see [Emulator.Calls]), exposed to the configured [Faults],
// and run. Successes are pretty-printed JSON envelopes
// {"<action>Response": {"requestId", "returnCode": "0", "returnMessage":
// "success", "totalRows", <list>}}, or XML when responseFormatType is not
// json (the real default). Backend failures are 400 (or 500)
// {"responseError": {"returnCode", "returnMessage"}}.
//
// Actions: getRegionList, getServerInstanceList, getServerInstanceDetail,
// getBlockStorageSnapshotInstanceList, getBlockStorageSnapshotInstanceDetail,
// getServerImageList, getServerImageDetail (unknown number: 200 with an
// empty list), createServerImage, deleteServerImage. regionCode defaults to
// the first region. Lists accept pageNo (0 and 1 are the first page) and
// pageSize (1..1000, required with pageNo); with neither, every row is
// returned; totalRows always counts every match. Filters: serverImageNoList.N,
// serverImageName (exact), serverImageStatusCode, serverImageTypeCodeList.N
// (all images are SELF), serverInstanceNoList.N, serverName (exact),
// serverInstanceStatusCode, blockStorageSnapshotInstanceNoList.N,
// blockStorageSnapshotName (exact), blockStorageSnapshotInstanceStatusCode,
// isBootable. Ids are digit strings, except
// blockStorageMappingList[].blockStorageSnapshotInstanceNo, a JSON number;
// sizes are listed in bytes (createServerImage takes GB).
//
// Image states are driven by the clock ([Options.Now]), not by timers, so
// a persisted emulator stays right across restarts: a new image is INIT
// (operation CREAT, statusName creating) until CreateDelay has passed
// since its creation, then CREAT (operation NULL, created), or CREFL
// (createFailed) for the fraction CreateFailureRate. A deleted image is
// listed with operation TERMT (terminating) until DeleteDelay has passed,
// then it is gone; it keeps its name until then.
//
// createServerImage images the source server's disks (one per order,
// from the seed); each blockStorageList.N entry replaces the disk at its
// order with one made from a snapshot (the image then lists that
// snapshot's number and name) or a new empty one, or removes it
// (noBlockStorage). NCP documents no return codes for its rules, so these
// are the emulator's own (1000 and 25013 are real codes):
//
//	1000     500: injected transient failure, "Please try your call again later."
//	25013    server operation not NULL; deleting an image already terminating
//	3400001  serverImageName already used in the region (unless AllowDuplicateNames)
//	3400002  serverImageName not 3-30 chars of letters, digits, '-', '_',
//	         starting with a lowercase letter, ending with one or a digit
//	3400003  serverImageDescription longer than 1000 bytes
//	3400004  serverInstanceNo unknown in the region
//	3400005  server neither RUN nor NSTOP
//	3400006  snapshotInstanceNo unknown in the region
//	3400007  order 0 from a snapshot that is not bootable
//	3400008  snapshot not CREAT
//	3400009  blockStorageSize below the snapshot's size, below 10 GB for a new
//	         empty storage, or above 16384 GB
//	3400010  unknown blockStorageVolumeTypeCode (CB1 CB2 FB1 FB2), or one given for order 0
//	3400011  order missing or outside 0..20, repeated, no order 0, more than 21
//	         entries, or order 0 excluded
//	3400012  fields that do not go together: order 0 without a snapshot, snapshot
//	         with emptyBlockStorage, noBlockStorage with anything else, an entry
//	         with none of snapshot/volume type/noBlockStorage, an empty storage
//	         without size and volume type
//	3400013  required parameter missing, malformed number or boolean, bad paging
//	3400014  unknown regionCode
//	3400015  deleteServerImage of an unknown image number
//
// # Seed format
//
// [ParseSeed] reads YAML (unknown keys are errors); [Emulator.Seed] adds it
// and refuses the whole seed if any object is invalid:
//
//	accounts:                         # key pairs accepted (dummy keys only)
//	  - {accessKey: AK, secretKey: SK}
//	regions:                          # getRegionList order; first = default
//	  - {code: KR, name: Korea}
//	servers:
//	  - region: KR
//	    no: "1001001"                 # digits; generated when omitted
//	    name: web-01
//	    status: RUN                   # RUN (default) | NSTOP | INIT | CREAT
//	    operation: SETUP              # busy; omitted or NULL = idle
//	    disks: [{sizeGB: 10, volumeType: CB1}]  # order = index; default one 10 GB CB1
//	snapshots:
//	  - {region: KR, no: "3001001", name: web-01-root, sizeGB: 10, bootable: true,
//	     status: CREAT, volumeType: CB1}       # status CREAT|INIT, type CB1 (default)
//	images:
//	  - region: KR
//	    no: "5000001"                 # optional
//	    name: web-base-2026-11
//	    description: Ubuntu + nginx [ncpimage:web-team]
//	    status: CREAT                 # CREAT (default) | INIT | CREFL
//	    createdAt: 2026-11-01T00:00:00Z   # optional; INIT images count their delay from it
//	    blockStorages:                # default: one 10 GB CB1 disk
//	      - {order: 0, snapshotName: web-01-root}   # or snapshotNo; size/type default to the snapshot's
//	      - {order: 1, sizeGB: 100, volumeType: CB2}  # no snapshot: an empty disk
//
// # Faults and persistence
//
// [Emulator.SetFaults] injects throttling (a token bucket answering 429
// errorCode 410), 503/500 errors and dropped connections (none of which
// execute the call), latency, and creates that succeed but answer 504
// errorCode 510. [Emulator.SaveState] and [Emulator.LoadState] keep the
// account in a JSON file (written atomically) for `ncpimage emulator
// --state` and --sandbox.
package emulator
