package story

import "go.yaml.in/yaml/v3"

// fastOptions reads a scene's options without the YAML library when they
// are the simple one-line flow mapping that Forkcast's own writers (the
// Twine importer, the bundled talks) produce: `{key: value, key: "text"}`.
// The library costs ~20 µs and dozens of allocations a scene, most of the
// parse of a 100,000-scene import. It returns the node the library would
// (same kinds, styles, tags, values, lines and columns; FuzzFastOptions
// holds it to that), or nil for anything it does not take, and the caller
// then asks the library, which also says what is wrong. It takes:
//
//   - printable ASCII only, on one line, nothing before "{" or after "}"
//     but spaces;
//   - keys of lower-case letters, digits and "-", starting with a letter,
//     each followed at once by ":" and a space;
//   - values that are a double-quoted string without "\" or `"` inside, or
//     a plain word whose YAML type is plain to see: a whole number without
//     a leading zero (!!int), true or false (!!bool), a lower-case word of
//     letters, digits and "-" (!!str), or a duration such as 30s or 1m30s
//     (!!str);
//   - entries separated by "," and spaces, no trailing comma.
//
// Words YAML reads as something else (null, ~, yes/no/on/off, y/n,
// numbers with a sign, a point or a leading zero) go to the library.
func fastOptions(text string) *yaml.Node {
	i, n := 0, len(text)
	skip := func() {
		for i < n && text[i] == ' ' {
			i++
		}
	}
	skip()
	if i >= n || text[i] != '{' {
		return nil
	}
	m := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle, Tag: "!!map", Line: 1, Column: i + 1}
	i++
	skip()
	if i < n && text[i] == '}' {
		i++
		skip()
		if i != n {
			return nil
		}
		return m
	}
	for {
		// key
		start := i
		if i >= n || !isLower(text[i]) {
			return nil
		}
		for i < n && (isLower(text[i]) || isDigit(text[i]) || text[i] == '-') {
			i++
		}
		key := text[start:i]
		if ambiguousWord(key) || key == "true" || key == "false" {
			return nil
		}
		if i+1 >= n || text[i] != ':' || text[i+1] != ' ' {
			return nil
		}
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: 1, Column: start + 1}
		i += 2
		skip()
		// value
		start = i
		var v *yaml.Node
		switch {
		case i < n && text[i] == '"':
			i++
			for i < n && text[i] != '"' {
				if c := text[i]; c < 0x20 || c > 0x7e || c == '\\' {
					return nil
				}
				i++
			}
			if i >= n {
				return nil
			}
			v = &yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Tag: "!!str",
				Value: text[start+1 : i], Line: 1, Column: start + 1}
			i++
		default:
			for i < n && (isLower(text[i]) || isDigit(text[i]) || text[i] == '-') {
				i++
			}
			tag := plainTag(text[start:i])
			if tag == "" {
				return nil
			}
			v = &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: text[start:i], Line: 1, Column: start + 1}
		}
		m.Content = append(m.Content, k, v)
		skip()
		if i >= n {
			return nil
		}
		switch text[i] {
		case ',':
			i++
			skip()
			continue
		case '}':
			i++
			skip()
			if i != n {
				return nil
			}
			return m
		}
		return nil
	}
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// plainTag returns the tag YAML gives the plain word w, or "" when the
// fast path does not decide it.
func plainTag(w string) string {
	switch {
	case w == "":
		return ""
	case w == "true" || w == "false":
		return "!!bool"
	case isDigit(w[0]):
		if w[0] == '0' && len(w) > 1 {
			return ""
		}
		j := 0
		for j < len(w) && isDigit(w[j]) {
			j++
		}
		if j == len(w) {
			if len(w) > 18 {
				return "" // past int64: YAML's choice is its own
			}
			return "!!int"
		}
		if isDuration(w) {
			return "!!str"
		}
		return ""
	case isLower(w[0]):
		if ambiguousWord(w) {
			return ""
		}
		return "!!str"
	}
	return ""
}

// isDuration reports whether w is digits and a unit, repeated: 30s, 1m30s,
// 250ms, 2h.
func isDuration(w string) bool {
	for w != "" {
		j := 0
		for j < len(w) && isDigit(w[j]) {
			j++
		}
		if j == 0 {
			return false
		}
		w = w[j:]
		switch {
		case len(w) >= 2 && w[:2] == "ms":
			w = w[2:]
		case w != "" && (w[0] == 's' || w[0] == 'm' || w[0] == 'h'):
			w = w[1:]
		default:
			return false
		}
	}
	return true
}

// ambiguousWord reports words that YAML (1.1 or 1.2) may read as null or a
// boolean: the fast path leaves them to the library.
func ambiguousWord(w string) bool {
	switch w {
	case "null", "y", "n", "yes", "no", "on", "off":
		return true
	}
	return false
}
