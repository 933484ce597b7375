package rehearse

import (
	"sort"
	"time"
)

// SlideKey names one slide of a story.
type SlideKey struct {
	Scene string
	Slide int
}

// Dwell returns, for each slide, one sample per session: the total time that
// session stayed on it. A stay runs from the entry that moved the show onto
// the slide to the next entry that moved it elsewhere (blank and reload
// entries that keep the position extend it). A stay that ends with a resume
// (the app was down) is dropped, and so is the last stay of each session (its
// end is unknown), a stay longer than maxStay (a break) and a session total
// shorter than minTotal (the slide was skipped). Entries may come in any
// order; they are sorted by session then time.
func Dwell(nav []NavEntry, minTotal, maxStay time.Duration) map[SlideKey][]time.Duration {
	entries := append([]NavEntry(nil), nav...)
	sort.SliceStable(entries, func(i, j int) bool {
		if entries[i].Session != entries[j].Session {
			return entries[i].Session < entries[j].Session
		}
		return entries[i].At.Before(entries[j].At)
	})
	out := map[SlideKey][]time.Duration{}
	flush := func(totals map[SlideKey]time.Duration) {
		keys := make([]SlideKey, 0, len(totals))
		for k := range totals {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			return keys[i].Scene < keys[j].Scene || keys[i].Scene == keys[j].Scene && keys[i].Slide < keys[j].Slide
		})
		for _, k := range keys {
			if d := totals[k]; d >= minTotal && d > 0 {
				out[k] = append(out[k], d)
			}
		}
	}
	for i := 0; i < len(entries); {
		j := i
		totals := map[SlideKey]time.Duration{}
		cur, since := SlideKey{entries[i].Scene, entries[i].Slide}, entries[i].At
		for j++; j < len(entries) && entries[j].Session == entries[i].Session; j++ {
			e := entries[j]
			pos := SlideKey{e.Scene, e.Slide}
			if pos == cur && e.Action != "resume" {
				continue
			}
			if d := e.At.Sub(since); e.Action != "resume" && d <= maxStay {
				totals[cur] += d
			}
			cur, since = pos, e.At
		}
		flush(totals)
		i = j
	}
	return out
}

// median returns the median of ds (the mean of the middle two for an even
// count), 0 for none.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
