//go:build bindings

package main

// generatingBindings is true in the binary `wails generate module` builds (tag
// "bindings") and runs to write frontend/wailsjs: it must open no show, no
// database and no server.
const generatingBindings = true
