package forensics

import "bytes"

// A content stream is a postfix program: operands, then the operator that
// consumes them. The lexer turns it into those two kinds of token. It is
// deliberately forgiving (a broken token is skipped, not an error), since
// the checks read what a viewer would draw and viewers skip the same way.

type tokKind int

const (
	tokNumber tokKind = iota
	tokName
	tokString
	tokArray // the array's elements are in tok.arr
	tokOp
	tokOther // dictionaries and anything else an operator may take
)

type token struct {
	kind tokKind
	num  float64
	str  []byte // name (without "/"), string bytes, or operator
	arr  []token
}

type lexer struct {
	b []byte
	i int
}

func (l *lexer) skipSpaceAndComments() {
	for l.i < len(l.b) {
		c := l.b[l.i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0:
			l.i++
		case c == '%':
			for l.i < len(l.b) && l.b[l.i] != '\n' && l.b[l.i] != '\r' {
				l.i++
			}
		default:
			return
		}
	}
}

// next returns the next token; ok is false at the end of the stream.
func (l *lexer) next(depth int) (token, bool) {
	l.skipSpaceAndComments()
	if l.i >= len(l.b) {
		return token{}, false
	}
	c := l.b[l.i]
	switch {
	case c == '/':
		j := l.i + 1
		for j < len(l.b) && !isDelimiterOrSpace(l.b[j]) {
			j++
		}
		t := token{kind: tokName, str: l.b[l.i+1 : j]}
		l.i = j
		return t, true
	case c == '(' || (c == '<' && (l.i+1 >= len(l.b) || l.b[l.i+1] != '<')):
		s, end, _ := readString(l.b, l.i)
		l.i = max(end, l.i+1)
		return token{kind: tokString, str: s}, true
	case c == '<': // a dictionary: skip it whole
		l.skipDict()
		return token{kind: tokOther}, true
	case c == '[':
		l.i++
		t := token{kind: tokArray}
		for depth < 16 {
			l.skipSpaceAndComments()
			if l.i >= len(l.b) {
				break
			}
			if l.b[l.i] == ']' {
				l.i++
				break
			}
			e, ok := l.next(depth + 1)
			if !ok {
				break
			}
			if len(t.arr) < 4096 {
				t.arr = append(t.arr, e)
			}
		}
		return t, true
	case c == ']' || c == '>' || c == ')' || c == '{' || c == '}':
		l.i++
		return token{kind: tokOther}, true
	case c == '+' || c == '-' || c == '.' || isDigit(c):
		j := l.i + 1
		for j < len(l.b) && (isDigit(l.b[j]) || l.b[j] == '.') {
			j++
		}
		t := token{kind: tokNumber, num: parseNum(l.b[l.i:j])}
		l.i = j
		return t, true
	}
	j := l.i
	for j < len(l.b) && !isDelimiterOrSpace(l.b[j]) {
		j++
	}
	if j == l.i {
		j++
	}
	t := token{kind: tokOp, str: l.b[l.i:j]}
	l.i = j
	return t, true
}

// skipDict moves past a "<< ... >>" dictionary, nested ones included.
func (l *lexer) skipDict() {
	depth := 0
	for l.i < len(l.b) {
		switch {
		case bytes.HasPrefix(l.b[l.i:], []byte("<<")):
			depth++
			l.i += 2
		case bytes.HasPrefix(l.b[l.i:], []byte(">>")):
			depth--
			l.i += 2
			if depth <= 0 {
				return
			}
		case l.b[l.i] == '(':
			_, end, _ := readString(l.b, l.i)
			l.i = max(end, l.i+1)
		default:
			l.i++
		}
	}
}

// skipInlineImage moves past an inline image's data, which starts after
// the ID operator and ends at an EI standing alone.
func (l *lexer) skipInlineImage() {
	for l.i < len(l.b) {
		k := bytes.Index(l.b[l.i:], []byte("EI"))
		if k < 0 {
			l.i = len(l.b)
			return
		}
		at := l.i + k
		before := at == 0 || isWhite(l.b[at-1])
		after := at+2 >= len(l.b) || isWhite(l.b[at+2])
		l.i = at + 2
		if before && after {
			return
		}
	}
}

func isWhite(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0
}

// parseNum reads a PDF number; malformed ones ("--1", "1.2.3") read as
// far as they make sense.
func parseNum(b []byte) float64 {
	neg := false
	i := 0
	for i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = neg != (b[i] == '-')
		i++
	}
	var v, scale float64 = 0, 0
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case isDigit(c):
			if scale == 0 {
				v = v*10 + float64(c-'0')
			} else {
				v += float64(c-'0') * scale
				scale /= 10
			}
		case c == '.' && scale == 0:
			scale = 0.1
		default:
			i = len(b)
		}
	}
	if neg {
		return -v
	}
	return v
}
