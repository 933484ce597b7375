package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forkcast/app/testkit"
)

// Issue #21, item 5: analysis must cost time and memory linear in the
// story's size, whatever the number of paths (here about 10^2089).

// chainedForks writes a talk of n forks in a chain: fork i leads to forks
// i+1 and i+2, so the number of paths grows as the Fibonacci numbers.
func chainedForks(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("---\ntitle: Chained forks\nslot: 40m\nvote:\n  number: \"+1 555 0100\"\n---\n")
	for i := 0; i < n; i++ {
		next := func(k int) string {
			if k >= n {
				return "END"
			}
			return fmt.Sprintf("f%d", k)
		}
		fmt.Fprintf(&b, ":: f%d\n# Fork %d\nWhich way now?\n1. Left -> %s\n2. Right -> %s\n\n", i, i, next(i+1), next(i+2))
	}
	p := filepath.Join(t.TempDir(), "chain.md")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	manyForks   = 10_000
	scaleCPU    = 5 * time.Second // of CPU time: the wall time of a shared machine stretches with its load
	scaleMemory = 500 << 20
)

func TestCheckManyForksIsLinear(t *testing.T) {
	p := chainedForks(t, manyForks)
	var code int
	var out string
	testkit.Bounded(t, "check of 10,000 chained forks", scaleCPU, scaleMemory, func() {
		code, out, _ = runCmd("check", p)
	})
	if code != 0 || !strings.Contains(out, "10000 scenes") {
		t.Errorf("check = %d\n%.2000s", code, out)
	}
}

func TestRehearseReportManyForksIsLinear(t *testing.T) {
	p := chainedForks(t, manyForks)
	var code int
	var out, errOut string
	testkit.Bounded(t, "rehearse --report of 10,000 chained forks", scaleCPU, scaleMemory, func() {
		code, out, errOut = runCmd("rehearse", "--report", p)
	})
	if code != 0 || !strings.Contains(out, "Shortest") {
		t.Errorf("rehearse --report = %d\n%.2000s\n%s", code, out, errOut)
	}
}
