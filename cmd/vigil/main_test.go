package main

import (
	"bytes"
	"context"
	"flag"
	"reflect"
	"strings"
	"testing"
)

// runVigil runs one invocation in-process and returns its exit status,
// standard output and standard error.
func runVigil(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func TestExitCodes(t *testing.T) {
	if code, _, _ := runVigil(t, "", "version"); code != 0 {
		t.Errorf("version: exit %d, want 0", code)
	}
	if code, _, errs := runVigil(t, "", "no-such-command"); code != 2 || !strings.Contains(errs, "vigil help") {
		t.Errorf("unknown command: exit %d, stderr %q; want 2 and a hint", code, errs)
	}
	if code, _, _ := runVigil(t, ""); code != 2 {
		t.Errorf("no arguments: exit %d, want 2", code)
	}
	if code, _, _ := runVigil(t, "", "version", "--bogus"); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	code, out, _ := runVigil(t, "", "help")
	if code != 0 {
		t.Fatalf("help: exit %d", code)
	}
	for name, c := range commands {
		if !strings.Contains(out, name) {
			t.Errorf("help does not list %q", name)
		}
		if c.Short == "" {
			t.Errorf("command %q has no short description", name)
		}
		code, out, _ := runVigil(t, "", "help", name)
		if code != 0 || !strings.Contains(out, "Usage: vigil "+name) {
			t.Errorf("help %s: exit %d, output %q", name, code, out)
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		pos     []string
		json    bool
		date    string
		wantErr bool
	}{
		{args: []string{"a", "--json", "b"}, pos: []string{"a", "b"}, json: true},
		{args: []string{"--date", "2024-10-15", "-"}, pos: []string{"-"}, date: "2024-10-15"},
		{args: []string{"x", "--", "--json"}, pos: []string{"x", "--json"}},
		{args: []string{"--date"}, wantErr: true},
		{args: nil, pos: nil},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(new(bytes.Buffer))
		j := fs.Bool("json", false, "")
		d := fs.String("date", "", "")
		pos, err := parseInterspersed(fs, tc.args)
		if (err != nil) != tc.wantErr {
			t.Errorf("%q: err %v", tc.args, err)
			continue
		}
		if tc.wantErr {
			continue
		}
		if !reflect.DeepEqual(pos, tc.pos) || *j != tc.json || *d != tc.date {
			t.Errorf("%q: pos %q json %v date %q; want %q %v %q", tc.args, pos, *j, *d, tc.pos, tc.json, tc.date)
		}
	}
}
