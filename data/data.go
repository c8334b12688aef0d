// Package data embeds Vigil's knowledge: actors, the CAMEO table, verb
// patterns, indicator rules, treaties and the demo corpus. Every file is
// readable data written by the Vigil authors from public facts; each folder's
// README explains its format and how to add to it. Users extend or override
// it with a directory of their own (--actors, --verbs, --rules, --treaties).
package data

import "embed"

// FS holds the embedded knowledge, one folder per kind.
//
//go:embed actors cameo verbs rules treaties demo
var FS embed.FS
