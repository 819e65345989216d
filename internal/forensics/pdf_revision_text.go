package forensics

import (
	"fmt"
	"strings"
)

// What an update did to the words on a page is the most telling evidence
// of an edit: for each content stream a later revision replaced, the
// strings it shows before and after are compared.

// shownText lists the strings a content stream shows (Tj, TJ, ' and "),
// read as single-byte text; the revision diff quotes them.
func shownText(content []byte, budget int) []string {
	var out []string
	lx := &lexer{b: content}
	var last []token
	for n := 0; n < budget; n++ {
		t, ok := lx.next(0)
		if !ok {
			break
		}
		if t.kind != tokOp {
			last = append(last[:0:0], t)
			continue
		}
		if len(last) == 0 {
			continue
		}
		var s []byte
		switch string(t.str) {
		case "Tj", "'", "\"":
			s = last[0].str
		case "TJ":
			for _, e := range last[0].arr {
				if e.kind == tokString {
					s = append(s, e.str...)
				}
			}
		}
		if txt := strings.TrimSpace(decodeTextString(s)); txt != "" {
			out = append(out, txt)
		}
		last = last[:0]
	}
	return out
}

// textChange quotes what an update did to the text a replaced stream
// shows: strings that disappeared and strings that appeared, a few of
// each. It is "" when the text is unchanged or unreadable (compressed
// with an unread filter, or glyph codes that are not text).
func textChange(data []byte, revs []revision, rev int, num int, lim Limits) string {
	var before, after *pdfObject
	for i := 0; i <= rev; i++ {
		for j := range revs[i].Objects {
			o := &revs[i].Objects[j]
			if o.Num == num && o.IsStream && o.Offset >= 0 {
				if i < rev {
					before = o
				} else {
					after = o
				}
			}
		}
	}
	if before == nil || after == nil {
		return ""
	}
	old, err1 := streamData(data, *before, lim.MaxStreamBytes)
	cur, err2 := streamData(data, *after, lim.MaxStreamBytes)
	if err1 != nil || err2 != nil {
		return ""
	}
	gone, added := diffStrings(shownText(old, lim.MaxOperators), shownText(cur, lim.MaxOperators))
	if len(gone) == 0 && len(added) == 0 {
		return ""
	}
	q := func(xs []string) string {
		if len(xs) > 3 {
			xs = append(xs[:3:3], "...")
		}
		return fmt.Sprintf("%q", xs)
	}
	return fmt.Sprintf("object %d's shown text lost %s and gained %s", num, q(gone), q(added))
}

// diffStrings returns the strings only in a and only in b, in order.
func diffStrings(a, b []string) (onlyA, onlyB []string) {
	count := map[string]int{}
	for _, s := range a {
		count[s]++
	}
	for _, s := range b {
		count[s]--
	}
	for _, s := range a {
		if count[s] > 0 {
			onlyA = append(onlyA, s)
			count[s]--
		}
	}
	for _, s := range b {
		if count[s] < 0 {
			onlyB = append(onlyB, s)
			count[s]++
		}
	}
	return onlyA, onlyB
}

// textChanges quotes the text changes of every stream revision rev
// replaced.
func textChanges(data []byte, revs []revision, rev int, changes []objectChange, lim Limits) string {
	var out []string
	for _, c := range changes {
		if c.Replaced && c.Kind == "stream" && len(out) < 3 {
			if s := textChange(data, revs, rev, c.Num, lim); s != "" {
				out = append(out, s)
			}
		}
	}
	if len(out) == 0 {
		return ""
	}
	return " Text change: " + strings.Join(out, "; ") + "."
}
