package ncloud

import (
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"strconv"
	"unicode/utf8"
)

// scanner reads one JSON text from a byte slice for the fast decoding of
// answers ([scanEnvelope]). Every method reports false when the text is
// not what it expects, or is something whose decoding by json.Unmarshal
// it does not mimic; the caller then gives up and decodes the body with
// json.Unmarshal. A true result therefore promises two things: the bytes
// read are valid JSON, and the value decoded is the one json.Unmarshal
// would give.
//
// Strings are copied out of the body, never aliased: the body is a
// pooled buffer that is reused once the answer is decoded.
type scanner struct {
	buf   []byte
	pos   int
	depth int               // containers open at pos
	codes map[string]string // interned short codes, see interned
}

const (
	// maxDepth is encoding/json's limit of nesting; deeper is a syntax
	// error there, so it is a fall back here (and bounds the recursion).
	maxDepth = 10000
	// maxInterned and maxCodes bound the interning of codes: only short
	// strings, and at most maxCodes of them per answer.
	maxInterned = 16
	maxCodes    = 256
)

// ws skips JSON white space; runs of spaces (the indentation of a
// pretty-printed answer) 8 bytes at a time.
func (s *scanner) ws() {
	b, i := s.buf, s.pos
	for i < len(b) && isSpace(b[i]) {
		i++
		for i+8 <= len(b) {
			// the spaces that start the word, without a branch per byte
			n := bits.TrailingZeros64(binary.LittleEndian.Uint64(b[i:])^' '*lows) / 8
			i += n
			if n < 8 {
				break
			}
		}
	}
	s.pos = i
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// lows and highs are the lowest and the highest bit of every byte of a
// word: c*lows is c in every byte.
const (
	lows  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainRun returns the index of the first byte at or after b[i] that
// may not be plain (see plainByte), looking at 8 bytes at a time: it
// stops at the first word holding a quote, a backslash, a control
// character or a byte beyond ASCII.
func plainRun(b []byte, i int) int {
	for i+8 <= len(b) {
		x := binary.LittleEndian.Uint64(b[i:])
		if hasZero(x^'"'*lows)|hasZero(x^'\\'*lows)|hasLess(x, 0x20)|x&highs != 0 {
			break
		}
		i += 8
	}
	return i
}

// hasZero is non-zero when a byte of x is 0.
func hasZero(x uint64) uint64 { return (x - lows) &^ x & highs }

// hasLess is non-zero when a byte of x is below n (n <= 128).
func hasLess(x uint64, n byte) uint64 { return (x - uint64(n)*lows) &^ x & highs }

// peek skips white space and returns the next byte, or 0 at the end.
func (s *scanner) peek() byte {
	s.ws()
	if s.pos < len(s.buf) {
		return s.buf[s.pos]
	}
	return 0
}

// eat skips white space and consumes c if it comes next.
func (s *scanner) eat(c byte) bool {
	if s.peek() == c {
		s.pos++
		return true
	}
	return false
}

// literal consumes lit (true, false or null) if it comes next.
func (s *scanner) literal(lit string) bool {
	if len(s.buf)-s.pos >= len(lit) && string(s.buf[s.pos:s.pos+len(lit)]) == lit {
		s.pos += len(lit)
		return true
	}
	return false
}

// null consumes a null if one comes next.
func (s *scanner) null() bool { return s.peek() == 'n' && s.literal("null") }

// open consumes the opening c of a container, within maxDepth.
func (s *scanner) open(c byte) bool {
	if !s.eat(c) || s.depth >= maxDepth {
		return false
	}
	s.depth++
	return true
}

// close consumes the closing c of a container.
func (s *scanner) close(c byte) bool {
	if !s.eat(c) {
		return false
	}
	s.depth--
	return true
}

// members reads an object, calling member for each key with the scanner
// at its value. The key is passed quoted, as it is in the body; esc says
// it has a backslash, high that it has a byte beyond ASCII.
func (s *scanner) members(member func(quoted []byte, esc, high bool) bool) bool {
	if !s.open('{') {
		return false
	}
	if s.close('}') {
		return true
	}
	for {
		if s.peek() != '"' {
			return false
		}
		start := s.pos
		_, esc, high, ok := s.stringSpan()
		quoted := s.buf[start:s.pos]
		if !ok || !s.eat(':') || !member(quoted, esc, high) {
			return false
		}
		if !s.eat(',') {
			return s.close('}')
		}
	}
}

// elements reads an array, calling elem with the scanner at each element.
func (s *scanner) elements(elem func() bool) bool {
	if !s.open('[') {
		return false
	}
	if s.close(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if !s.eat(',') {
			return s.close(']')
		}
	}
}

// plainByte is true for the bytes a string holds as they are: not a
// quote, a backslash, a control character or a byte beyond ASCII.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// stringSpan reads the string at s.pos (its opening quote) and returns
// what is between the quotes; esc says it has an escape, high a byte
// beyond ASCII. Escapes are checked, not decoded.
func (s *scanner) stringSpan() (raw []byte, esc, high, ok bool) {
	start := s.pos + 1
	for i := plainRun(s.buf, start); i < len(s.buf); i++ {
		c := s.buf[i]
		switch {
		case plainByte[c]:
		case c == '"':
			s.pos = i + 1
			return s.buf[start:i], esc, high, true
		case c == '\\':
			n := escapeLen(s.buf[i+1:])
			if n == 0 {
				return nil, false, false, false
			}
			i += n
			esc = true
		case c < 0x20:
			return nil, false, false, false
		default:
			high = true
		}
	}
	return nil, false, false, false
}

// escapeLen is the length of a valid escape after its backslash, or 0.
func escapeLen(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	switch b[0] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 1
	case 'u':
		if len(b) < 5 {
			return 0
		}
		for _, c := range b[1:5] {
			if !isHex(c) {
				return 0
			}
		}
		return 5
	}
	return 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// text reads a string value. A string with an escape or with invalid
// UTF-8 (which json.Unmarshal replaces with U+FFFD) is decoded by
// json.Unmarshal itself; the others are copied out, interned when intern
// is set.
func (s *scanner) text(intern bool) (string, bool) {
	if s.peek() != '"' {
		return "", false
	}
	start := s.pos
	raw, esc, high, ok := s.stringSpan()
	switch {
	case !ok:
		return "", false
	case esc || high && !utf8.Valid(raw):
		return unquote(s.buf[start:s.pos])
	case intern:
		return s.interned(raw), true
	}
	return string(raw), true
}

// unquote decodes a quoted JSON string as json.Unmarshal does.
func unquote(quoted []byte) (string, bool) {
	var v string
	if err := json.Unmarshal(quoted, &v); err != nil {
		return "", false
	}
	return v, true
}

// interned returns b as a string, the same one for every short b of an
// answer: a page of 1000 images then holds one "CREAT", not 1000.
func (s *scanner) interned(b []byte) string {
	if len(b) > maxInterned {
		return string(b)
	}
	if v, ok := s.codes[string(b)]; ok {
		return v
	}
	v := string(b)
	if s.codes == nil {
		s.codes = make(map[string]string)
	}
	if len(s.codes) < maxCodes {
		s.codes[v] = v
	}
	return v
}

// number reads the number at s.pos by the JSON grammar and returns its
// text; integer says it is -?digits, without fraction or exponent.
func (s *scanner) number() (tok []byte, integer, ok bool) {
	b, i := s.buf, s.pos
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		i = digits(b, i)
	default:
		return nil, false, false
	}
	end := exponent(b, fraction(b, i))
	if end < 0 {
		return nil, false, false
	}
	tok, s.pos = b[s.pos:end], end
	return tok, end == i, true
}

// fraction returns the index past the fraction (.digits) of a number at
// b[i:], i when it has none, -1 when its digits are missing.
func fraction(b []byte, i int) int {
	if i == len(b) || b[i] != '.' {
		return i
	}
	return someDigits(b, i+1)
}

// exponent is [fraction] for the exponent: e or E, a sign or none,
// digits (and -1 for an i of -1).
func exponent(b []byte, i int) int {
	if i < 0 || i == len(b) || b[i] != 'e' && b[i] != 'E' {
		return i
	}
	i++
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	return someDigits(b, i)
}

// someDigits returns the index past the run of digits at b[i:], or -1
// when there is none.
func someDigits(b []byte, i int) int {
	if j := digits(b, i); j > i {
		return j
	}
	return -1
}

// digits returns the index past the run of digits at b[i:].
func digits(b []byte, i int) int {
	for i < len(b) && '0' <= b[i] && b[i] <= '9' {
		i++
	}
	return i
}

// parseInt reads tok, -?digits, as a signed integer of the given bits,
// reporting false when it does not fit.
func parseInt(tok []byte, bits uint) (int64, bool) {
	neg := tok[0] == '-'
	if neg {
		tok = tok[1:]
	}
	limit := uint64(1) << (bits - 1) // the magnitude of the smallest value
	if !neg {
		limit--
	}
	var n uint64
	for _, c := range tok {
		d := uint64(c - '0')
		if n > (limit-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	if neg {
		return int64(-n), true
	}
	return int64(n), true
}

// skip reads any value, checking it is valid JSON, and drops it.
func (s *scanner) skip() bool {
	switch s.peek() {
	case '{':
		return s.members(func([]byte, bool, bool) bool { return s.skip() })
	case '[':
		return s.elements(s.skip)
	case '"':
		_, _, _, ok := s.stringSpan()
		return ok
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	}
	_, _, ok := s.number()
	return ok
}

// member is a field of T as json.Unmarshal matches it: its JSON name and
// the decoding of its value.
type member[T any] struct {
	name string
	scan func(s *scanner, v *T) bool
}

// scanObject decodes an object into v by its members, or null, which
// leaves v as it is. It reports false for a member seen twice (json
// decodes the second into the first: it merges objects, reuses list
// elements, keeps the first under a later null) and for a key that
// matches a member's name only regardless of case (json takes it; its
// folding of keys beyond ASCII is not mimicked, so those are refused
// too); other keys are checked and skipped.
func scanObject[T any](s *scanner, v *T, ms []member[T]) bool {
	if s.null() {
		return true
	}
	var seen uint64
	return s.members(func(quoted []byte, esc, high bool) bool {
		key, ok := keyText(quoted, esc, high)
		if !ok {
			return false
		}
		i, folded := find(ms, key)
		switch {
		case i >= 0 && seen&(1<<i) == 0:
			seen |= 1 << i
			return ms[i].scan(s, v)
		case i >= 0 || folded: // seen twice, or a key json folds onto a member
			return false
		}
		return s.skip()
	})
}

// keyText is the text of a quoted key, unescaped; it reports false for a
// key beyond ASCII (see scanObject).
func keyText(quoted []byte, esc, high bool) ([]byte, bool) {
	key := quoted[1 : len(quoted)-1]
	if esc {
		k, ok := unquote(quoted)
		if !ok {
			return nil, false
		}
		key, high = []byte(k), !isASCII(k)
	}
	return key, !high
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// find returns the index of the member named key, or -1 and whether key
// matches a name regardless of ASCII case.
func find[T any](ms []member[T], key []byte) (i int, folded bool) {
	for i, m := range ms {
		if string(key) == m.name {
			return i, false
		}
	}
	for _, m := range ms {
		if equalFoldASCII(key, m.name) {
			return -1, true
		}
	}
	return -1, false
}

// equalFoldASCII reports whether key and name, both ASCII, are equal
// regardless of case.
func equalFoldASCII(key []byte, name string) bool {
	if len(key) != len(name) {
		return false
	}
	for i := range len(key) {
		if lower(key[i]) != lower(name[i]) {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// scanList decodes an array into *list element by element, null into
// nil and [] into an empty list, as json.Unmarshal does into a nil
// slice. A null element is a fall back (json zeroes it in place).
func scanList[T any](s *scanner, list *[]T, elem func(s *scanner, v *T) bool) bool {
	if s.null() {
		*list = nil
		return true
	}
	out := []T{}
	ok := s.elements(func() bool {
		if s.peek() == 'n' {
			return false
		}
		var zero T
		out = append(out, zero)
		return elem(s, &out[len(out)-1])
	})
	*list = out
	return ok
}

// str decodes a string, or null, which leaves *p as it is.
func (s *scanner) str(p *string) bool { return s.strOrCode(p, false) }

// code decodes a short code string (or null) and interns it.
func (s *scanner) code(p *string) bool { return s.strOrCode(p, true) }

func (s *scanner) strOrCode(p *string, intern bool) bool {
	if s.null() {
		return true
	}
	v, ok := s.text(intern)
	*p = v
	return ok
}

// flex decodes a flexString as its UnmarshalJSON does: a string, a run
// of digits kept as it is, or null as "".
func (s *scanner) flex(p *flexString) bool {
	switch c := s.peek(); {
	case c == 'n':
		*p = ""
		return s.literal("null")
	case c == '"':
		v, ok := s.text(false)
		*p = flexString(v)
		return ok
	}
	tok, isInt, ok := s.number()
	if !ok || !isInt || tok[0] == '-' {
		return false
	}
	*p = flexString(tok)
	return true
}

// integer decodes -?digits that fit in bits, or null, which leaves the
// value as it is (set reports false).
func (s *scanner) integer(bits uint) (n int64, set, ok bool) {
	if s.null() {
		return 0, false, true
	}
	tok, isInt, ok := s.number()
	if !ok || !isInt {
		return 0, false, false
	}
	n, ok = parseInt(tok, bits)
	return n, ok, ok
}

// int decodes an int (see integer).
func (s *scanner) int(p *int) bool {
	n, set, ok := s.integer(strconv.IntSize)
	if set {
		*p = int(n)
	}
	return ok
}

// int64 decodes an int64 (see integer).
func (s *scanner) int64(p *int64) bool {
	n, set, ok := s.integer(64)
	if set {
		*p = n
	}
	return ok
}

// boolean decodes true or false, or null, which leaves *p as it is.
func (s *scanner) boolean(p *bool) bool {
	switch s.peek() {
	case 't':
		*p = true
		return s.literal("true")
	case 'f':
		*p = false
		return s.literal("false")
	}
	return s.null()
}
