// Package coder turns the sentences of an article into CAMEO-coded events.
package coder

import (
	vigil "github.com/vigil-ews/vigil"
)

// Options configures a Coder.
type Options struct {
	ActorsDir string // optional directory of extra actor files (--actors)
	VerbsDir  string // optional directory of extra verb patterns (--verbs)
}

// Coder codes articles. It is safe for concurrent use: build one and share it.
type Coder struct{}

// New loads the embedded knowledge (plus any user directories) and returns a Coder.
func New(opts Options) (*Coder, error) { return &Coder{}, nil }

// Code returns the events of one article. a.Published (may be zero) is the
// date against which relative dates resolve.
func (c *Coder) Code(a *vigil.Article) []vigil.Event { return nil }
