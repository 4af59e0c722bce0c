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
// {"responseError": {"returnCode", "returnMessage"}}, also pretty-printed;
// gateway failures are compact {"error": {"errorCode", "message",
// "details"}}. Every JSON body ends with its closing '}' and nothing after
// it: the official SDK takes the inner object as the bytes from just
// before the first '{' after the envelope key up to, not including, the
// last byte of the body, so a trailing newline would break every call.
//
// Actions: getRegionList, getServerInstanceList, getServerInstanceDetail,
// getBlockStorageSnapshotInstanceList, getBlockStorageSnapshotInstanceDetail,
// getServerImageList, getServerImageDetail (unknown number: 200 with an
// empty list), createServerImage, deleteServerImage,
// addServerImageSharingPermission, removeServerImageSharingPermission.
// regionCode defaults to the first region. Lists accept pageNo (0 and 1
// are the first page; at most 2147483647) and pageSize (1..1000, required
// with pageNo); with neither, every row is returned; totalRows always
// counts every match.
//
// List filters; an unset (or empty) filter matches everything, list
// filters (.N) match a row whose value is any of theirs, names match
// exactly (NCP does not say whether they match partially):
//
//	getServerImageList       serverImageNoList.N, serverImageName,
//	                         serverImageStatusCode, serverImageTypeCodeList.N,
//	                         hypervisorTypeCodeList.N, osTypeCodeList.N,
//	                         platformCategoryCodeList.N
//	getServerInstanceList    serverInstanceNoList.N, serverName, vpcNo, ip,
//	                         serverInstanceStatusCode, hypervisorTypeCodeList.N
//	getBlockStorageSnapshotInstanceList
//	                         blockStorageSnapshotInstanceNoList.N,
//	                         blockStorageSnapshotName,
//	                         blockStorageSnapshotVolumeSize, isBootable,
//	                         blockStorageSnapshotInstanceStatusCode,
//	                         hypervisorTypeCodeList.N
//
// Every emulated image is of type SELF, hypervisor KVM, OS type UBUNTU and
// platform category OS (platformCategoryCode "OS"); servers and snapshots
// are KVM. ip matches a server's public or private address (the docs:
// both are filtered), though rows list only publicIp, as NCP lists private
// addresses per network interface. blockStorageSnapshotVolumeSize is in GB
// and keeps snapshots of at most that size (the vserver docs), while rows
// list blockStorageSnapshotVolumeSize in bytes.
//
// Ids are digit strings, except
// blockStorageMappingList[].blockStorageSnapshotInstanceNo, a JSON number
// that the SDK reads as an int32; sizes are listed in bytes
// (createServerImage takes GB). Other numbers the SDK reads as 32-bit are
// small by construction (totalRows, order, iops, cpuCount). So snapshot
// numbers stay at or below 2147483647: seeds and state files with a bigger
// one are refused, and every number the emulator generates (images and
// the snapshots of their disks share one counter) stays in that range;
// seeded servers and images may use bigger numbers, which do not move the
// counter. When no 32-bit number is left, createServerImage answers 500
// 3400016.
//
// Image states are driven by the clock ([Options.Now]), not by timers, so
// a persisted emulator stays right across restarts: a new image is INIT
// (operation CREAT, statusName creating) until CreateDelay has passed
// since its creation, then CREAT (operation NULL, created), or CREFL
// (createFailed) for the fraction CreateFailureRate. A deleted image is
// listed with operation TERMT (terminating) until DeleteDelay has passed,
// then it is gone; it keeps its name until then. An image remembers the
// server it was made from.
//
// With [Options.BusyWhileImaging] (default false; inferred: NCP does not
// document whether a server accepts a second createServerImage while one
// of its images is INIT), a server with an INIT image (not being
// deleted) is busy: getServerInstanceList and getServerInstanceDetail list
// its operation as CREAT ("Server CREAT OP", also a guess) instead of
// NULL, and a create from it is refused with 25013, as for any busy
// server, until the image is CREAT or CREFL or deleted.
//
// createServerImage images the source server's disks (one per order,
// from the seed); each blockStorageList.N entry replaces the disk at its
// order with one made from a snapshot (the image then lists that
// snapshot's number and name) or a new empty one, or removes it
// (noBlockStorage). NCP documents no return codes for its rules, so these
// are the emulator's own, all inferred (1000 and 25013 are real codes with
// NCP's meaning):
//
//	1000     500: injected transient failure, "Please try your call again later."
//	25013    server operation not NULL (or busy imaging, with BusyWhileImaging);
//	         deleting an image already terminating
//	3400001  serverImageName already used in the region (unless AllowDuplicateNames)
//	3400002  serverImageName not 3-30 chars of English letters, digits and
//	         '-', starting with a letter, ending with a letter or a digit
//	3400003  serverImageDescription longer than 1000 bytes
//	3400004  serverInstanceNo unknown in the region
//	3400005  server neither RUN nor NSTOP
//	3400006  snapshotInstanceNo unknown in the region
//	3400007  order 0 from a snapshot that is not bootable
//	3400008  snapshot not CREAT
//	3400009  blockStorageSize below the snapshot's size, outside 10-16380 GB,
//	         or not a multiple of 10 GB (KVM block storage sizes)
//	3400010  unknown blockStorageVolumeTypeCode (CB1 CB2 FB1 FB2), or one given for order 0
//	3400011  order missing or outside 0..20, repeated, no order 0, more than 21
//	         entries, or order 0 excluded
//	3400012  fields that do not go together: order 0 without a snapshot, snapshot
//	         with emptyBlockStorage, noBlockStorage with anything else, an entry
//	         with none of snapshot/volume type/noBlockStorage, an empty storage
//	         without size and volume type
//	3400013  required parameter missing, malformed number or boolean, bad paging
//	3400014  unknown regionCode
//	3400015  deleteServerImage or a sharing action on an unknown image number
//	3400016  500: no generated number left at or below 2147483647
//	3400017  sharing without targetLoginIdList, or with an empty login ID
//	3400018  sharing an image that is not CREAT, or is being deleted
//
// # Sharing
//
// addServerImageSharingPermission and removeServerImageSharingPermission
// take serverImageNo and targetLoginIdList.N and answer the usual envelope
// with serverImageList holding the image as changed. Each image keeps the
// login IDs it is shared with, in the order added; every image row lists
// them as sharedLoginIdList and lists shareStatus NULL ("NSI Share NULL
// State", the only documented code) when the list is empty, else SHARE
// ("NSI Share State", inferred). Adding an ID already there, or removing
// one that is not, changes nothing and succeeds (inferred). Refusals
// (codes inferred, listed above): serverImageNo missing (3400013),
// targetLoginIdList empty or with an empty ID (3400017), unknown image
// (3400015), image not CREAT or being deleted (3400018). Shares are seeded
// (sharedLoginIdList), saved in the state file and restored; state files
// written before sharing load as not shared.
//
// # Seed format
//
// [ParseSeed] reads YAML (unknown keys are errors); [Emulator.Seed] adds it
// and refuses the whole seed if any object is invalid. When the seed was
// read by [LoadSeedFile] or [ParseSeedNamed] the error starts with
// "FILE:LINE:COL: " at the offending object or field ("seed:LINE:COL: "
// after [ParseSeed]); seeds built in Go give "seed: ...".
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
//	    vpcNo: "11"                   # optional; listed, and matched by the vpcNo filter
//	    publicIp: 203.0.113.1         # optional; listed; ip matches it or privateIp
//	    privateIp: 10.0.0.1           # optional; not listed
//	snapshots:
//	  - {region: KR, no: "3001001", name: web-01-root, sizeGB: 10, bootable: true,
//	     status: CREAT, volumeType: CB1}       # status CREAT|INIT, type CB1 (default)
//	                                  # no: at most 2147483647
//	images:
//	  - region: KR
//	    no: "5000001"                 # optional
//	    name: web-base-2026-11
//	    description: Ubuntu + nginx [ncpimage:web-team]
//	    status: CREAT                 # CREAT (default) | INIT | CREFL
//	    createdAt: 2026-11-01T00:00:00Z   # optional; INIT images count their delay from it
//	    serverNo: "1001001"           # optional: the server it was made from (same region)
//	    sharedLoginIdList: [a@example.com]  # optional: shared with these accounts
//	    blockStorages:                # default: one 10 GB CB1 disk
//	      - {order: 0, snapshotName: web-01-root}   # or snapshotNo; size/type default to the snapshot's
//	      - {order: 1, sizeGB: 100, volumeType: CB2}  # no snapshot: an empty disk
//
// # Request log
//
// [Emulator.Log] returns, oldest first, every answered request
// ([LogEntry]: emulator time, action, region, HTTP status, returnCode or
// gateway errorCode, injected fault, serverInstanceNo, serverImageName,
// serverImageNo, serverImageNoList, targetLoginIdList, and for a
// successful createServerImage the number of the image it made) and every
// image status transition (Action "status": image, its server, INIT to
// CREAT or CREFL, any status to GONE when a deleted image disappears, and
// changes forced by [Emulator.SetImageStatus]). Requests refused by the
// gateway (unknown path, authentication, throttling, injected errors,
// dropped connections) are logged too. A request is entered when it is
// executed, under the lock that applies its effect, and a transition when
// the clock-driven state machine first applies it (at the first request,
// Images or SetImageStatus call at or after it), before that request's own
// entry; so the order of the log is the order of effects, and a test can
// prove orderings such as "each refused create was retried only after the
// server's previous image finished". Entries carry Seq (1, 2, ...; it
// keeps counting across [Emulator.ResetLog]); the log keeps the last
// [Options.LogLimit] entries (default 100,000; negative: no log). It is
// safe for concurrent use.
//
// # Faults and persistence
//
// [Emulator.SetFaults] injects throttling (a token bucket answering 429
// errorCode 410), 503/500 errors and dropped connections (none of which
// execute the call), latency, and creates that succeed but answer 504
// errorCode 510. [Emulator.SaveState] and [Emulator.LoadState] keep the
// account in a JSON file (written atomically) for `ncpimage emulator
// --state` and --sandbox.
//
// # Assumptions
//
// Where NCP's documentation is silent the emulator does what ncpimage
// assumes, each listed with its reason in docs/ncp-api.md §13: an
// image's disks start as its server's and blockStorageList replaces or
// removes them by order (§13.1); a disk from a snapshot takes the
// snapshot's volume type (§13.2); a deleted image lists operation TERMT
// until it disappears (§13.3); a server already being imaged refuses a
// second create with returnCode 25013 when busy-while-imaging is set
// (§13.4); image names follow the conservative 3-30 character rule
// (§13.5); disks are 10-16380 GB in steps of 10 (§13.6); a data disk from
// a snapshot that is not bootable is accepted (§13.7); lists page as
// documented, with totalRows counting every match (§13.8); and every
// answer's root key is "<action>Response" (§13.9).
package emulator
