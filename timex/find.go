package timex

import (
	"strings"
	"time"
)

// wordKind classifies a token for the scanner.
type wordKind uint8

const (
	kNone wordKind = iota
	kMonth
	kWeekday
	kRelMod   // last, next, this, past, coming
	kPartMod  // early, earlier, late, later, mid
	kUnit     // day, week, month, year, decade (singular or plural)
	kNamed    // today, yesterday, tomorrow, tonight
	kDayPart  // morning, afternoon, evening, night
	kNumWord  // one, two, ..., a, an
	kAgo      // ago
	kInPrep   // in, since, during, until, by, before, after, of, from, through
	kFiller   // "," "." "the" "of"
	kTimeWord // night etc. handled by kDayPart
)

type lexEntry struct {
	kind wordKind
	val  int // month 1-12, weekday 0-6, rel -1/0/1, part, unit, number, named offset
}

var lexicon = map[string]lexEntry{}

func addCased(w string, e lexEntry) {
	lexicon[w] = e
	lexicon[strings.ToUpper(w[:1])+w[1:]] = e
	lexicon[strings.ToUpper(w)] = e
}

func init() {
	months := []string{"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"}
	for i, m := range months {
		e := lexEntry{kMonth, i + 1}
		if m == "may" || m == "march" {
			// Lower-case "may"/"march" are a modal and a verb; only the
			// capitalised forms are months.
			lexicon["May"] = lexEntry{kMonth, 5}
			lexicon["MAY"] = lexEntry{kMonth, 5}
			if m == "march" {
				lexicon["March"] = e
				lexicon["MARCH"] = e
			}
		} else {
			addCased(m, e)
		}
		if len(m) > 4 {
			abbr := m[:3]
			addCased(abbr, e)
			addCased(abbr+".", e)
		}
	}
	addCased("sept", lexEntry{kMonth, 9})
	addCased("sept.", lexEntry{kMonth, 9})
	for i, d := range []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"} {
		addCased(d, lexEntry{kWeekday, i})
	}
	for w, v := range map[string]int{"last": -1, "previous": -1, "past": 0, "next": 1, "coming": 1, "this": 0} {
		addCased(w, lexEntry{kRelMod, v})
	}
	for w, v := range map[string]int{"early": -1, "earlier": -1, "late": 1, "later": 1, "mid": 2} {
		addCased(w, lexEntry{kPartMod, v})
	}
	for w, v := range map[string]int{"day": int(UnitDay), "days": int(UnitDay), "week": int(UnitWeek), "weeks": int(UnitWeek),
		"month": int(UnitMonth), "months": int(UnitMonth), "year": int(UnitYear), "years": int(UnitYear),
		"decade": int(UnitDecade), "decades": int(UnitDecade)} {
		addCased(w, lexEntry{kUnit, v})
	}
	for w, v := range map[string]int{"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0} {
		addCased(w, lexEntry{kNamed, v})
	}
	for _, w := range []string{"morning", "afternoon", "evening", "night"} {
		addCased(w, lexEntry{kDayPart, 0})
	}
	nums := []string{"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	for i := 1; i < len(nums); i++ {
		addCased(nums[i], lexEntry{kNumWord, i})
	}
	tens := []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	for t := 2; t < len(tens); t++ {
		addCased(tens[t], lexEntry{kNumWord, 10 * t})
		for u := 1; u < 10; u++ {
			addCased(tens[t]+"-"+nums[u], lexEntry{kNumWord, 10*t + u})
		}
	}
	addCased("a", lexEntry{kNumWord, 1})
	addCased("an", lexEntry{kNumWord, 1})
	addCased("ago", lexEntry{kAgo, 0})
	for _, w := range []string{"in", "since", "during", "until", "by", "before", "after", "from", "through", "throughout", "of"} {
		addCased(w, lexEntry{kInPrep, 0})
	}
}

func lookup(w string) lexEntry {
	if e, ok := lexicon[w]; ok {
		return e
	}
	// "Monday's" as one token.
	if n := len(w); n > 2 && (w[n-2:] == "'s" || w[n-2:] == "’s") {
		if e, ok := lexicon[w[:n-2]]; ok && e.kind == kWeekday {
			return e
		}
	}
	return lexEntry{}
}

// number parses a run of ASCII digits, with an optional ordinal suffix
// ("19th"), returning -1 when w is not one.
func number(w string) (n int, ordinal bool) {
	if w == "" {
		return -1, false
	}
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		if i > 6 {
			return -1, false
		}
		n = n*10 + int(w[i]-'0')
		i++
	}
	if i == 0 {
		return -1, false
	}
	switch strings.ToLower(w[i:]) {
	case "":
		return n, false
	case "st", "nd", "rd", "th":
		return n, true
	}
	return -1, false
}

func isOrdinalSuffix(w string) bool {
	switch w {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}

// isoDate parses "2024-10-14".
func isoDate(w string) (y, m, d int, ok bool) {
	if len(w) != 10 || w[4] != '-' || w[7] != '-' {
		return
	}
	y, _ = number(w[:4])
	m, _ = number(w[5:7])
	d, _ = number(w[8:])
	if y < 1000 || !validDay(y, m, d) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// decade parses "1960s".
func decade(w string) (int, bool) {
	if len(w) != 5 || (w[4] != 's' && w[4] != 'S') {
		return 0, false
	}
	y, ok := isYear(w[:4])
	if !ok || y%10 != 0 {
		return 0, false
	}
	return y, true
}

func isYear(w string) (int, bool) {
	if len(w) != 4 {
		return 0, false
	}
	y, ord := number(w)
	if ord || y < 1800 || y > 2199 {
		return 0, false
	}
	return y, true
}

// Find returns the date expressions in words, a sentence's tokens in their
// normalised form (original case), appended to dst. Expressions do not
// overlap and come in text order.
func Find(words []string, dst []Expr) []Expr {
	n := len(words)
	at := func(i int) string {
		if i < n {
			return words[i]
		}
		return ""
	}
	for i := 0; i < n; {
		if e, ok := matchAt(words, i, at); ok {
			dst = append(dst, e)
			i = e.End
			continue
		}
		i++
	}
	return dst
}

func matchAt(words []string, i int, at func(int) string) (Expr, bool) {
	w := words[i]
	le := lookup(w)
	switch le.kind {
	case kWeekday:
		return weekdayExpr(i, i, le.val, 0, at)
	case kRelMod:
		next := lookup(at(i + 1))
		switch next.kind {
		case kWeekday:
			rel := le.val
			if strings.EqualFold(w, "past") || strings.EqualFold(w, "coming") {
				break
			}
			e := Expr{Start: i, End: i + 2, Kind: WeekdayOnly, Weekday: time.Weekday(next.val), HasWeekday: true, Rel: rel}
			e.End = absorbDayPart(e.End, at)
			return e, true
		case kUnit:
			if next.val == int(UnitDecade) || isPlural(at(i+1)) {
				return Expr{}, false // "past five years" is not handled here
			}
			return Expr{Start: i, End: i + 2, Kind: Period, Unit: Unit(next.val), Rel: le.val}, true
		case kDayPart:
			// "last night", "this morning"
			if strings.EqualFold(w, "last") && strings.EqualFold(at(i+1), "night") {
				return Expr{Start: i, End: i + 2, Kind: Named, Rel: -1}, true
			}
			if strings.EqualFold(w, "this") {
				return Expr{Start: i, End: i + 2, Kind: Named, Rel: 0}, true
			}
		case kMonth:
			// "last October" (but "last October 2023" lets the month match)
			if _, ok := isYear(at(i + 2)); ok {
				return Expr{}, false
			}
			return Expr{Start: i, End: i + 2, Kind: Calendar, Month: next.val}, true
		}
	case kPartMod:
		// "earlier this week", "late last month", "early next year",
		// "early October", "mid-October" (hyphenated handled in kNone)
		next := lookup(at(i + 1))
		if next.kind == kRelMod {
			if u := lookup(at(i + 2)); u.kind == kUnit && !isPlural(at(i+2)) && u.val != int(UnitDecade) {
				return Expr{Start: i, End: i + 3, Kind: Period, Unit: Unit(u.val), Rel: next.val, Part: le.val}, true
			}
		}
		if next.kind == kMonth {
			e, ok := monthExpr(i+1, at, true)
			if ok && e.Day == 0 {
				e.Start, e.Part = i, le.val
				return e, true
			}
		}
		if y, ok := isYear(at(i + 1)); ok {
			return Expr{Start: i, End: i + 2, Kind: Calendar, Year: y, Part: le.val}, true
		}
	case kMonth:
		prev := ""
		if i > 0 {
			prev = words[i-1]
		}
		return monthExpr(i, at, lookup(prev).kind == kInPrep)
	case kNamed:
		e := Expr{Start: i, End: i + 1, Kind: Named, Rel: le.val}
		e.End = absorbDayPart(e.End, at)
		return e, true
	case kNumWord:
		return agoExpr(i, le.val, at)
	case kInPrep:
		// "in the 1960s", "during the 1990s": the decade's first year
		if strings.EqualFold(at(i+1), "the") {
			if y, ok := decade(at(i + 2)); ok {
				return Expr{Start: i + 1, End: i + 3, Kind: Calendar, Year: y, Decade: true}, true
			}
		}
		// "in 2023"
		if y, ok := isYear(at(i + 1)); ok {
			if u := lookup(at(i + 2)); u.kind == kMonth {
				return Expr{}, false // "in 2023 October" is unusual; let the month match
			}
			return Expr{Start: i + 1, End: i + 2, Kind: Calendar, Year: y}, true
		}
	default:
		if y, m, d, ok := isoDate(w); ok {
			return Expr{Start: i, End: i + 1, Kind: Calendar, Year: y, Month: m, Day: d}, true
		}
		if len(w) > 4 && (strings.HasPrefix(w, "mid-") || strings.HasPrefix(w, "Mid-")) {
			if le := lookup(w[4:]); le.kind == kMonth {
				e := Expr{Start: i, End: i + 1, Kind: Calendar, Month: le.val, Part: 2}
				if y, ok := isYear(at(i + 1)); ok {
					e.Year, e.End = y, i+2
				}
				return e, true
			}
		}
		if num, _ := number(w); num >= 1 {
			if num <= 31 {
				if e, ok := dayMonthExpr(i, i, num, at); ok {
					return e, true
				}
			}
			return agoExpr(i, num, at)
		}
	}
	return Expr{}, false
}

func isPlural(w string) bool { return strings.HasSuffix(w, "s") || strings.HasSuffix(w, "S") }

// absorbDayPart extends an expression over "morning", "night"...
func absorbDayPart(j int, at func(int) string) int {
	if lookup(at(j)).kind == kDayPart {
		return j + 1
	}
	return j
}

// weekdayExpr parses a weekday at i, possibly followed by a date:
// "Monday", "Monday night", "Monday, October 14", "Monday 14 October 2024".
func weekdayExpr(start, i, wd, rel int, at func(int) string) (Expr, bool) {
	j := i + 1
	if at(j) == "," {
		j++
	}
	if m := lookup(at(j)); m.kind == kMonth {
		if e, ok := monthExpr(j, at, true); ok && e.Day != 0 {
			e.Start, e.Weekday, e.HasWeekday = start, time.Weekday(wd), true
			return e, true
		}
	}
	if num, _ := number(at(j)); num >= 1 && num <= 31 {
		if e, ok := dayMonthExpr(start, j, num, at); ok {
			e.Weekday, e.HasWeekday = time.Weekday(wd), true
			return e, true
		}
	}
	e := Expr{Start: start, End: i + 1, Kind: WeekdayOnly, Weekday: time.Weekday(wd), HasWeekday: true, Rel: rel}
	e.End = absorbDayPart(e.End, at)
	return e, true
}

// monthExpr parses a month name at i: "June 19", "June 19, 2024",
// "Oct. 14", "October 2024", and, when standalone is true, "October".
func monthExpr(i int, at func(int) string, standalone bool) (Expr, bool) {
	m := lookup(at(i)).val
	j := i + 1
	if at(j) == "." {
		j++
	}
	e := Expr{Start: i, Kind: Calendar, Month: m}
	if num, _ := number(at(j)); num >= 1 && num <= 31 && validDay(0, m, num) {
		e.Day = num
		j++
		if isOrdinalSuffix(at(j)) {
			j++
		}
		e.End = j
		k := j
		if at(k) == "," {
			k++
		}
		if y, ok := isYear(at(k)); ok {
			e.Year, e.End = y, k+1
		}
		return e, true
	}
	if y, ok := isYear(at(j)); ok {
		e.Year, e.End = y, j+1
		return e, true
	}
	if !standalone {
		return Expr{}, false
	}
	e.End = j
	return e, true
}

// dayMonthExpr parses "19 June", "19th June 2024", "19th of June" with the
// day number at i.
func dayMonthExpr(start, i, num int, at func(int) string) (Expr, bool) {
	j := i + 1
	if isOrdinalSuffix(at(j)) {
		j++
	}
	if strings.EqualFold(at(j), "of") {
		j++
	}
	m := lookup(at(j))
	if m.kind != kMonth || !validDay(0, m.val, num) {
		return Expr{}, false
	}
	j++
	if at(j) == "." {
		j++
	}
	e := Expr{Start: start, End: j, Kind: Calendar, Month: m.val, Day: num}
	k := j
	if at(k) == "," {
		k++
	}
	if y, ok := isYear(at(k)); ok {
		e.Year, e.End = y, k+1
	}
	return e, true
}

// agoExpr parses "71 years ago", "a week ago", "two decades ago".
func agoExpr(i, num int, at func(int) string) (Expr, bool) {
	u := lookup(at(i + 1))
	if u.kind != kUnit || lookup(at(i+2)).kind != kAgo {
		return Expr{}, false
	}
	return Expr{Start: i, End: i + 3, Kind: Ago, N: num, Unit: Unit(u.val)}, true
}

// InferYear returns the year of an undated text from the first weekday and
// date printed together ("Monday October 14") in the expressions found in
// it: the latest year not after notAfter in which that date falls on that
// weekday. ok is false when no such pair is present.
func InferYear(exprs []Expr, notAfter time.Time) (int, bool) {
	for _, e := range exprs {
		if e.Kind != Calendar || e.Month == 0 || e.Day == 0 {
			continue
		}
		if e.Year != 0 {
			continue
		}
		if !e.HasWeekday {
			continue
		}
		for y := notAfter.Year(); y > notAfter.Year()-60; y-- {
			if !validDay(y, e.Month, e.Day) {
				continue
			}
			c := day(y, e.Month, e.Day)
			if c.After(notAfter) || c.Weekday() != e.Weekday {
				continue
			}
			return y, true
		}
	}
	return 0, false
}
