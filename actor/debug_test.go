package actor

import (
	"fmt"
	"os"
	"testing"
	"time"
)

func TestDebugPrint(t *testing.T) {
	s := os.Getenv("ACTOR_DEBUG")
	if s == "" {
		t.Skip()
	}
	kb, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	d, _ := time.Parse(time.DateOnly, os.Getenv("ACTOR_DATE"))
	ctx := kb.NewContext(d, s)
	for _, m := range kb.Resolve(ctx, Tokens(s)) {
		fmt.Printf("%-40q %-10s %-8s %s\n", s[m.ByteStart:m.ByteEnd], m.Code, m.Kind, m.Rule)
	}
}
