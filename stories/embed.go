// Package stories bundles Forkcast's talks into the binary, so the app can
// open the default talk and the demo with no files on disk.
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
