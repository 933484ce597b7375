package story

import (
	"io/fs"
	"os"
	"path"
	"strings"
)

// maxFolderFiles bounds the files read from a story's folder for a "did you
// mean" (a story kept in a home folder must not make check walk the disk).
const maxFolderFiles = 2000

// notFound says that the file clean (slash-separated, relative to the story's
// folder) is missing: where it was looked for, once, and the nearest file of
// the folder by edit distance when one is close.
func (st *parseState) notFound(clean string) string {
	where := "next to the story"
	if st.dir != "" && st.dir != "." {
		where = "in " + st.dir
	}
	return "not found " + where + didYouMean(clean, st.folderFiles())
}

// folderFiles lists the story folder's files (slash paths, hidden folders
// skipped), read once per parse; nil when there is no folder to read.
func (st *parseState) folderFiles() []string {
	if st.files != nil || st.dir == "" {
		return st.files
	}
	st.files = []string{}
	root, err := os.OpenRoot(st.dir)
	if err != nil {
		return st.files
	}
	defer root.Close()
	_ = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case d.IsDir() && p != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules"):
			return fs.SkipDir
		case d.IsDir():
			return nil
		case len(st.files) >= maxFolderFiles:
			return fs.SkipAll
		}
		if MediaType(p) != "" {
			st.files = append(st.files, path.Clean(p))
		}
		return nil
	})
	return st.files
}
