package sim

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"forkcast/app/vote"
)

// Bias is how voters lean: positional weights for choices 1, 2, ... (60/40)
// or keyed entries naming a choice number or keyword (2:80, breach:70).
// Choices a bias does not name share what is left of 100 evenly. The zero
// Bias is even.
type Bias struct {
	Entries []BiasEntry
}

// BiasEntry is one weight: for Choice (1-based) when Key is "", else for the
// choice whose number or keyword is Key.
type BiasEntry struct {
	Key    string
	Choice int
	Weight float64
}

// ParseBias reads "60/40", "2:80" or "breach:70/surge:20". It fails on a
// negative or malformed weight, or on a mix of positional and keyed entries.
func ParseBias(s string) (Bias, error) {
	var b Bias
	s = strings.TrimSpace(s)
	if s == "" {
		return b, nil
	}
	keyed, positional := false, false
	for i, part := range strings.Split(s, "/") {
		part = strings.TrimSpace(part)
		key, w, hasKey := strings.Cut(part, ":")
		if !hasKey {
			w, key = key, ""
		}
		f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(w), "%"), 64)
		if err != nil || f < 0 || f != f {
			return Bias{}, fmt.Errorf("weight %q is not a number ≥ 0", w)
		}
		e := BiasEntry{Weight: f}
		if hasKey {
			keyed = true
			key = strings.ToLower(strings.TrimSpace(key))
			if key == "" {
				return Bias{}, fmt.Errorf("%q names no choice", part)
			}
			e.Key = key
		} else {
			positional = true
			e.Choice = i + 1
		}
		b.Entries = append(b.Entries, e)
	}
	if keyed && positional {
		return Bias{}, errors.New("mix of positional (60/40) and named (2:80) weights")
	}
	return b, b.validate()
}

func (b Bias) validate() error {
	for _, e := range b.Entries {
		if e.Weight < 0 || e.Weight != e.Weight {
			return fmt.Errorf("weight %g is negative", e.Weight)
		}
		if e.Key == "" && e.Choice < 1 {
			return fmt.Errorf("bias entry names no choice")
		}
	}
	return nil
}

// String returns the bias as ParseBias reads it.
func (b Bias) String() string {
	parts := make([]string, len(b.Entries))
	for i, e := range b.Entries {
		w := strconv.FormatFloat(e.Weight, 'f', -1, 64)
		if e.Key != "" {
			w = e.Key + ":" + w
		}
		parts[i] = w
	}
	return strings.Join(parts, "/")
}

// Weights returns one probability per choice (in the order given), summing
// to 1. Unnamed choices share max(0, 100 - named) evenly; when nothing has
// weight the result is even.
func (b Bias) Weights(choices []vote.Choice) []float64 {
	n := len(choices)
	w := make([]float64, n)
	if n == 0 {
		return w
	}
	named := make([]bool, n)
	sum := 0.0
	for _, e := range b.Entries {
		for i, c := range choices {
			if e.matches(c) && !named[i] {
				named[i] = true
				w[i] = e.Weight
				sum += e.Weight
				break
			}
		}
	}
	rest := 0
	for _, nm := range named {
		if !nm {
			rest++
		}
	}
	if rest > 0 && sum < 100 {
		share := (100 - sum) / float64(rest)
		if sum == 0 {
			share = 1
		}
		for i := range w {
			if !named[i] {
				w[i] = share
			}
		}
	}
	total := 0.0
	for _, x := range w {
		total += x
	}
	for i := range w {
		if total == 0 {
			w[i] = 1 / float64(n)
		} else {
			w[i] /= total
		}
	}
	return w
}

func (e BiasEntry) matches(c vote.Choice) bool {
	if e.Key == "" {
		return c.Number == e.Choice
	}
	if strconv.Itoa(c.Number) == e.Key {
		return true
	}
	for _, k := range c.Keywords {
		if strings.EqualFold(strings.TrimPrefix(k, "#"), strings.TrimPrefix(e.Key, "#")) {
			return true
		}
	}
	return false
}
