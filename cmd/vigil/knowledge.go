package main

import (
	"flag"
	"fmt"

	"github.com/vigil-ews/vigil/coder"
)

// knowledgeFlags are the flags of every command that codes text.
type knowledgeFlags struct {
	actors string
	verbs  string
}

func addKnowledgeFlags(fs *flag.FlagSet) *knowledgeFlags {
	k := &knowledgeFlags{}
	fs.StringVar(&k.actors, "actors", "", "directory of extra actor files to add to the embedded dictionary")
	fs.StringVar(&k.verbs, "verbs", "", "directory of extra verb patterns to add to the embedded dictionary")
	return k
}

func (k *knowledgeFlags) coder() (*coder.Coder, error) {
	c, err := coder.New(coder.Options{ActorsDir: k.actors, VerbsDir: k.verbs})
	if err != nil {
		return nil, fmt.Errorf("loading knowledge: %w", err)
	}
	return c, nil
}
