package stories

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// checkedBlock is a fenced code block marked for checking (see the package
// documentation): where it is, which tool checks it, and its code.
type checkedBlock struct {
	where string // file:line of the opening fence
	tool  string
	code  string
}

// defaultTool is the checker used for "check" without "=TOOL", by language.
var defaultTool = map[string]string{"nginx": "nginx", "python": "python", "yaml": "yaml", "bash": "bash"}

// checkedBlocks returns the blocks of story name marked "check" or
// "check=TOOL" in their info string, scanning the file as written.
func checkedBlocks(t *testing.T, name string) []checkedBlock {
	t.Helper()
	src, err := fs.ReadFile(FS, name)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	var out []checkedBlock
	var cur *checkedBlock
	var code strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			fields := strings.Fields(strings.TrimPrefix(line, "```"))
			tool := ""
			for _, f := range fields[min(1, len(fields)):] {
				if f == "check" && len(fields) > 0 {
					tool = defaultTool[fields[0]]
					if tool == "" {
						t.Errorf("%s:%d: \"check\" on a %q block, which has no default tool; write check=TOOL", name, n, fields[0])
					}
				} else if v, ok := strings.CutPrefix(f, "check="); ok {
					tool = v
				}
			}
			cur = &checkedBlock{where: fmt.Sprintf("%s:%d", name, n), tool: tool}
			code.Reset()
		case cur != nil && strings.TrimSpace(line) == "```":
			if cur.tool != "" {
				cur.code = code.String()
				out = append(out, *cur)
			}
			cur = nil
		case cur != nil:
			code.WriteString(line + "\n")
		}
	}
	if cur != nil {
		t.Errorf("%s: code block opened there is never closed", cur.where)
	}
	return out
}

// checker checks one snippet with a real tool in dir (a fresh temporary
// folder); the error carries the tool's own output.
type checker struct {
	needs string // the program it runs; "" for an in-process check
	check func(ctx context.Context, dir, code string) error
}

var checkers = map[string]checker{
	"nginx":   {"nginx", checkNginx},
	"python":  {"python3", checkPython},
	"yaml":    {"", checkYAML},
	"ansible": {"ansible-playbook", checkAnsible},
	"bash":    {"bash", checkBash},
}

// needTool skips the test when program is not installed, unless CI=true: in
// CI, build/install-deps.sh --test installs every checker, so a missing one
// is a failure, never a silent skip.
func needTool(t *testing.T, program string) {
	t.Helper()
	if program == "" {
		return
	}
	if _, err := exec.LookPath(program); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed (CI=true): build/install-deps.sh --test installs it", program)
		}
		t.Skipf("%s is not installed: skipped locally; build/install-deps.sh --test installs it (CI fails instead)", program)
	}
}

// TestCheckedCodeIsValid runs every code block of the bundled talks that is
// marked as a complete config or command through its tool: nginx -t,
// ansible-playbook --syntax-check, a YAML parser, Python's compile(), bash -n.
func TestCheckedCodeIsValid(t *testing.T) {
	var blocks []checkedBlock
	for _, name := range bundled(t) {
		blocks = append(blocks, checkedBlocks(t, name)...)
	}
	// One Python process compiles every Python block: starting Python once
	// per block is most of this test's time on a busy machine.
	var python []string
	var pyIndex []int
	for i, b := range blocks {
		if b.tool == "python" {
			python = append(python, b.code)
			pyIndex = append(pyIndex, i)
		}
	}
	pyErr := map[int]error{}
	if _, err := exec.LookPath("python3"); err == nil {
		for j, err := range compilePython(t, python) {
			pyErr[pyIndex[j]] = err
		}
	}
	for i, b := range blocks {
		t.Run(b.where+"/"+b.tool, func(t *testing.T) {
			c, ok := checkers[b.tool]
			if !ok {
				t.Fatalf("%s: unknown check tool %q; known: nginx, python, yaml, ansible, bash", b.where, b.tool)
			}
			needTool(t, c.needs)
			var err error
			if b.tool == "python" {
				err = pyErr[i]
			} else {
				err = runCheck(t, c, b.code)
			}
			if err != nil {
				t.Errorf("%s: %s rejects the block:\n%v\n--- block ---\n%s", b.where, b.tool, err, b.code)
			}
		})
	}
	// The Django talk marks its nginx, Ansible, CI and Python blocks; if the
	// markers vanish, this test would pass while checking nothing.
	if len(blocks) < 15 {
		t.Errorf("%d checked code blocks in the bundled talks, want at least 15", len(blocks))
	}
}

// compilePython compiles each snippet with Python's compile() in one
// process and returns one error (nil when it compiles) per snippet.
func compilePython(t *testing.T, snippets []string) []error {
	t.Helper()
	dir := t.TempDir()
	args := []string{"-c", `import sys
for f in sys.argv[1:]:
    try:
        compile(open(f, encoding="utf-8").read(), f, "exec")
        print("ok")
    except SyntaxError as e:
        print(repr(str(e)))`}
	for i, code := range snippets {
		f := filepath.Join(dir, fmt.Sprintf("snippet%d.py", i))
		if err := os.WriteFile(f, []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, f)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "python3", args...).Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(snippets) == 0 {
		return nil
	}
	if len(lines) != len(snippets) {
		t.Fatalf("python3 printed %d results for %d snippets:\n%s", len(lines), len(snippets), out)
	}
	errs := make([]error, len(snippets))
	for i, l := range lines {
		if l != "ok" {
			errs[i] = fmt.Errorf("compile(): %s", l)
		}
	}
	return errs
}

func runCheck(t *testing.T, c checker, code string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	return c.check(ctx, t.TempDir(), code)
}

// TestCheckersRejectBrokenSnippets proves each checker can fail: a broken
// snippet (several taken from mistakes this talk once had) must be rejected
// and its mended twin accepted.
func TestCheckersRejectBrokenSnippets(t *testing.T) {
	tests := []struct {
		name, tool, good, bad string
	}{
		{"nginx TLS without a certificate", "nginx",
			"server {\n    listen 443 ssl;\n    ssl_certificate /x/fullchain.pem;\n    ssl_certificate_key /x/privkey.pem;\n    location / { proxy_pass http://127.0.0.1:8000; }\n}\n",
			"server {\n    listen 443 ssl;\n    location / { proxy_pass http://127.0.0.1:8000; }\n}\n"},
		{"nginx missing semicolon", "nginx",
			"server { listen 80; return 301 https://$host$request_uri; }\n",
			"server { listen 80 return 301 https://$host$request_uri; }\n"},
		{"python syntax", "python",
			"def f(pk):\n    return partial(task.enqueue, pk)\n",
			"def f(pk:\n    return partial(task.enqueue, pk)\n"},
		{"yaml unclosed flow", "yaml",
			"on: [push, pull_request]\n",
			"on: [push, pull_request\n"},
		{"ansible notify without a handler", "ansible",
			"- hosts: app\n  tasks:\n    - name: t\n      ansible.builtin.command: \"true\"\n      notify: restart pawprint\n  handlers:\n    - name: restart pawprint\n      ansible.builtin.command: \"true\"\n",
			"- hosts: app\n  tasks:\n    - name: t\n      ansible.builtin.command: \"true\"\n      notify: restart pawprint\n"},
		{"ansible unknown module", "ansible",
			"- hosts: app\n  tasks:\n    - ansible.builtin.systemd_service: {name: x, daemon_reload: true}\n",
			"- hosts: app\n  tasks:\n    - ansible.builtin.no_such_module: {name: x}\n"},
		{"bash unclosed if", "bash",
			"if true; then echo ok; fi\n",
			"if true; then echo ok\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := checkers[tt.tool]
			needTool(t, c.needs)
			if err := runCheck(t, c, tt.good); err != nil {
				t.Errorf("%s rejects the good snippet:\n%v\n%s", tt.tool, err, tt.good)
			}
			if err := runCheck(t, c, tt.bad); err == nil {
				t.Errorf("%s accepts the broken snippet:\n%s", tt.tool, tt.bad)
			}
		})
	}
}

// run runs a program in dir and returns its combined output as the error
// when it fails.
func run(ctx context.Context, dir string, env []string, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

// certRE finds ssl_certificate and ssl_certificate_key directives.
var certRE = regexp.MustCompile(`(?m)^(\s*ssl_certificate(_key)?)\s+[^;]+;`)

// checkNginx wraps a site config (what goes in sites-available) in a minimal
// nginx.conf whose files all live in dir, points its certificate directives
// at a throw-away self-signed certificate, and runs nginx -t.
func checkNginx(ctx context.Context, dir, code string) error {
	cert, key := filepath.Join(dir, "fullchain.pem"), filepath.Join(dir, "privkey.pem")
	if err := selfSigned(cert, key); err != nil {
		return err
	}
	site := certRE.ReplaceAllStringFunc(code, func(m string) string {
		sub := certRE.FindStringSubmatch(m)
		if sub[2] != "" {
			return sub[1] + " " + key + ";"
		}
		return sub[1] + " " + cert + ";"
	})
	if err := os.WriteFile(filepath.Join(dir, "site.conf"), []byte(site), 0o644); err != nil {
		return err
	}
	var conf strings.Builder
	fmt.Fprintf(&conf, "pid %s;\nerror_log stderr;\nevents {}\nhttp {\n    access_log off;\n", filepath.Join(dir, "nginx.pid"))
	for _, temp := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		fmt.Fprintf(&conf, "    %s_temp_path %s;\n", temp, filepath.Join(dir, temp))
	}
	fmt.Fprintf(&conf, "    include %s;\n}\n", filepath.Join(dir, "site.conf"))
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf.String()), 0o644); err != nil {
		return err
	}
	return run(ctx, dir, nil, "nginx", "-t", "-q", "-p", dir, "-e", "stderr", "-c", confPath)
}

// selfSigned writes a one-day self-signed ECDSA certificate and its key.
func selfSigned(certPath, keyPath string) error {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "pawprint.example"},
		DNSNames:     []string{"pawprint.example", "www.pawprint.example"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalECPrivateKey(priv)
	if err != nil {
		return err
	}
	return errors.Join(
		os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644),
		os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600))
}

// checkPython compiles the snippet with Python's compile(): syntax only, so
// names defined elsewhere (settings, models) are fine.
func checkPython(ctx context.Context, dir, code string) error {
	f := filepath.Join(dir, "snippet.py")
	if err := os.WriteFile(f, []byte(code), 0o644); err != nil {
		return err
	}
	return run(ctx, dir, nil, "python3", "-c",
		`import sys; compile(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1], "exec")`, f)
}

// checkYAML parses the snippet as one YAML document that is not empty.
func checkYAML(_ context.Context, _, code string) error {
	var doc any
	if err := yaml.Unmarshal([]byte(code), &doc); err != nil {
		return err
	}
	if doc == nil {
		return errors.New("empty YAML document")
	}
	return nil
}

// checkAnsible runs ansible-playbook --syntax-check, then checks what the
// syntax check does not: every notify names a handler of the same play.
func checkAnsible(ctx context.Context, dir, code string) error {
	f := filepath.Join(dir, "playbook.yml")
	if err := os.WriteFile(f, []byte(code), 0o644); err != nil {
		return err
	}
	env := []string{"HOME=" + dir, "ANSIBLE_LOCAL_TEMP=" + filepath.Join(dir, "tmp"), "ANSIBLE_NOCOLOR=1"}
	if err := run(ctx, dir, env, "ansible-playbook", "--syntax-check", "-i", "localhost,", f); err != nil {
		return err
	}
	var plays []struct {
		Tasks    []map[string]any `yaml:"tasks"`
		Handlers []map[string]any `yaml:"handlers"`
	}
	if err := yaml.Unmarshal([]byte(code), &plays); err != nil {
		return fmt.Errorf("read the plays: %w", err)
	}
	for i, p := range plays {
		handlers := map[string]bool{}
		for _, h := range p.Handlers {
			for _, k := range []string{"name", "listen"} {
				if s, ok := h[k].(string); ok {
					handlers[s] = true
				}
			}
		}
		for _, task := range p.Tasks {
			var names []string
			switch n := task["notify"].(type) {
			case string:
				names = []string{n}
			case []any:
				for _, v := range n {
					names = append(names, fmt.Sprint(v))
				}
			}
			for _, n := range names {
				if !handlers[n] {
					return fmt.Errorf("play %d: notify %q names no handler of the play", i+1, n)
				}
			}
		}
	}
	return nil
}

// checkBash parses the snippet with bash -n (no command runs).
func checkBash(ctx context.Context, dir, code string) error {
	f := filepath.Join(dir, "snippet.sh")
	if err := os.WriteFile(f, []byte(code), 0o644); err != nil {
		return err
	}
	return run(ctx, dir, nil, "bash", "-n", f)
}
