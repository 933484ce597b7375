package show

import (
	"sync"

	"forkcast/app/phone"
)

// maxSenders bounds the sender cache; it starts over when full.
const maxSenders = 10000

// senderCache remembers what a raw sender normalises, hashes and masks to:
// phones text more than once, and parsing a national number is the most
// expensive step of reading a text. It lives in memory only.
type senderCache struct {
	mu sync.Mutex
	m  map[string]senderInfo
}

type senderInfo struct{ number, voter, masked string }

// get returns the normalised number, voter key and masked number of sender.
func (c *senderCache) get(sender, region string, secret []byte) (number, key, masked string) {
	c.mu.Lock()
	si, ok := c.m[sender]
	c.mu.Unlock()
	if ok {
		return si.number, si.voter, si.masked
	}
	si.number = phone.Normalize(sender, region)
	si.masked = phone.Mask(si.number)
	if si.number != "" {
		si.voter = phone.Key(secret, si.number)
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxSenders {
		c.m = make(map[string]senderInfo)
	}
	c.m[sender] = si
	c.mu.Unlock()
	return si.number, si.voter, si.masked
}
