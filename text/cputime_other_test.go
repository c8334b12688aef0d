//go:build !unix

package text

// cpuTime is unavailable here; the CPU-time metric is then omitted.
func cpuTime() float64 { return 0 }
