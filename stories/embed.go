// Package stories bundles Forkcast's talks into the binary, so the app can
// open the default talk and the demo with no files on disk.
//
// A code block in a bundled talk that claims to be a complete config or
// command carries a check marker after its language in the fence's info
// string; the renderer reads only the first word (the language) and shows
// the block as usual:
//
//	```nginx check          nginx -t, on a site file wrapped in a minimal
//	                        nginx.conf with throw-away certificates
//	```python check         Python's compile() (syntax, not names)
//	```yaml check           parsed as YAML
//	```yaml check=ansible   ansible-playbook --syntax-check, and every
//	                        notify names a handler of its play
//	```bash check           bash -n
//
// "check" picks the tool from the language; "check=TOOL" names it. Blocks
// that are excerpts, or that no tool installable here checks offline (the
// Dockerfile, the PgBouncer ini), carry no marker. TestCheckedCodeIsValid runs every marked block through its
// tool; a missing tool skips locally and fails when CI=true.
package stories

import "embed"

// FS holds the bundled story files (*.md) and the Django talk's images under
// django-deployment/. Paths are relative to this folder, such as
// "django-deployment.md" or "django-deployment/request-flow.svg". Opening a
// name that is not bundled fails with an error wrapping fs.ErrNotExist.
//
//go:embed *.md django-deployment
var FS embed.FS

// Default is the name in FS of the talk a new user sees first: "Choose Your
// Own Django Deployment Adventure". Reading it from FS cannot fail.
const Default = "django-deployment.md"

// Demo is the name in FS of the two-minute demo story used by quick starts,
// smoke tests and browser tests. Reading it from FS cannot fail.
const Demo = "demo.md"
