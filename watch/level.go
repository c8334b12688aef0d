package watch

import (
	"fmt"
	"math"
	"time"
)

// Level is a rung of the warning ladder. A warning's level follows its
// score: score ≥ 1 is watch, ≥ 2 warning, ≥ 3 alert; below 1 the warning
// has ended.
type Level int

// The ladder, lowest first.
const (
	Ended   Level = iota // below watch: the warning is over
	Watch                // something to keep an eye on
	Warning              // a recognised pattern of preparation or escalation
	Alert                // the pattern is (nearly) complete: act
)

var levelNames = [...]string{"ended", "watch", "warning", "alert"}

// String returns the level's name as JSON and the CLI show it.
func (l Level) String() string {
	if l < Ended || l > Alert {
		return fmt.Sprintf("level(%d)", int(l))
	}
	return levelNames[l]
}

// ParseLevel reads a level name.
func ParseLevel(s string) (Level, bool) {
	for i, n := range levelNames {
		if n == s {
			return Level(i), true
		}
	}
	return Ended, false
}

// LevelOf returns the level of a score: the integer part, capped at Alert.
func LevelOf(score float64) Level {
	switch {
	case score >= 3:
		return Alert
	case score >= 2:
		return Warning
	case score >= 1:
		return Watch
	}
	return Ended
}

// day is a date as days since 1970-01-01 (UTC): cheap to compare and to
// subtract, and a quarter of the size of a time.Time.
type day int32

// parseDay reads YYYY-MM-DD; ok is false for anything else.
func parseDay(s string) (day, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	num := func(b string) (int, bool) {
		n := 0
		for i := 0; i < len(b); i++ {
			c := b[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(s[:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 2024-02-31 and friends
		return 0, false
	}
	return day(t.Unix() / 86400), true
}

// String formats the day as YYYY-MM-DD.
func (d day) String() string {
	return time.Unix(int64(d)*86400, 0).UTC().Format("2006-01-02")
}

// time returns midnight UTC of the day.
func (d day) time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// round2 rounds a value for display and storage.
func round2(x float64) float64 { return math.Round(x*100) / 100 }

// floor2 truncates a score to two decimals, so that its integer part stays
// its level (2.9999 is a warning, shown 2.99, not 3.00).
func floor2(x float64) float64 { return math.Floor(x*100+1e-9) / 100 }
