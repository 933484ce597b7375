package story

import (
	"path"
	"strings"
)

// mediaTypes are the story files served, by extension: what a slide shows
// or plays, and handouts. Everything else (the story source, the database
// and its journals, HTML, scripts) stays on the speaker's disk.
var mediaTypes = map[string]string{
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
	".webp": "image/webp", ".avif": "image/avif", ".svg": "image/svg+xml", ".ico": "image/x-icon",
	".bmp": "image/bmp",
	".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".opus": "audio/ogg",
	".wav": "audio/wav", ".m4a": "audio/mp4", ".aac": "audio/aac", ".flac": "audio/flac", ".weba": "audio/webm",
	".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg", ".mov": "video/quicktime",
	".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
	".pdf": "application/pdf",
}

// MediaType returns the media type the app serves the story file name with (under AssetPrefix),
// from its extension (any case), or "" when such a file is not served.
func MediaType(name string) string {
	return mediaTypes[strings.ToLower(path.Ext(name))]
}
