package ids

import "testing"

func TestNewIsValidAndOrdered(t *testing.T) {
	t.Parallel()
	a, b := New("ext"), New("ext")
	if !Valid("ext", a) || !Valid("ext", b) {
		t.Fatalf("invalid ids %s %s", a, b)
	}
	if !(a < b) {
		t.Fatalf("ids not monotonic: %s >= %s", a, b)
	}
	for _, bad := range []string{"", "ext_", "job_" + a[4:], "ext_not-a-ulid", a + "x"} {
		if Valid("ext", bad) {
			t.Errorf("Valid(%q) = true", bad)
		}
	}
}
