// Package shared finds the project's third-party test material (the
// ../shared folder beside the repository: gold files, corpus, reference
// tables). That material is read in tests and benchmarks, never copied into
// the repository. Set VIGIL_SHARED to point elsewhere.
package shared

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared folder, or "" when it cannot be found.
func Dir() string {
	if d := os.Getenv("VIGIL_SHARED"); d != "" {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
		return ""
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		cand := filepath.Join(d, "shared")
		if st, err := os.Stat(filepath.Join(cand, "eval", "CODING.md")); err == nil && !st.IsDir() {
			return cand
		}
		cand = filepath.Join(filepath.Dir(d), "shared")
		if st, err := os.Stat(filepath.Join(cand, "eval", "CODING.md")); err == nil && !st.IsDir() {
			return cand
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// Path returns the path of rel inside the shared folder, skipping the test
// (with the reason) when the folder or the file is absent.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	d := Dir()
	if d == "" {
		tb.Skip("shared test material not found: set VIGIL_SHARED to the folder holding eval/ and corpus/")
	}
	p := filepath.Join(d, rel)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared test material %s absent: %v", rel, err)
	}
	return p
}
