package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"forkcast/app/publish"
	"forkcast/app/web"
)

// TestPublishDjango publishes a rehearsed Django talk through the command
// line and checks the site's structure (not its bytes): a page per scene,
// the map linking every one, the room's path marked, each voted fork's
// results with both overrides told as they should be, and no voter's
// number, hash or free text anywhere in the folder.
func TestPublishDjango(t *testing.T) {
	dir := t.TempDir()
	ds := rehearseDjango(t, dir)
	if fix := os.Getenv("FORKCAST_PUBLISH_FIXTURE"); fix != "" {
		// The browser test (frontend/e2e/publish.test.mjs) publishes from this database itself.
		b, err := os.ReadFile(ds.db)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(fix, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site := filepath.Join(dir, "site")
	var out, errb bytes.Buffer
	if code := run([]string{"publish", ds.story, "--db", ds.db, "--last", "--include-texts", "--notes", "--out", site}, nil, &out, &errb); code != 0 {
		t.Fatalf("publish exit %d: %s%s", code, out.String(), errb.String())
	}
	s := loadStory(t, ds.story)
	index := read(t, site, "index.html")
	for _, sc := range s.Scenes {
		page := "scene-" + sc.ID + ".html"
		if !strings.Contains(index, `href="`+page+`"`) {
			t.Errorf("index does not link %s", page)
		}
		if _, err := os.Stat(filepath.Join(site, page)); err != nil {
			t.Errorf("no page for scene %s: %v", sc.ID, err)
		}
	}
	if got := strings.Count(index, `class="node taken"`); got < 8 {
		t.Errorf("%d scenes marked taken on the map, want the whole path (8 or more)", got)
	}
	if !strings.Contains(index, "on the path") {
		t.Error("the path is marked by colour only: no words")
	}
	crisis2 := read(t, site, "scene-crisis-2.html")
	for _, want := range []string{"overrode the votes", ds.public, "the speaker's pick", "What if we had chosen 1?", "Late texts", "Invalid texts", "Poll opened", "Open for"} {
		if !strings.Contains(crisis2, want) {
			t.Errorf("crisis-2's page lacks %q", want)
		}
	}
	if crisis4 := read(t, site, "scene-crisis-4.html"); !strings.Contains(crisis4, "the reason was kept private") {
		t.Error("crisis-4's page does not say its override's reason was private")
	}
	if n := len(regexp.MustCompile(`<li class="bar c\d+( winner)?" data-choice`).FindAllString(crisis2, -1)); n != 2 {
		t.Errorf("crisis-2 shows %d bars, want 2", n)
	}
	if !strings.Contains(read(t, site, "report.html"), "Texts per second") {
		t.Error("report.html has no timeline")
	}
	if !strings.Contains(crisis2, `<a class="whatif" href="scene-bugs.html">What if we had chosen 1?</a>`) {
		t.Error("crisis-2's losing bar does not link the branch not taken (bugs)")
	}
	grepSite(t, site, ds.secrets)
	for _, f := range []string{publish.Marker, "style.css", "stage.css", "code.css", "fonts/inter-latin-400-normal.woff2"} {
		if _, err := os.Stat(filepath.Join(site, f)); err != nil {
			t.Errorf("site lacks %s: %v", f, err)
		}
	}
}

// grepSite fails for each secret found in any file under dir.
func grepSite(t *testing.T, dir string, secrets []string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		low := strings.ToLower(string(b))
		for _, s := range secrets {
			if s != "" && strings.Contains(low, strings.ToLower(s)) {
				t.Errorf("%s contains %q", p, s)
			}
		}
		return nil
	})
	if err != nil || files < 20 || len(secrets) < 100 {
		t.Fatalf("grep walked %d files for %d secrets: %v", files, len(secrets), err)
	}
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestServePublish: the console's "Publish the site" on a served show
// (POST /api/publish) needs the token, and writes the running session's
// site and report beside the database, whose paths it answers.
func TestServePublish(t *testing.T) {
	dbDir := t.TempDir()
	s := startE2EShow(t, "--story", filepath.Join("..", "..", "stories", "demo.md"), "--db", filepath.Join(dbDir, "f.db"))
	if code, _ := s.do(t, http.MethodPost, "/api/publish", "", nil); code != http.StatusUnauthorized {
		t.Fatalf("POST /api/publish without token = %d, want 401", code)
	}
	s.openFirstFork(t)
	s.action(t, "/api/poll/close", nil)
	code, body := s.do(t, http.MethodPost, "/api/publish", e2eToken, nil)
	if code != http.StatusOK {
		t.Fatalf("POST /api/publish = %d %s", code, body)
	}
	var got web.Published
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	id := s.state(t).Session.ID
	want := filepath.Join(dbDir, "published", fmt.Sprintf("session-%d", id))
	if got.Site != filepath.Join(want, "index.html") || got.Report != filepath.Join(want, "report.html") {
		t.Fatalf("published %+v, want under %s", got, want)
	}
	for _, f := range []string{got.Site, got.Report} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "</html>") {
			t.Errorf("%s is not a whole page", f)
		}
	}
	if !strings.Contains(read(t, want, "report.html"), `class="poll"`) {
		t.Error("the report shows no poll though one was closed")
	}
	// Again: the earlier publish of the session is replaced, not refused.
	if code, body := s.do(t, http.MethodPost, "/api/publish", e2eToken, nil); code != http.StatusOK {
		t.Fatalf("second POST /api/publish = %d %s", code, body)
	}
}

// TestPublishRefuses: usage errors exit 2; a folder of someone else's files,
// a story with errors or a session that does not exist exit 1 and leave the
// folder as it was.
func TestPublishRefuses(t *testing.T) {
	dir := t.TempDir()
	demo := filepath.Join("..", "..", "stories", "demo.md")
	mine := filepath.Join(dir, "mine")
	if err := os.Mkdir(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(mine, "thesis.tex"), "mine")
	bad := filepath.Join(dir, "bad.md")
	writeFile(t, bad, "---\ntitle: B\n---\n:: a\n-> nowhere\n")
	db := filepath.Join(dir, "f.db")
	if err := run([]string{"publish", demo, "--out", filepath.Join(dir, "first")}, nil, io.Discard, io.Discard); err != 0 {
		t.Fatalf("a plain publish failed: %d", err)
	}
	cases := []struct {
		name string
		args []string
		want int
		says string
	}{
		{"no story", []string{"publish", "--out", filepath.Join(dir, "s")}, exitUsage, "takes one story file"},
		{"no out", []string{"publish", demo}, exitUsage, "needs --out DIR"},
		{"both sessions", []string{"publish", demo, "--out", filepath.Join(dir, "s"), "--last", "--session", "2"}, exitUsage, "not both"},
		{"foreign folder", []string{"publish", demo, "--out", mine}, exitFailed, "is not empty and is not a site Forkcast published"},
		{"broken story", []string{"publish", bad, "--out", filepath.Join(dir, "s")}, exitFailed, "has errors"},
		{"no database", []string{"publish", demo, "--db", db, "--session", "999", "--out", filepath.Join(dir, "s")}, exitFailed, "f.db"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(c.args, nil, &out, &errb); code != c.want || !strings.Contains(errb.String(), c.says) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, errb.String(), c.want, c.says)
			}
		})
	}
	if got := read(t, mine, "thesis.tex"); got != "mine" {
		t.Fatalf("the refused folder's file is %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "s")); !os.IsNotExist(err) {
		t.Fatalf("a refused publish left a folder: %v", err)
	}
}
