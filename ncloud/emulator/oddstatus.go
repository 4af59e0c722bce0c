package emulator

import (
	"fmt"
	"strings"
)

// Undocumented statuses: NCP documents the image statuses INIT, CREAT
// and CREFL, and the status names copying, repairing and terminated
// beside them without their codes. [Emulator.SetImageStatusCode] makes
// an image show any other code, with operation NULL, so tests can prove
// that a client never takes a status it does not know for "created".

// SetImageStatusCode forces the status of the live images named name in
// region to code, whatever it is (documented or not), with statusName
// as its serverImageStatusName (empty: the code in lower case). The
// image then stays there: the state machine moves only INIT images.
func (e *Emulator) SetImageStatusCode(region, name, code, statusName string) error {
	if code == "" {
		return fmt.Errorf("set image status code: empty code")
	}
	if statusName == "" {
		statusName = strings.ToLower(code)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.advance(e.now())
	found := false
	for _, im := range e.st.Images {
		if im.Region == region && im.Name == name && im.DeletedAt == nil {
			if im.Status != code {
				e.logTransition(im, im.Status, code)
			}
			im.Status, im.WillFail, im.OddStatusName, found = code, false, statusName, true
		}
	}
	if !found {
		return fmt.Errorf("set image status code: no image %q in region %q", name, region)
	}
	return nil
}

// oddStatusName is the status name of an image whose code is not one the
// state machine knows.
func (im *image) oddStatusName() (string, bool) {
	switch im.Status {
	case statusInit, statusCreat, statusCrefl:
		return "", false
	}
	return im.OddStatusName, im.OddStatusName != ""
}
