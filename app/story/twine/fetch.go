package twine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"forkcast/app/story"
)

// imageExts are the extensions of common image types (mime's own table
// varies between systems).
var imageExts = map[string]string{"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif",
	"image/svg+xml": ".svg", "image/webp": ".webp", "image/avif": ".avif"}

// maxImageSize bounds one fetched image.
const maxImageSize = 20 << 20

// images reports remote images in a passage, or with FetchImages downloads
// them into Dir/images and points the text at the local copy. A download
// that fails is a warning (the remote URL stays); a file that cannot be
// written is an error.
func (c *converter) images(p *twPassage, text string) (string, error) {
	if !strings.Contains(text, "![") && !strings.Contains(text, "<") {
		return text, nil // imgSrcRE needs "<img" or "!["
	}
	var saveErr error
	out := imgSrcRE.ReplaceAllStringFunc(text, func(m string) string {
		sub := imgSrcRE.FindStringSubmatch(m)
		pre, u, post := sub[1], sub[2], sub[3]
		if pre == "" {
			pre, u, post = sub[4], sub[5], sub[6]
		}
		if !story.IsRemoteURL(u) {
			return m
		}
		if !c.opts.FetchImages {
			c.d.Warnf(p.Pos, "passage %q shows the remote image %s; the show must not need the network: import with --fetch-images to save it beside the story", p.Name, u)
			return m
		}
		local, err := c.fetch(u)
		if err != nil {
			if _, ok := err.(*saveError); ok && saveErr == nil {
				saveErr = err
			}
			c.d.Warnf(p.Pos, "passage %q: could not fetch image %s (%v); the slide keeps the remote URL", p.Name, u, err)
			return m
		}
		return pre + local + post
	})
	return out, saveErr
}

type saveError struct{ err error }

func (e *saveError) Error() string { return e.err.Error() }
func (e *saveError) Unwrap() error { return e.err }

// fetch downloads one image (once per URL) and returns its path relative to Dir.
func (c *converter) fetch(raw string) (string, error) {
	if local, ok := c.fetched[raw]; ok {
		return local, nil
	}
	if strings.HasPrefix(raw, "//") {
		raw = "https:" + raw
	}
	ctx := c.opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	client := c.opts.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("HTTP %s", resp.Status)
	}
	ctype, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if !strings.HasPrefix(ctype, "image/") {
		return "", fmt.Errorf("not an image (Content-Type %q)", resp.Header.Get("Content-Type"))
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxImageSize+1))
	if err != nil {
		return "", err
	}
	if len(data) > maxImageSize {
		return "", fmt.Errorf("larger than %d MB", maxImageSize>>20)
	}
	local, err := c.save(raw, ctype, data)
	if err != nil {
		return "", &saveError{err}
	}
	if c.fetched == nil {
		c.fetched = map[string]string{}
	}
	c.fetched[raw] = local
	c.imp.Images = append(c.imp.Images, local)
	return local, nil
}

// save writes data to Dir/images under a name taken from the URL.
func (c *converter) save(raw, ctype string, data []byte) (string, error) {
	dir := c.opts.Dir
	if dir == "" {
		dir = "."
	}
	name := imageName(raw, ctype, data)
	folder := filepath.Join(dir, "images")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return "", fmt.Errorf("save image: %w", err)
	}
	if err := os.WriteFile(filepath.Join(folder, name), data, 0o644); err != nil {
		return "", fmt.Errorf("save image: %w", err)
	}
	return "images/" + name, nil
}

// imageName is a safe file name for an image: the URL's base name (letters,
// digits, "-", "_", "."), a short hash of the content so different images
// never overwrite each other, and an extension from the Content-Type when the
// URL has none.
func imageName(raw, ctype string, data []byte) string {
	base := "image"
	if u, err := url.Parse(raw); err == nil {
		base = path.Base(u.Path)
	}
	var b strings.Builder
	for _, r := range base {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.", r)) {
			b.WriteRune(r)
		}
	}
	name := strings.Trim(b.String(), ".")
	if name == "" {
		name = "image"
	}
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	if ext == "" {
		ext = imageExts[ctype]
	}
	if ext == "" {
		if exts, _ := mime.ExtensionsByType(ctype); len(exts) > 0 {
			ext = exts[0]
		}
	}
	if len(stem) > 60 {
		stem = stem[:60]
	}
	sum := sha256.Sum256(data)
	return fmt.Sprintf("%s-%s%s", stem, hex.EncodeToString(sum[:4]), ext)
}
