package alliance

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vigil-ews/vigil"
)

func mustLoad(t *testing.T) *Register {
	t.Helper()
	r, err := Load("")
	if err != nil {
		t.Fatalf("load embedded register: %v", err)
	}
	return r
}

// find returns the obligations of state joining side under a treaty whose
// label contains treaty.
func find(ex vigil.Exposure, state, joins, treaty string) []vigil.Obligation {
	var out []vigil.Obligation
	for _, o := range ex.Bound {
		if o.State == state && o.Joins == joins && strings.Contains(o.Treaty, treaty) {
			out = append(out, o)
		}
	}
	return out
}

func TestExposureKorea(t *testing.T) {
	r := mustLoad(t)
	for _, tc := range []struct {
		date      string
		rusStatus string
		rusForce  bool
	}{
		{"2024-10-15", "signed", false},
		{"2024-11-10", "signed", false}, // ratified by Russia only
		{"2024-12-03", "signed", false},
		{"2024-12-04", "in_force", true},
		{"2024-12-05", "in_force", true},
	} {
		ex := r.Exposure("PRKMIL", "KOR", tc.date, ExposureOptions{})
		if ex.A != "PRK" || ex.B != "KOR" || ex.Date != tc.date {
			t.Errorf("%s: header %+v", tc.date, ex)
		}
		rus := find(ex, "RUS", "PRK", "Russia–DPRK")
		if len(rus) != 1 || rus[0].Article != "4" || rus[0].Obligation != Defense || rus[0].Status != tc.rusStatus || rus[0].InForce != tc.rusForce {
			t.Errorf("%s: Russia: %+v, want Art. 4 defense %s in_force=%v", tc.date, rus, tc.rusStatus, tc.rusForce)
		}
		chn := find(ex, "CHN", "PRK", "1961")
		if len(chn) != 1 || chn[0].Article != "II" || !chn[0].InForce {
			t.Errorf("%s: China: %+v", tc.date, chn)
		}
		usa := find(ex, "USA", "KOR", "1953")
		if len(usa) != 1 || usa[0].Article != "III" || !usa[0].InForce || len(usa[0].Conditions) == 0 {
			t.Errorf("%s: United States: %+v", tc.date, usa)
		}
		if len(ex.Bound) != 3 {
			t.Errorf("%s: %d obligations, want 3: %+v", tc.date, len(ex.Bound), ex.Bound)
		}
		// The DPRK's side is listed first (it is A).
		if ex.Bound[0].Joins != "PRK" || ex.Bound[len(ex.Bound)-1].Joins != "KOR" {
			t.Errorf("%s: order %+v", tc.date, ex.Bound)
		}
	}
	// Before the Russian treaty was signed it binds no one.
	if rus := find(r.Exposure("PRK", "KOR", "2024-06-18", ExposureOptions{}), "RUS", "PRK", ""); len(rus) != 0 {
		t.Errorf("before signature: %+v", rus)
	}
}

func TestExposureMultilateral(t *testing.T) {
	r := mustLoad(t)
	cases := []struct {
		name             string
		a, b, date       string
		opt              ExposureOptions
		state, joins, tr string
		want             bool
	}{
		{"NATO binds the US to Poland", "RUS", "POL", "2025-01-01", ExposureOptions{}, "USA", "POL", "NATO", true},
		{"Sweden not yet a member in 2023", "RUS", "POL", "2023-06-01", ExposureOptions{}, "SWE", "POL", "NATO", false},
		{"Sweden a member from 2024-03-07", "RUS", "POL", "2024-03-07", ExposureOptions{}, "SWE", "POL", "NATO", true},
		{"Finland protected from 2023-04-04", "RUS", "FIN", "2023-04-04", ExposureOptions{}, "USA", "FIN", "NATO", true},
		{"Finland not protected before", "RUS", "FIN", "2023-04-03", ExposureOptions{}, "USA", "FIN", "NATO", false},
		{"CSTO binds Belarus to Russia", "RUS", "POL", "2025-01-01", ExposureOptions{}, "BLR", "RUS", "CSTO", true},
		{"Georgia left the CSTO in 1999", "RUS", "UKR", "2005-01-01", ExposureOptions{}, "GEO", "RUS", "CSTO", false},
		{"Georgia a CSTO party in 1995", "RUS", "UKR", "1995-01-01", ExposureOptions{}, "GEO", "RUS", "CSTO", true},
		{"intra-NATO war binds no one", "GRC", "TUR", "2025-01-01", ExposureOptions{}, "USA", "GRC", "NATO", false},
		{"UK left the EU clause", "RUS", "FRA", "2021-01-01", ExposureOptions{}, "GBR", "FRA", "42(7)", false},
		{"UK in the EU clause in 2015", "RUS", "FRA", "2015-01-01", ExposureOptions{}, "GBR", "FRA", "42(7)", true},
		{"US suspended ANZUS toward New Zealand", "CHN", "NZL", "2000-01-01", ExposureOptions{}, "USA", "NZL", "ANZUS", true},
		{"consultation only with --all", "RUS", "UKR", "2025-01-01", ExposureOptions{}, "GBR", "UKR", "UK–Ukraine", false},
		{"consultation with --all", "RUS", "UKR", "2025-01-01", ExposureOptions{All: true}, "GBR", "UKR", "UK–Ukraine", true},
		{"adversary condition: not against Belarus", "BLR", "UKR", "2025-01-01", ExposureOptions{All: true}, "GBR", "UKR", "UK–Ukraine", false},
		{"one-sided: Ukraine not bound to the UK", "RUS", "GBR", "2025-01-01", ExposureOptions{All: true}, "UKR", "GBR", "UK–Ukraine", false},
		{"expired treaty binds no one", "CHN", "TWN", "2024-01-01", ExposureOptions{}, "USA", "TWN", "Republic of China", false},
		{"before it expired", "CHN", "TWN", "1970-01-01", ExposureOptions{}, "USA", "TWN", "Republic of China", true},
	}
	for _, tc := range cases {
		got := find(r.Exposure(tc.a, tc.b, tc.date, tc.opt), tc.state, tc.joins, tc.tr)
		if (len(got) > 0) != tc.want {
			t.Errorf("%s: %s joins %s under %s on %s: got %+v, want listed=%v", tc.name, tc.state, tc.joins, tc.tr, tc.date, got, tc.want)
		}
	}
	// ANZUS lists the US toward New Zealand as suspended, not in force.
	got := find(r.Exposure("CHN", "NZL", "2000-01-01", ExposureOptions{}), "USA", "NZL", "ANZUS")
	if len(got) != 1 || got[0].InForce || got[0].Status != Suspended {
		t.Errorf("ANZUS USA→NZL: %+v, want suspended", got)
	}
	if got := find(r.Exposure("CHN", "AUS", "2000-01-01", ExposureOptions{}), "USA", "AUS", "ANZUS"); len(got) != 1 || !got[0].InForce {
		t.Errorf("ANZUS USA→AUS: %+v, want in force", got)
	}
}

func TestRegisterData(t *testing.T) {
	r := mustLoad(t)
	required := []string{"rus-prk-2024", "chn-prk-1961", "usa-kor-1953", "usa-jpn-1960", "usa-phl-1951", "anzus-1951", "nato-1949", "csto-1992", "rus-blr-2024"}
	for _, id := range required {
		tr, ok := r.Treaty(id)
		if !ok {
			t.Errorf("register lacks %s", id)
			continue
		}
		if !slices.ContainsFunc(tr.Articles, func(a Article) bool { return a.Obligation == Defense }) {
			t.Errorf("%s has no defence article", id)
		}
		if tr.Signed == "" {
			t.Errorf("%s has no signature date", id)
		}
	}
	nato, _ := r.Treaty("nato-1949")
	if n := len(nato.States()); n != 32 {
		t.Errorf("NATO has %d members, want 32", n)
	}
	for _, tc := range []struct{ state, joined string }{{"FIN", "2023-04-04"}, {"SWE", "2024-03-07"}, {"MKD", "2020-03-27"}, {"USA", "1949-08-24"}} {
		i := slices.IndexFunc(nato.Parties, func(p Party) bool { return p.State == tc.state })
		if i < 0 || nato.Parties[i].Joined != tc.joined {
			t.Errorf("NATO %s joined: want %s", tc.state, tc.joined)
		}
	}
	// Dates of the Russia–DPRK ratification, step by step.
	st, _ := r.StatusOn("rus-prk-2024", "2024-11-10")
	if st.Status != Signed || st.InForce || !strings.Contains(st.Detail, "ratified by RUS 2024-11-09") || strings.Contains(st.Detail, "PRK") {
		t.Errorf("2024-11-10: %+v", st)
	}
	st, _ = r.StatusOn("rus-prk-2024", "2024-12-04")
	if st.Status != InForce || !st.InForce || st.Since != "2024-12-04" || !strings.Contains(st.Detail, "ratified by PRK 2024-11-11") {
		t.Errorf("2024-12-04: %+v", st)
	}
}

func ev(id, date, src, tgt, code, sentence string) *vigil.Event {
	return &vigil.Event{ID: id, Date: date, Source: src, Target: tgt, Code: code, Sentence: sentence}
}

func TestApplyEvents(t *testing.T) {
	for _, tc := range []struct {
		name   string
		events []*vigil.Event
		want   []string // "treaty party status date"
	}{
		{
			name: "negated entry into force changes nothing",
			events: []*vigil.Event{ev("e1", "2024-06-19", "RUS", "PRK", "057",
				"It was signed on June 19, but the treaty has not yet entered into force because it has not been ratified.")},
		},
		{
			name: "ratification by the Duma recorded as Russia's",
			events: []*vigil.Event{ev("e2", "2025-03-01", "RUSLEG", "PRK", "057",
				"The Russian parliament ratified the comprehensive strategic partnership treaty with North Korea.")},
			// Russia ratified already (2024-11-09): not news.
		},
		{
			name: "new treaty signature and entry into force",
			events: []*vigil.Event{
				ev("e3", "2025-12-01", "PNG", "AUS", "057", "Papua New Guinea ratified the Pukpuk treaty with Australia."),
				ev("e4", "2025-12-20", "AUS", "PNG", "057", "The Pukpuk treaty entered into force on Saturday."),
				ev("e5", "2025-12-21", "AUS", "PNG", "057", "The Pukpuk treaty entered into force on Saturday."),
			},
			want: []string{"aus-png-2025 PNG ratified 2025-12-01", "aus-png-2025  in_force 2025-12-20"},
		},
		{
			name: "generic word between the two parties",
			events: []*vigil.Event{ev("e6", "2026-02-01", "SAU", "PAK", "057",
				"Saudi Arabia and Pakistan said the defence pact took effect this week.")},
			want: []string{"sau-pak-2025  in_force 2026-02-01"},
		},
		{
			name: "withdrawal by a party",
			events: []*vigil.Event{ev("e7", "2026-03-01", "ARMGOV", "", "161",
				"Armenia announced it would withdraw from the CSTO, the Collective Security Treaty.")},
			want: []string{"csto-1992 ARM withdrawn 2026-03-01"},
		},
		{
			name: "ambiguous generic treaty between the US and someone",
			events: []*vigil.Event{ev("e8", "2026-03-01", "USA", "", "161",
				"Washington said it would terminate the mutual defense treaty.")},
		},
		{
			name:   "flagged event ignored",
			events: []*vigil.Event{{ID: "e9", Date: "2026-01-01", Source: "SAU", Target: "PAK", Code: "057", Hypothetical: true, Sentence: "The defence pact took effect."}},
		},
		{
			name: "unrelated signature",
			events: []*vigil.Event{ev("e10", "2026-01-01", "RUS", "PRK", "057",
				"Russia and North Korea signed an agreement on tourism.")},
		},
	} {
		r := mustLoad(t)
		var got []string
		for _, e := range tc.events {
			for _, s := range r.Apply(e) {
				if s.EventID != e.ID || s.Sentence != e.Sentence {
					t.Errorf("%s: entry %+v does not cite its event", tc.name, s)
				}
				got = append(got, s.Treaty+" "+s.Party+" "+s.Status+" "+s.Date)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestAppliedStatusChangesExposure(t *testing.T) {
	r := mustLoad(t)
	r.Apply(ev("w1", "2026-03-01", "ARM", "", "161", "Armenia said it had withdrawn from the Collective Security Treaty."))
	if got := find(r.Exposure("AZE", "RUS", "2026-03-02", ExposureOptions{}), "ARM", "RUS", "CSTO"); len(got) != 0 {
		t.Errorf("Armenia still bound after withdrawal: %+v", got)
	}
	if got := find(r.Exposure("AZE", "RUS", "2026-02-28", ExposureOptions{}), "ARM", "RUS", "CSTO"); len(got) != 1 {
		t.Errorf("Armenia not bound before withdrawal: %+v", got)
	}
	// The status persisted by the store comes back through Merge.
	r2 := mustLoad(t)
	if n := r2.Merge([]vigil.TreatyStatus{{Treaty: "csto-1992", Party: "ARM", Status: Withdrawn, Date: "2026-03-01", EventID: "w1"}, {Treaty: "no-such", Status: Signed, Date: "2020-01-01"}}); n != 1 {
		t.Errorf("Merge added %d, want 1", n)
	}
	if got := find(r2.Exposure("AZE", "RUS", "2026-03-02", ExposureOptions{}), "ARM", "RUS", "CSTO"); len(got) != 0 {
		t.Errorf("after Merge Armenia still bound: %+v", got)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"unknown key", "treaties:\n  - id: x-1\n    name: X\n    partys: []\n", []string{"t.yaml:4: unknown key \"partys\"", "t.yaml:2: treaty \"x-1\" has no parties"}},
		{"bad date", "treaties:\n  - id: x-1\n    name: X\n    parties: [{state: AAA}, {state: BBB}]\n    status:\n      - {date: 2024-13-01, status: signed}\n", []string{"t.yaml:6: \"date\" must be a date"}},
		{"bad obligation", "treaties:\n  - id: x-1\n    name: X\n    parties: [{state: AAA}, {state: BBB}]\n    articles:\n      - no: \"1\"\n        obligation: attack\n", []string{"t.yaml:7: unknown obligation \"attack\""}},
		{"bad state", "treaties:\n  - id: x-1\n    name: X\n    parties: [{state: Korea}, {state: BBB}]\n", []string{"t.yaml:4: state \"Korea\" is not an ISO"}},
		{"party of status not a party", "treaties:\n  - id: x-1\n    name: X\n    parties: [{state: AAA}, {state: BBB}]\n    status:\n      - {date: 2024-01-01, status: ratified, party: CCC}\n", []string{"t.yaml:6: party \"CCC\" is not a party"}},
		{"unknown code", "status_events:\n  - status: signed\n    codes: [\"1999\"]\n    words: [sign]\n", []string{"t.yaml:3: unknown CAMEO code \"1999\""}},
		{"yaml syntax", "treaties: [\n", []string{"t.yaml:"}},
	} {
		_, err := LoadFS(fstest.MapFS{"t.yaml": {Data: []byte(tc.src)}}, ".")
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tc.name, err, w)
			}
		}
	}
}

func TestMembersOn(t *testing.T) {
	r := mustLoad(t)
	byID := func(id string) *Treaty {
		tr, ok := r.Treaty(id)
		if !ok {
			t.Fatalf("no treaty %q", id)
		}
		return &tr
	}
	for _, tc := range []struct {
		treaty, date string
		in, out      []string
	}{
		{"csto-1992", "1995-01-01", []string{"RUS", "GEO", "AZE", "UZB"}, nil},
		{"csto-1992", "2024-10-15", []string{"RUS", "BLR", "ARM"}, []string{"GEO", "AZE", "UZB"}},
		{"nato-1949", "2023-06-01", []string{"USA", "FIN"}, []string{"SWE"}},
		{"nato-1949", "2024-03-07", []string{"USA", "FIN", "SWE"}, nil},
	} {
		got := byID(tc.treaty).MembersOn(tc.date)
		for _, s := range tc.in {
			if !slices.Contains(got, s) {
				t.Errorf("%s on %s: %v lacks %s", tc.treaty, tc.date, got, s)
			}
		}
		for _, s := range tc.out {
			if slices.Contains(got, s) {
				t.Errorf("%s on %s: %v holds former or future member %s", tc.treaty, tc.date, got, s)
			}
		}
	}
}
