package spec

import "testing"

func TestSlots(t *testing.T) {
	for i := range slotCount(21) {
		if got := slotOf(slotKey(i)); got != i {
			t.Errorf("slotOf(%q) = %d, want %d", slotKey(i), got, i)
		}
	}
	for _, key := range []string{"", "nope", "source.", "blockStorages.", "blockStorages.x", "blockStorages.01.order",
		"blockStorages.-1", "blockStorages.+1", "blockStorages.1.", "blockStorages.1.nope", "blockStorages.1.order.x"} {
		if got := slotOf(key); got != -1 {
			t.Errorf("slotOf(%q) = %d, want -1", key, got)
		}
	}
}

func TestLookup(t *testing.T) {
	write(t, map[string]string{"a.yaml": catalogText})
	set := Load([]string{"a.yaml"})
	web := set.Catalogs[0].Images[0]
	if web.Fields != nil {
		t.Errorf("Load set Fields: %v", web.Fields)
	}
	for key, want := range wantCatalogs()[0].Images[0].Fields {
		if got, ok := web.Lookup(key); !ok || got != want {
			t.Errorf("Lookup(%q) = %v, %v; want %v", key, got, ok, want)
		}
	}
	for _, key := range []string{"source.serverInstanceNo", "blockStorages.0.sizeGB", "blockStorages.3", "blockStorages.3.order"} {
		if p, ok := web.Lookup(key); ok {
			t.Errorf("Lookup(%q) = %v, want not written", key, p)
		}
		if got := web.At(key); got != web.Pos {
			t.Errorf("At(%q) = %v, want the image's position %v", key, got, web.Pos)
		}
	}
	// An image built by hand: Fields rules.
	byHand := &Image{Pos: pos(1, 1), Fields: map[string]Pos{"name": pos(2, 3)}, shape: web.shape}
	if got, ok := byHand.Lookup("name"); !ok || got != pos(2, 3) {
		t.Errorf("by hand: Lookup(name) = %v, %v", got, ok)
	}
	if _, ok := byHand.Lookup("region"); ok {
		t.Error("by hand: Lookup(region) found a position Fields does not hold")
	}
}
