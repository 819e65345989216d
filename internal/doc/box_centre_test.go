package doc

import "testing"

func TestHoldsCentre(t *testing.T) {
	t.Parallel()
	b := Box{X0: 0.5, Y0: 0.5, X1: 0.6, Y1: 0.6}
	in, edge := Box{X0: 0.52, Y0: 0.52, X1: 0.58, Y1: 0.58}, Box{X0: 0.6, Y0: 0.5, X1: 0.602, Y1: 0.6}
	if !b.HoldsCentre(in, 0) || b.HoldsCentre(edge, 0) || !b.HoldsCentre(edge, 0.002) {
		t.Errorf("centre inside: %v; on the edge without and with slack: %v, %v",
			b.HoldsCentre(in, 0), b.HoldsCentre(edge, 0), b.HoldsCentre(edge, 0.002))
	}
}
