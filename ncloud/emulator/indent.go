package emulator

import "encoding/json"

// appendIndent appends to dst the compact JSON src (as json.Marshal
// writes it: no whitespace outside strings) indented exactly as
// json.MarshalIndent(v, prefix, indent) would indent it. It replaces
// the generic json.Indent, whose scanner state machine cost the emulator
// more than marshalling itself on every page of 1000 images: here a
// byte is either inside a string (copied) or one of the six structural
// characters. src must be valid compact JSON; anything else is copied
// through unchanged apart from the structural characters.
func appendIndent(dst, src []byte, prefix, indent string) []byte {
	depth := 0
	newline := func() {
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		for range depth {
			dst = append(dst, indent...)
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			end := stringEnd(src, i)
			dst = append(dst, src[i:end]...)
			i = end - 1
		case '{', '[':
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, c, src[i+1]) // empty: "{}" or "[]" on one line
				i++
				continue
			}
			dst = append(dst, c)
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
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

// marshalIndent is json.MarshalIndent(v, prefix, indent) through
// [appendIndent].
func marshalIndent(v any, prefix, indent string) ([]byte, error) {
	compact, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return appendIndent(make([]byte, 0, len(compact)*3/2), compact, prefix, indent), nil
}
