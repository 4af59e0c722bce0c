package ncloud

// The members of each wire type for the fast decoding of answers
// ([scanEnvelope]): one entry per JSON field of the type, named as its
// tag names it (TestScanMembersMatchTags holds them to the tags). Codes
// and status names, repeated on every row, are interned.

// scan decodes the inside of an envelope.
func (r *listResponse) scan(s *scanner) bool { return scanObject(s, r, responseMembers) }

var responseMembers = []member[listResponse]{
	{"requestId", func(s *scanner, r *listResponse) bool { return s.str(&r.RequestID) }},
	{"returnCode", func(s *scanner, r *listResponse) bool { return s.flex(&r.ReturnCode) }},
	{"returnMessage", func(s *scanner, r *listResponse) bool { return s.str(&r.ReturnMessage) }},
	{"totalRows", func(s *scanner, r *listResponse) bool { return s.int(&r.TotalRows) }},
	{"regionList", func(s *scanner, r *listResponse) bool { return scanList(s, &r.RegionList, scanRegion) }},
	{"serverInstanceList", func(s *scanner, r *listResponse) bool { return scanList(s, &r.ServerInstanceList, scanServer) }},
	{"blockStorageSnapshotInstanceList", func(s *scanner, r *listResponse) bool {
		return scanList(s, &r.BlockStorageSnapshotInstanceList, scanSnapshot)
	}},
	{"serverImageList", func(s *scanner, r *listResponse) bool { return scanList(s, &r.ServerImageList, scanImage) }},
}

func scanCode(s *scanner, c *commonCode) bool { return scanObject(s, c, codeMembers) }

var codeMembers = []member[commonCode]{
	{"code", func(s *scanner, c *commonCode) bool { return s.code(&c.Code) }},
}

func scanRegion(s *scanner, w *wireRegion) bool { return scanObject(s, w, regionMembers) }

var regionMembers = []member[wireRegion]{
	{"regionCode", func(s *scanner, w *wireRegion) bool { return s.code(&w.RegionCode) }},
	{"regionName", func(s *scanner, w *wireRegion) bool { return s.str(&w.RegionName) }},
}

func scanServer(s *scanner, w *wireServer) bool { return scanObject(s, w, serverMembers) }

var serverMembers = []member[wireServer]{
	{"serverInstanceNo", func(s *scanner, w *wireServer) bool { return s.flex(&w.ServerInstanceNo) }},
	{"serverName", func(s *scanner, w *wireServer) bool { return s.str(&w.ServerName) }},
	{"regionCode", func(s *scanner, w *wireServer) bool { return s.code(&w.RegionCode) }},
	{"serverInstanceStatus", func(s *scanner, w *wireServer) bool { return scanCode(s, &w.ServerInstanceStatus) }},
	{"serverInstanceOperation", func(s *scanner, w *wireServer) bool { return scanCode(s, &w.ServerInstanceOperation) }},
	{"serverInstanceStatusName", func(s *scanner, w *wireServer) bool { return s.code(&w.ServerInstanceStatusName) }},
}

func scanSnapshot(s *scanner, w *wireSnapshot) bool { return scanObject(s, w, snapshotMembers) }

var snapshotMembers = []member[wireSnapshot]{
	{"blockStorageSnapshotInstanceNo", func(s *scanner, w *wireSnapshot) bool { return s.flex(&w.No) }},
	{"blockStorageSnapshotName", func(s *scanner, w *wireSnapshot) bool { return s.str(&w.Name) }},
	{"blockStorageSnapshotVolumeSize", func(s *scanner, w *wireSnapshot) bool { return s.int64(&w.VolumeSize) }},
	{"blockStorageSnapshotInstanceStatus", func(s *scanner, w *wireSnapshot) bool { return scanCode(s, &w.Status) }},
	{"blockStorageSnapshotInstanceOperation", func(s *scanner, w *wireSnapshot) bool { return scanCode(s, &w.Operation) }},
	{"isBootable", func(s *scanner, w *wireSnapshot) bool { return s.boolean(&w.IsBootable) }},
	{"blockStorageVolumeType", func(s *scanner, w *wireSnapshot) bool { return scanCode(s, &w.VolumeType) }},
}

func scanImage(s *scanner, w *wireImage) bool { return scanObject(s, w, imageMembers) }

var imageMembers = []member[wireImage]{
	{"serverImageNo", func(s *scanner, w *wireImage) bool { return s.flex(&w.No) }},
	{"serverImageName", func(s *scanner, w *wireImage) bool { return s.str(&w.Name) }},
	{"serverImageDescription", func(s *scanner, w *wireImage) bool { return s.str(&w.Description) }},
	{"serverImageType", func(s *scanner, w *wireImage) bool { return scanCode(s, &w.Type) }},
	{"serverImageStatus", func(s *scanner, w *wireImage) bool { return scanCode(s, &w.Status) }},
	{"serverImageOperation", func(s *scanner, w *wireImage) bool { return scanCode(s, &w.Operation) }},
	{"serverImageStatusName", func(s *scanner, w *wireImage) bool { return s.code(&w.StatusName) }},
	{"createDate", func(s *scanner, w *wireImage) bool { return s.str(&w.CreateDate) }},
	{"blockStorageMappingList", func(s *scanner, w *wireImage) bool { return scanList(s, &w.Mappings, scanMapping) }},
	{"shareStatus", func(s *scanner, w *wireImage) bool { return scanCode(s, &w.ShareStatus) }},
	{"sharedLoginIdList", func(s *scanner, w *wireImage) bool { return scanList(s, &w.SharedIDs, (*scanner).str) }},
}

func scanMapping(s *scanner, w *wireMapping) bool { return scanObject(s, w, mappingMembers) }

var mappingMembers = []member[wireMapping]{
	{"order", func(s *scanner, w *wireMapping) bool { return s.int(&w.Order) }},
	{"blockStorageSnapshotInstanceNo", func(s *scanner, w *wireMapping) bool { return s.flex(&w.SnapshotNo) }},
	{"blockStorageSnapshotName", func(s *scanner, w *wireMapping) bool { return s.str(&w.SnapshotName) }},
	{"blockStorageSize", func(s *scanner, w *wireMapping) bool { return s.int64(&w.Size) }},
	{"blockStorageName", func(s *scanner, w *wireMapping) bool { return s.str(&w.Name) }},
	{"blockStorageVolumeType", func(s *scanner, w *wireMapping) bool { return scanCode(s, &w.VolumeType) }},
}
