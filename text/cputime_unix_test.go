//go:build unix

package text

import "syscall"

// cpuTime returns the CPU time the process has used, in seconds. The
// benchmarks report sentences per CPU-second next to the wall-clock rate,
// because on a shared machine wall time measures the neighbours too.
func cpuTime() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
