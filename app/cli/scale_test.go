package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"forkcast/app/testkit"
)

// Issue #21, item 5: `check` and `rehearse --report` cost time and memory
// linear in the story's size, whatever the number of paths (10^2089 for
// 10,000 chained forks). The seconds at full size are in docs/benchmarks.md
// (BenchmarkManyForks); the tests assert the growth between n and 4n.

// chainedForks writes a talk of n forks in a chain: fork i leads to forks
// i+1 and i+2, so the number of paths grows as the Fibonacci numbers.
func chainedForks(t testing.TB, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("---\ntitle: Chained forks\nslot: 40m\nvote:\n  number: \"+1 555 0100\"\n---\n")
	next := func(k int) string {
		if k >= n {
			return "END"
		}
		return fmt.Sprintf("f%d", k)
	}
	for i := range n {
		fmt.Fprintf(&b, ":: f%d\n# Fork %d\nWhich way now?\n1. Left -> %s\n2. Right -> %s\n\n", i, i, next(i+1), next(i+2))
	}
	p := filepath.Join(t.TempDir(), fmt.Sprintf("chain%d.md", n))
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// linearCommand asserts that the command's cost grows linearly with the
// chain's length, from a short chain (where listing every path shows at
// once) and from 2,500 to 10,000 forks, and that 10,000 allocate < 500 MB.
func linearCommand(t *testing.T, what string, want string, args ...string) {
	// The files are written before Measure: every run costs the same (see
	// testkit.Measure).
	files := map[int]string{}
	for _, n := range []int{12, 48, 2500, 10_000} {
		files[n] = chainedForks(t, n)
	}
	run := func(n int) {
		code, out, errOut := runCmd(append(args, files[n])...)
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("%s = %d\n%.2000s\n%s", what, code, out, errOut)
		}
	}
	testkit.AssertLinear(t, what+" of chained forks", 12, 8, run)
	if t.Failed() {
		return
	}
	_, big := testkit.AssertLinear(t, what+" of chained forks", 2500, 8, run)
	if big.Bytes > 500<<20 {
		t.Errorf("%s of 10,000 chained forks allocated %d MB, want < 500", what, big.Bytes>>20)
	}
}

func TestCheckManyForksIsLinear(t *testing.T) {
	linearCommand(t, "check", "scenes", "check")
}

func TestRehearseReportManyForksIsLinear(t *testing.T) {
	linearCommand(t, "rehearse --report", "Shortest", "rehearse", "--report")
}

// BenchmarkManyForks is issue #21's figure: `check` and `rehearse --report`
// of 10,000 chained forks (a 0.5 MB story), each under 5 s and 500 MB.
func BenchmarkManyForks(b *testing.B) {
	p := chainedForks(b, 10_000)
	for _, args := range [][]string{{"check", p}, {"rehearse", "--report", p}} {
		b.Run(args[0], func(b *testing.B) {
			for b.Loop() {
				if code, out, _ := runCmd(args...); code != 0 {
					b.Fatalf("%v = %d\n%.500s", args, code, out)
				}
			}
		})
	}
}

// BenchmarkImportTwineScale is issue #21's Twine figure through the
// command (import, then the check of the result): 100,000 passages on one
// line. Set FORKCAST_TWINE_BENCH to the file (see docs/benchmarks.md).
func BenchmarkImportTwineScale(b *testing.B) {
	p := os.Getenv("FORKCAST_TWINE_BENCH")
	if p == "" {
		b.Skip("FORKCAST_TWINE_BENCH is not set")
	}
	for b.Loop() {
		runCmd("import-twine", p)
	}
}
