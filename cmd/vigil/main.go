// Command vigil is Vigil's one binary: a conflict early-warning engine that
// reads news, codes who did what to whom, remembers it, watches for
// escalation and serves what it sees.
//
// main only wires subcommands; each lives in its own file and registers
// itself with register in an init function.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...";
// without it versionString reads what the Go toolchain recorded.
var version = "dev"

// versionString is version, else the module version of 'go install
// module@v', else the VCS revision 'go build' stamps in a git checkout.
func versionString() string {
	if version != "dev" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return version
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, at, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev == "" {
		return version
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	v := "dev-" + rev + dirty
	if at != "" {
		v += " (" + at + ")"
	}
	return v
}

// command is one subcommand of vigil.
type command struct {
	Name  string // as typed: "code"
	Args  string // synopsis after the name: "[--date D] [FILE|DIR|-]..."
	Short string // one line for `vigil help`
	// Long teaches the command: what it does, its flags and examples.
	// `vigil help NAME` prints it after the synopsis and the flag defaults.
	Long string
	// Flags declares the command's flags on fs; it may be nil.
	Flags func(fs *flag.FlagSet)
	// Run executes the command with its positional arguments (flags already
	// parsed). Returning a usageError exits 2; any other error exits 1.
	Run func(ctx context.Context, env *env, args []string) error
}

// env is what a command may touch of the outside world; tests replace it.
type env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.Name]; dup {
		panic("vigil: command registered twice: " + c.Name)
	}
	commands[c.Name] = c
}

// usageError marks a mistake in how a command was called (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// usagef returns a usageError; the message should say what to do instead.
func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, &env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run executes one vigil invocation and returns its exit status:
// 0 ok, 1 runtime error, 2 usage error.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		printOverview(e.Stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(e.Stderr, "vigil: unknown command %q; run 'vigil help' for the list of commands\n", name)
		return 2
	}
	fs := flag.NewFlagSet("vigil "+cmd.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if cmd.Flags != nil {
		cmd.Flags(fs)
	}
	pos, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		printCommandHelp(e.Stdout, cmd)
		return 0
	}
	if err != nil {
		fmt.Fprintf(e.Stderr, "vigil %s: %v; run 'vigil help %s' for usage\n", cmd.Name, err, cmd.Name)
		return 2
	}
	if err := cmd.Run(ctx, e, pos); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(e.Stderr, "vigil %s: %s; run 'vigil help %s' for usage\n", cmd.Name, ue.msg, cmd.Name)
			return 2
		}
		fmt.Fprintf(e.Stderr, "vigil %s: %v\n", cmd.Name, err)
		return 1
	}
	return 0
}

// parseInterspersed parses flags that may appear before, between or after
// positional arguments ("vigil eval gold.jsonl --json"), as users type them.
// A lone "--" ends flag parsing; "-" alone is a positional (standard input).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// fs stopped at a non-flag, or consumed "--" (then rest is all positional).
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func printOverview(w io.Writer) {
	fmt.Fprintf(w, `Vigil reads the news, codes who did what to whom, and warns when it looks like war.

Usage:
  vigil COMMAND [flags] [arguments]

Commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].Short)
	}
	fmt.Fprintf(w, `
Run 'vigil help COMMAND' for a command's flags and examples.
`)
}

func printCommandHelp(w io.Writer, c *command) {
	fmt.Fprintf(w, "Usage: vigil %s %s\n\n%s\n", c.Name, c.Args, c.Short)
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	if c.Flags != nil {
		c.Flags(fs)
	}
	var flags strings.Builder
	fs.SetOutput(&flags)
	fs.PrintDefaults()
	if flags.Len() > 0 {
		fmt.Fprintf(w, "\nFlags:\n%s", flags.String())
	}
	if c.Long != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.Long))
	}
}

func init() {
	register(&command{
		Name:  "help",
		Args:  "[COMMAND]",
		Short: "explain vigil or one of its commands",
		Long: `Examples:
  vigil help           list the commands
  vigil help code      flags and examples of 'vigil code'`,
		Run: func(_ context.Context, e *env, args []string) error {
			switch len(args) {
			case 0:
				printOverview(e.Stdout)
				return nil
			case 1:
				c, ok := commands[args[0]]
				if !ok {
					return usagef("no command %q; 'vigil help' lists them", args[0])
				}
				printCommandHelp(e.Stdout, c)
				return nil
			}
			return usagef("help takes at most one command name")
		},
	})
	register(&command{
		Name:  "version",
		Short: "print vigil's version",
		Long: `Prints the version: the one given at build time (-ldflags "-X main.version=v1.2.0"),
else the module version 'go install' recorded, else the source's revision
(commit, its time, and "+dirty" for uncommitted changes) when built from a
git checkout, else "dev". Include it in bug reports.

Examples:
  vigil version
  go build -ldflags "-X main.version=v1.2.0" -o vigil ./cmd/vigil && ./vigil version`,
		Run: func(_ context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("version takes no arguments")
			}
			fmt.Fprintf(e.Stdout, "vigil %s\n", versionString())
			return nil
		},
	})
}
