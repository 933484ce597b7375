package story

import (
	"encoding/xml"
	"errors"
	"image"
	_ "image/gif"  // image.DecodeConfig reads GIF sizes
	_ "image/jpeg" // and JPEG
	_ "image/png"  // and PNG
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// The stage sizes a slide's image as styles/slides.css says: `max-width:
// 100%` (of its line), `max-height: 460px`, object-fit contain, the
// aspect ratio kept. An <img> sits on its line's baseline, so the line box
// is the image's height plus what the line's strut has below the baseline.
const (
	imgMaxH = 460.0
	// interAscDesc is Inter's ascent less its descent as Chromium rounds
	// them, in em: the strut below a line's baseline is (line-height -
	// this) / 2, 10.89 px for a 34 px line of 1.35 (measured in Chromium:
	// a 100 px image alone on its line makes the paragraph 110.89 px tall).
	interAscDesc = 0.7091
	// svgDefaultW and svgDefaultH are the size Chromium gives an SVG image
	// with neither a size nor a viewBox.
	svgDefaultW = 300.0
	svgDefaultH = 150.0
	// maxImageHeader bounds what is read of an image file for its size.
	maxImageHeader = 1 << 20
)

// imageBox is an image's natural size in CSS px. An SVG with a viewBox but
// no width or height has only a ratio (w/h): the browser then makes it as
// wide as its line.
type imageBox struct {
	w, h  float64
	ratio float64
}

// size is the image's size on a line room px wide.
func (b imageBox) size(room float64) (w, h float64) {
	w, h = b.w, b.h
	if b.ratio > 0 {
		w, h = room, room/b.ratio
	}
	if w <= 0 || h <= 0 {
		return 0, 0
	}
	scale := min(1, room/w, imgMaxH/h)
	return w * scale, h * scale
}

// imageState is what the model knows of an image named in a slide.
type imageState int

const (
	imageKnown      imageState = iota // its size is read
	imageReported                     // missing, remote or outside the folder: reported by the asset checks
	imageUnmeasured                   // it exists but its size cannot be read
)

// imageSizes reads the natural size of the images a story's slides name,
// from the story's folder, each file once.
type imageSizes struct {
	dir   string
	root  *os.Root
	tried bool
	cache map[string]imageResult
}

type imageResult struct {
	box   imageBox
	state imageState
	why   string
}

// lookup returns the size of the image dest (as written in the slide).
func (s *imageSizes) lookup(dest string) (imageBox, imageState, string) {
	if r, ok := s.cache[dest]; ok {
		return r.box, r.state, r.why
	}
	r := s.read(dest)
	if s.cache == nil {
		s.cache = map[string]imageResult{}
	}
	s.cache[dest] = r
	return r.box, r.state, r.why
}

func (s *imageSizes) read(dest string) imageResult {
	if isRemoteURL(dest) {
		return imageResult{state: imageReported}
	}
	if strings.HasPrefix(strings.ToLower(dest), "data:") {
		return imageResult{state: imageUnmeasured, why: "an inline data: image"}
	}
	clean, ok := assetPath(dest)
	if !isRelativeURL(dest) || !ok || MediaType(clean) == "" {
		return imageResult{state: imageReported}
	}
	if s.dir == "" {
		return imageResult{state: imageUnmeasured, why: "the story's folder is not known"}
	}
	if !s.tried {
		s.tried = true
		if rt, err := os.OpenRoot(s.dir); err == nil {
			s.root = rt
		}
	}
	if s.root == nil {
		return imageResult{state: imageReported}
	}
	f, err := s.root.Open(filepath.FromSlash(clean))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return imageResult{state: imageReported}
		}
		return imageResult{state: imageReported} // outside the folder or unreadable: the asset checks say so
	}
	defer f.Close()
	r := io.LimitReader(f, maxImageHeader)
	if strings.EqualFold(path.Ext(clean), ".svg") {
		box, err := svgSize(r)
		if err != nil {
			return imageResult{state: imageUnmeasured, why: "its size cannot be read (" + err.Error() + ")"}
		}
		return imageResult{box: box}
	}
	cfg, _, err := image.DecodeConfig(r)
	if err != nil {
		ext := strings.TrimPrefix(strings.ToLower(path.Ext(clean)), ".")
		why := "the checker reads the size of PNG, JPEG, GIF and SVG files only"
		if ext == "png" || ext == "jpg" || ext == "jpeg" || ext == "gif" {
			why = "its " + ext + " header cannot be read"
		}
		return imageResult{state: imageUnmeasured, why: why}
	}
	return imageResult{box: imageBox{w: float64(cfg.Width), h: float64(cfg.Height)}}
}

func (s *imageSizes) close() {
	if s.root != nil {
		s.root.Close()
	}
}

// svgSize reads the natural size of an SVG image from its root element's
// width, height and viewBox, as Chromium sizes an <img> of it: both
// lengths give the size; one length and a viewBox, the other from the
// ratio; a viewBox alone, a ratio; nothing, 300×150. A percentage or a
// font-relative length counts as absent.
func svgSize(r io.Reader) (imageBox, error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	for {
		tok, err := d.Token()
		if err != nil {
			return imageBox{}, errors.New("no <svg> element")
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if el.Name.Local != "svg" {
			return imageBox{}, errors.New("the root element is not <svg>")
		}
		var w, h, vw, vh float64
		for _, a := range el.Attr {
			switch a.Name.Local {
			case "width":
				w = svgLength(a.Value)
			case "height":
				h = svgLength(a.Value)
			case "viewBox":
				f := strings.FieldsFunc(a.Value, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' })
				if len(f) == 4 {
					vw, _ = strconv.ParseFloat(f[2], 64)
					vh, _ = strconv.ParseFloat(f[3], 64)
				}
			}
		}
		ratio := 0.0
		if vw > 0 && vh > 0 && !math.IsInf(vw, 0) && !math.IsInf(vh, 0) {
			ratio = vw / vh
		}
		switch {
		case w > 0 && h > 0:
			return imageBox{w: w, h: h}, nil
		case w > 0 && ratio > 0:
			return imageBox{w: w, h: w / ratio}, nil
		case h > 0 && ratio > 0:
			return imageBox{w: h * ratio, h: h}, nil
		case ratio > 0:
			return imageBox{ratio: ratio}, nil
		case w > 0:
			return imageBox{w: w, h: svgDefaultH}, nil
		case h > 0:
			return imageBox{w: svgDefaultW, h: h}, nil
		}
		return imageBox{w: svgDefaultW, h: svgDefaultH}, nil
	}
}

// svgLength is an SVG length in CSS px, or 0 when it is relative or bad.
func svgLength(v string) float64 {
	v = strings.TrimSpace(v)
	units := []struct {
		suffix string
		px     float64
	}{{"px", 1}, {"in", 96}, {"cm", 96 / 2.54}, {"mm", 96 / 25.4}, {"pt", 96.0 / 72}, {"pc", 16}, {"", 1}}
	for _, u := range units {
		if n, ok := strings.CutSuffix(v, u.suffix); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
			if err != nil || !(f > 0) || math.IsInf(f, 0) {
				return 0 // NaN, Inf and sizes of nothing are no size
			}
			return f * u.px
		}
	}
	return 0
}
