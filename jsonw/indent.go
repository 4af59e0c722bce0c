package jsonw

// AppendIndent appends to dst the compact JSON src (as json.Marshal
// writes it: no whitespace outside strings) indented exactly as
// json.MarshalIndent(v, prefix, indent) would indent it. It replaces
// the generic json.Indent, whose scanner state machine cost more than
// marshalling itself on a page of 1000 images: here a byte is either
// inside a string (copied) or one of the six structural characters.
// src must be valid compact JSON; anything else is copied through
// unchanged apart from the structural characters.
func AppendIndent(dst, src []byte, prefix, indent string) []byte {
	depth := 0
	breaks := []byte("\n" + prefix) // a line break and the indentation of depth, grown as needed
	newline := func() {
		n := 1 + len(prefix) + depth*len(indent)
		for len(breaks) < n {
			breaks = append(breaks, indent...)
		}
		dst = append(dst, breaks[:n]...)
	}
	run := 0 // src[run:i] is text not yet copied: strings, numbers, literals
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			i = stringEnd(src, i) - 1
			continue
		case '{', '[', '}', ']', ',', ':':
		default:
			continue
		}
		dst = append(dst, src[run:i]...)
		run = i + 1
		switch c {
		case '{', '[':
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, c, src[i+1]) // empty: "{}" or "[]" on one line
				i++
				run = i + 1
				continue
			}
			dst = append(dst, c)
			depth++
			newline()
		case '}', ']':
			depth = max(depth-1, 0)
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		}
	}
	return append(dst, src[run:]...)
}

// stringEnd returns the index just after the string that starts with the
// quote at src[i] (len(src) for an unterminated one).
func stringEnd(src []byte, i int) int {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++ // the escaped byte
		case '"':
			return j + 1
		}
	}
	return len(src)
}
