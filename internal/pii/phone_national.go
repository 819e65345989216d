package pii

// National phone formats that are distinctive enough to report without a
// phone label. Most national numbers look like any other number and need
// a label (phoneCheck scores them 0.3); a few countries write theirs in a
// shape no invoice or order number takes: a trunk zero, an operator or
// area code from a short list, and the country's own grouping. Those
// score 0.5-0.6 here, so they report on their own, while a business label
// in front still sinks them below the minimum.

// nationalLead holds the phone types that may report a national-format
// number without a label; the scanner offers them only candidates that
// start the way national numbers do (leadOK), which spares the check on
// most numbers of a business text.
var nationalLead typeSet

func buildNationalLead() {
	for _, ps := range phoneSpecs {
		if d := byName[ps.name]; d != nil && natMax(ps.country)+0.05 >= DefaultMinScore && ps.trunk == '0' {
			nationalLead.add(d.idx)
		}
	}
}

// nationalLength reports whether a national-format number of the phone
// type d can have n digits: trunk plus significant number, or the
// forms written without a trunk (Chinese mobiles, Turkish mobiles after
// a label).
func nationalLength(d *detector, n int) bool {
	for _, ps := range phoneSpecs {
		if ps.name == d.Name {
			return (n-1 >= ps.nsnMin && n-1 <= ps.nsnMax) || (ps.country == "CN" && n == 11) || (ps.country == "TR" && n == 10)
		}
	}
	return true
}

// leadOK: the trunk 0, for China a mobile's leading 1, for Türkiye a
// mobile written without its trunk zero (which then needs a label).
func leadOK(d *detector, c byte) bool {
	return c == '0' || (c == '1' && d.Country == "CN") || (c == '5' && d.Country == "TR")
}

// validNSN applies numbering-plan rules beyond the first digit: the
// length each kind of number has. Only national-format numbers are held
// to it: a number written with its country code is a phone whatever its
// area code.
func validNSN(country string, b []byte) bool {
	n := len(b)
	switch country {
	case "TR":
		// 5XX mobiles; 2XX-4XX geographic area codes end in an even digit;
		// 850 is the nationwide corporate range.
		return b[0] == '5' || (b[0] >= '2' && b[0] <= '4' && (b[2]-'0')%2 == 0) || (b[0] == '8' && b[1] == '5')
	case "IL":
		if b[0] == '5' || b[0] == '7' {
			return n == 9
		}
		return n == 8
	case "JP":
		if (b[0] == '7' || b[0] == '8' || b[0] == '9') && b[1] == '0' {
			return n == 10 // 070/080/090 mobiles
		}
		return n == 9
	case "CN":
		if b[0] == '1' && b[1] == '0' {
			return n == 10 // Beijing, area code 10
		}
		if b[0] == '1' {
			return n == 11 && b[1] >= '3' && b[1] <= '9'
		}
		// Area codes: 2X, or three digits from 3XX to 9XX whose second
		// digit is not 0 (0800 is a European free-phone prefix).
		return (n == 10 || n == 11) && (b[0] == '2' || b[1] != '0')
	case "PH":
		if b[0] == '9' {
			return n == 10
		}
		return n == 9 || (b[0] == '2' && n == 10)
	}
	return true
}

// nationalShape returns the score adjustment of a national-format number
// whose shape alone says "phone" (b is the national significant number,
// trunk removed), or -1 when it has none of those shapes.
func nationalShape(country string, b []byte, c *cand) float64 {
	g, seps := c.groups, c.seps
	if country == "TR" {
		seps &^= sepDot // 0532.123.45.67
	}
	if seps&^(sepDash|sepSpace|sepParen) != 0 {
		return -1
	}
	switch country {
	case "TR":
		mobile := b[0] == '5' && b[1] <= '6'
		switch {
		case mobile && trGrouped(g):
			return -0.2 // 0532 123 45 67, 0 (532) 123 45 67, 0532 123 4567
		case mobile && len(g) == 1:
			return -0.3 // 05321234567
		case !mobile && trGrouped(g) && len(g) >= 4:
			return -0.3 // 0212 123 45 67, 0850 123 45 67
		}
	case "IL":
		// 09-7625400, 054-1234567, 02-123-4567
		if c.seps&sepDash != 0 && len(g) >= 2 && g[0] == len(c.compact)-len(b)+ilAreaLen(b) && len(g) <= 3 {
			return -0.3
		}
	case "JP":
		// 090-1234-5678, 03-1234-5678, 0120-123-456
		if len(g) == 3 && c.seps == sepDash && g[2] >= 3 {
			if len(b) == 10 {
				return -0.25
			}
			return -0.3
		}
	case "CN":
		mobile := b[0] == '1' && len(b) == 11
		switch {
		case mobile && len(g) == 3 && g[0] == 3 && g[1] == 4 && g[2] == 4:
			return -0.3 // 138 0013 8000
		case !mobile && len(g) == 2 && c.seps == sepDash && (g[0] == 3 || g[0] == 4) && g[1] >= 7:
			return -0.3 // 010-12345678, 0755-1234567
		}
	case "PH":
		// 0917 123 4567. Written as one block, eleven digits starting 09
		// are as often an Italian VAT number: those need a label.
		if b[0] == '9' && len(g) == 3 && g[0] == 4 && g[1] == 3 && g[2] == 4 {
			return -0.25
		}
	}
	return -1
}

// trGrouped: the Turkish ways of grouping ten digits after the trunk
// zero, which may stand alone or in brackets: 0532 123 45 67,
// 0 532 123 45 67, (0532) 123 45 67, 0532 123 4567, 0532-123-45-67.
func trGrouped(g []int) bool {
	n := len(g)
	switch {
	case n >= 3 && g[n-1] == 2 && g[n-2] == 2 && g[n-3] == 3:
		return n == 4 && g[0] == 4 || n == 5 && g[0] == 1 && g[1] == 3
	case n == 3 && g[1] == 3 && g[2] == 4:
		return g[0] == 4
	case n == 4 && g[0] == 1 && g[1] == 3 && g[2] == 3 && g[3] == 4:
		return true
	}
	return false
}

// ilAreaLen is the length of an Israeli area or operator code in the
// national significant number: one digit for landlines, two for mobiles.
func ilAreaLen(b []byte) int {
	if b[0] == '5' || b[0] == '7' {
		return 2
	}
	return 1
}
