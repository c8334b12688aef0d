// Package timex finds date expressions in tokenised English news text and
// resolves them against a publication date.
//
// News rarely prints full dates. It says "on Tuesday", "on June 19",
// "on Monday October 14", "last month", "earlier this week" or "71 years ago",
// and leaves the reader to work out the day from when the story appeared.
// timex does the same in two steps:
//
//   - Find scans a sentence's tokens and returns every date expression it
//     recognises, parsed but not yet resolved (an Expr);
//   - Expr.Resolve turns one expression into a calendar date against the
//     publication date, preferring the past (news reports what happened)
//     unless the caller says the verb is in the future tense.
//
// A weekday printed with a date ("Monday October 14") must agree with it:
// when no year is given, the year is chosen so that the two agree, and
// InferYear uses such pairs to date an article that has no publication date.
//
// Find takes the tokens' normalised text (original case) so that "May" the
// month is told from "may" the modal and "March" from "march". It does not
// allocate beyond the returned slice and uses no regular expressions: it
// runs on every sentence Vigil codes.
package timex

import (
	"time"
)

// Granularity is how precisely a resolved date is known.
type Granularity int

// Granularities, finest first.
const (
	Day Granularity = iota
	Week
	Month
	Year
	Decade
)

func (g Granularity) String() string {
	switch g {
	case Day:
		return "day"
	case Week:
		return "week"
	case Month:
		return "month"
	case Year:
		return "year"
	case Decade:
		return "decade"
	}
	return "unknown"
}

// Tense tells Resolve which way to look for an expression that names no year
// ("on June 19") or no week ("on Tuesday").
type Tense int

// Tenses. Unknown prefers the past but accepts a date up to a week ahead of
// the publication date (announcements of scheduled events).
const (
	Unknown Tense = iota
	Past
	Future
)

// Kind is what sort of expression an Expr is.
type Kind int

// Kinds of expression.
const (
	// Calendar is an explicit date: any of year, month, day, weekday
	// ("June 19", "14 October 2024", "Monday October 14", "in 2023").
	Calendar Kind = iota
	// WeekdayOnly is a day of the week with an optional "last"/"next"/"this".
	WeekdayOnly
	// Ago is "N units ago" ("71 years ago", "a week ago").
	Ago
	// Period is a week, month or year relative to the publication date:
	// "last month", "earlier this week", "next year".
	Period
	// Named is today, yesterday, tomorrow, tonight, last night.
	Named
)

// Unit is a unit of time in Ago and Period expressions.
type Unit int

// Units of time.
const (
	UnitDay Unit = iota
	UnitWeek
	UnitMonth
	UnitYear
	UnitDecade
)

// Expr is one date expression found in a token sequence.
type Expr struct {
	Start, End int // token span [Start, End)
	Kind       Kind

	// Calendar fields; 0 when not given.
	Year, Month, Day int
	// Weekday is set when HasWeekday (Calendar and WeekdayOnly).
	Weekday    time.Weekday
	HasWeekday bool
	// Rel is -1 for "last", +1 for "next", 0 for "this" or none
	// (WeekdayOnly, Period); Ago expressions count back N units.
	Rel  int
	N    int
	Unit Unit
	// Part refines a month or period: -1 early/earlier, 0 none, +1 late/later,
	// 2 mid.
	Part int
	// Decade marks "the 1960s": Year is the decade's first year.
	Decade bool
}

// WithYear returns e with its year set to y when it names a month but no
// year: how an undated article's dates are completed once InferYear has
// found the year.
func (e Expr) WithYear(y int) Expr {
	if e.Kind == Calendar && e.Month != 0 && e.Year == 0 {
		e.Year = y
	}
	return e
}

// Date is a resolved date with its precision. Time is midnight UTC of the
// day; coarser dates use the first day of their period, except Ago
// expressions, which keep the publication day shifted back ("71 years ago"
// from 2024-10-15 is 1953-10-15, precise to the year).
type Date struct {
	Time time.Time
	Gran Granularity
}

// String returns the date as YYYY-MM-DD.
func (d Date) String() string { return d.Time.Format("2006-01-02") }

// Explicit reports whether the expression names a calendar day with no
// reference to the publication date needed other than, perhaps, its year.
func (e Expr) Explicit() bool { return e.Kind == Calendar && e.Month != 0 && e.Day != 0 }

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// validDay reports whether d is a real day of month m in year y (or in a
// leap year when y is 0).
func validDay(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	if y == 0 {
		y = 2000
	}
	return day(y, m, d).Day() == d
}

// Resolve returns the date the expression denotes, read on the publication
// day ref. ok is false when the expression cannot be resolved: a relative
// expression with no reference, or a month and day with neither year nor
// reference (see InferYear for undated articles).
func (e Expr) Resolve(ref time.Time, tense Tense) (Date, bool) {
	if !ref.IsZero() {
		ref = midnight(ref)
	}
	switch e.Kind {
	case Calendar:
		return e.resolveCalendar(ref, tense)
	case WeekdayOnly:
		if ref.IsZero() {
			return Date{}, false
		}
		return Date{Time: resolveWeekday(ref, e.Weekday, e.Rel, tense), Gran: Day}, true
	case Ago:
		if ref.IsZero() {
			return Date{}, false
		}
		switch e.Unit {
		case UnitDay:
			return Date{ref.AddDate(0, 0, -e.N), Day}, true
		case UnitWeek:
			return Date{ref.AddDate(0, 0, -7*e.N), Week}, true
		case UnitMonth:
			return Date{ref.AddDate(0, -e.N, 0), Month}, true
		case UnitYear:
			return Date{ref.AddDate(-e.N, 0, 0), Year}, true
		case UnitDecade:
			return Date{ref.AddDate(-10*e.N, 0, 0), Year}, true
		}
	case Period:
		if ref.IsZero() {
			return Date{}, false
		}
		return resolvePeriod(ref, e.Unit, e.Rel, e.Part), true
	case Named:
		if ref.IsZero() {
			return Date{}, false
		}
		return Date{ref.AddDate(0, 0, e.Rel), Day}, true
	}
	return Date{}, false
}

func (e Expr) resolveCalendar(ref time.Time, tense Tense) (Date, bool) {
	switch {
	case e.Month == 0 && e.Year != 0 && e.Decade: // "in the 1960s"
		return Date{day(e.Year, 1, 1), Decade}, true
	case e.Month == 0 && e.Year != 0: // "in 2023"
		return Date{day(e.Year, 1, 1), Year}, true
	case e.Month == 0:
		return Date{}, false
	}
	gran, d := Day, e.Day
	if d == 0 {
		gran, d = Month, 1
		if e.Part == 2 {
			d = 15
		}
	}
	if e.Year != 0 {
		if !validDay(e.Year, e.Month, d) {
			return Date{}, false
		}
		return Date{day(e.Year, e.Month, d), gran}, true
	}
	if ref.IsZero() {
		return Date{}, false
	}
	if !validDay(0, e.Month, d) {
		return Date{}, false
	}
	// No year: pick the occurrence nearest the publication day in the
	// direction the tense allows; with a weekday, the nearest one whose
	// weekday agrees.
	best, found := time.Time{}, false
	for y := ref.Year() + 1; y >= ref.Year()-11; y-- {
		if !validDay(y, e.Month, d) {
			continue
		}
		c := day(y, e.Month, d)
		if e.HasWeekday && gran == Day && c.Weekday() != e.Weekday {
			continue
		}
		if !allowed(c, ref, tense, gran) {
			continue
		}
		best, found = c, true
		if tense == Future {
			continue // keep looking for an earlier allowed year (nearest)
		}
		break
	}
	if !found {
		// A weekday that fits no nearby year is a typo; trust the date.
		if e.HasWeekday {
			e.HasWeekday = false
			return e.resolveCalendar(ref, tense)
		}
		return Date{}, false
	}
	return Date{best, gran}, true
}

// allowed reports whether candidate c may be meant on publication day ref.
func allowed(c, ref time.Time, tense Tense, gran Granularity) bool {
	if gran == Month {
		// "in October" read in October is this October.
		cEnd := c.AddDate(0, 1, -1)
		switch tense {
		case Future:
			return !cEnd.Before(ref)
		default:
			return !c.After(ref)
		}
	}
	switch tense {
	case Past:
		return !c.After(ref.AddDate(0, 0, 1))
	case Future:
		return !c.Before(ref.AddDate(0, 0, -1))
	default:
		return !c.After(ref.AddDate(0, 0, 7))
	}
}

func resolveWeekday(ref time.Time, wd time.Weekday, rel int, tense Tense) time.Time {
	back := (int(ref.Weekday()) - int(wd) + 7) % 7 // days since the last such weekday (0 = today)
	fwd := (int(wd) - int(ref.Weekday()) + 7) % 7
	switch {
	case rel < 0: // "last Tuesday": strictly before today
		if back == 0 {
			back = 7
		}
		return ref.AddDate(0, 0, -back)
	case rel > 0: // "next Tuesday": strictly after today
		if fwd == 0 {
			fwd = 7
		}
		return ref.AddDate(0, 0, fwd)
	case tense == Future:
		return ref.AddDate(0, 0, fwd)
	default:
		return ref.AddDate(0, 0, -back)
	}
}

// resolvePeriod resolves "last month", "earlier this week", "next year":
// the first day of the period, except "earlier this ..." which cannot be
// after the publication day and "later this ..." which cannot be before it.
func resolvePeriod(ref time.Time, u Unit, rel, part int) Date {
	var start time.Time
	var gran Granularity
	switch u {
	case UnitDay:
		return Date{ref.AddDate(0, 0, rel), Day}
	case UnitWeek:
		off := (int(ref.Weekday()) + 6) % 7 // Monday starts the week
		start, gran = ref.AddDate(0, 0, -off+7*rel), Week
	case UnitMonth:
		start, gran = day(ref.Year(), int(ref.Month()), 1).AddDate(0, rel, 0), Month
	default:
		start, gran = day(ref.Year()+rel, 1, 1), Year
	}
	if rel == 0 && part > 0 && part != 2 && start.Before(ref) {
		start = ref // later this week: not before today
	}
	return Date{start, gran}
}
