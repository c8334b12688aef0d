package coder

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	vigil "github.com/vigil-ews/vigil"
)

// The sentences below are written by us about real events other than those
// of the gold files, one or more per grammar rule and modality case, so a
// change that breaks a rule fails here before it shows in vigil eval.

var (
	testCoderOnce sync.Once
	testCoder     *Coder
	testCoderErr  error
)

func newTestCoder(t testing.TB) *Coder {
	t.Helper()
	testCoderOnce.Do(func() {
		testCoder, testCoderErr = New(Options{Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }})
	})
	if testCoderErr != nil {
		t.Fatal(testCoderErr)
	}
	return testCoder
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// short renders an event the way the cases below write them:
// "SRC>TGT RR" with countries and root, plus " neg"/" hyp" when flagged.
func short(e *vigil.Event) string {
	tgt := e.TargetCountry()
	if tgt == "" {
		tgt = "-"
	}
	s := fmt.Sprintf("%s>%s %s", e.SourceCountry(), tgt, e.Root)
	if e.Negated {
		s += " neg"
	}
	if e.Hypothetical {
		s += " hyp"
	}
	return s
}

func codeText(t *testing.T, date, text string) []vigil.Event {
	t.Helper()
	c := newTestCoder(t)
	a := &vigil.Article{ID: "test", Text: text}
	if date != "" {
		a.Published = day(date)
	}
	return c.Code(a)
}

type codeCase struct {
	date string
	text string
	// want lists events that must be coded ("RUS>UKR 19", "TUR>SYR 19 neg").
	want []string
	// only: no unflagged event besides those in want.
	only bool
	// not lists events that must not be coded.
	not []string
}

func runCases(t *testing.T, cases []codeCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.text, func(t *testing.T) {
			evs := codeText(t, tc.date, tc.text)
			var got []string
			for i := range evs {
				got = append(got, short(&evs[i]))
			}
			sort.Strings(got)
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("missing %q; got %v", w, got)
				}
			}
			for _, n := range tc.not {
				if slices.Contains(got, n) {
					t.Errorf("coded %q, which it must not; got %v", n, got)
				}
			}
			if tc.only {
				for i := range evs {
					if g := short(&evs[i]); !evs[i].Flagged() && !slices.Contains(tc.want, g) {
						t.Errorf("unexpected %q (%s); want only %v", g, evs[i].Pattern, tc.want)
					}
				}
			}
		})
	}
}

func TestPassiveVoice(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-02", text: "A Ukrainian power plant was struck by Russian missiles on Sunday.", want: []string{"RUS>UKR 19"}, only: true},
		{date: "2024-06-02", text: "Two Indian soldiers were killed by Pakistani troops in Kashmir.", want: []string{"PAK>IND 19"}, only: true},
		// no agent: no source, no event
		{date: "2024-06-02", text: "Roads near the border were blown up overnight.", want: nil, only: true},
		// posture codes are about one's own forces
		{date: "2024-06-02", text: "Serbian army units were placed on full combat readiness.", want: []string{"SRB>- 15"}, only: true},
	})
}

func TestCompoundActors(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2023-07-27", text: "France and Germany condemned the coup in Niger.", want: []string{"FRA>NER 11", "DEU>NER 11"}, only: true},
		{date: "2024-01-12", text: "American and British warships struck rebel positions in Yemen.", want: []string{"USA>YEM 19", "GBR>YEM 19"}},
		{date: "2024-01-12", text: "Poland, Lithuania and Latvia closed their borders with Belarus.", want: []string{"POL>BLR 19", "LTU>BLR 19", "LVA>BLR 19"}},
	})
}

func TestJointActions(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2025-08-08", text: "Armenia and Azerbaijan signed a peace agreement in Washington.", want: []string{"ARM>AZE 05", "AZE>ARM 05"}, only: true},
		{date: "2020-06-16", text: "Chinese and Indian troops clashed along the disputed border in Ladakh.", want: []string{"CHN>IND 19", "IND>CHN 19"}, only: true},
		{date: "2024-05-31", text: "Russia and Ukraine exchanged prisoners of war on Friday.", want: []string{"RUS>UKR 08", "UKR>RUS 08"}, only: true},
		{date: "2024-04-10", text: "Putin met Erdogan in Sochi.", want: []string{"RUS>TUR 04", "TUR>RUS 04"}, only: true},
		// "with X" makes the other party
		{date: "2024-04-10", text: "Vietnam signed a defence cooperation pact with Japan.", want: []string{"VNM>JPN 05", "JPN>VNM 05"}},
		// signed into law: one party acts
		{date: "2024-11-09", text: "President Erdogan signed into law the accord with Libya.", want: []string{"TUR>LBY 05"}, not: []string{"LBY>TUR 05"}},
	})
}

func TestRelativeAndParticipleClauses(t *testing.T) {
	runCases(t, []codeCase{
		// participle: the subject of the main clause; the target of what it crossed into
		{date: "2023-10-07", text: "Militants crossed from Lebanon into northern Israel, killing two soldiers.", want: nil},
		{date: "2024-05-10", text: "Moscow expelled a Moldovan diplomat, accusing him of espionage.", want: []string{"RUS>MDA 17", "RUS>MDA 11"}},
		{date: "2022-02-24", text: "Russian forces launched an offensive against Ukraine, shelling towns across the country.", want: []string{"RUS>UKR 19"}, only: true},
		// relative clause: a fact about its antecedent
		{date: "2024-04-06", text: "Seoul plans to invite Japan, which occupied Korea until 1945, to the talks.", want: []string{"JPN>KOR 19"}},
		// "around which": the preposition points at the antecedent
		{date: "2024-10-15", text: "Beijing has plans for Taiwan, around which military exercises are taking place again.", want: []string{"CHN>TWN 15"}},
	})
}

func TestReportedSpeech(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-02-07", text: "Syrian state media said Israeli jets struck targets near Damascus.", want: []string{"ISR>SYR 19"}, only: true},
		{date: "2024-04-10", text: "Officials in Seoul said the North had fired artillery shells near the maritime border.", want: []string{"PRK>- 19"}, only: true},
		{date: "2024-04-10", text: "South Korea's spy agency said North Korea had sent troops to Russia.", want: []string{"PRK>RUS 07"}, only: true},
		// attribution at the end
		{date: "2024-04-10", text: "Iran fired missiles at Israel, the Israeli military said.", want: []string{"IRN>ISR 19"}, only: true},
		// "according to" is an attribution, not an actor of the event
		{date: "2024-04-10", text: "Israel struck a target in Iran on Friday, according to US officials.", want: []string{"ISR>IRN 19"}, only: true},
		// a reported intent
		{date: "2024-04-10", text: "Japan said it would send more coast guard ships to the Philippines.", want: []string{"JPN>PHL 03"}},
	})
}

func TestAccusations(t *testing.T) {
	runCases(t, []codeCase{
		// the accusation is coded, the alleged act only flagged
		{date: "2023-05-02", text: "Iran accused the United States of plotting a coup.", want: []string{"IRN>USA 11"}, only: true},
		{date: "2024-04-10", text: "Sudan's army accused the Rapid Support Forces of shelling civilians in El Fasher.", want: []string{"SDN>SDN 11"}, only: true},
		{date: "2024-04-10", text: "Moscow blamed Kyiv for the bombing of the bridge.", want: []string{"RUS>UKR 11"}, only: true},
		// "allegedly" in reported speech: the reporter accuses
		{date: "2024-10-11", text: "Pyongyang said South Korean drones had allegedly flown over the capital.", want: []string{"PRK>KOR 11"}, not: []string{"KOR>PRK 15", "KOR>PRK 19"}},
	})
}

func TestPronounsAndRoles(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2025-05-08", text: "Pakistan said it had shot down two Indian drones.", want: []string{"PAK>IND 19"}, only: true},
		// "its" is the subject's
		{date: "2024-04-10", text: "North Korea test-fired two cruise missiles off its west coast.", want: []string{"PRK>- 15"}, only: true},
		// "the country" is the last state named
		{date: "2022-02-24", text: "Russia invaded Ukraine and bombed cities across the country.", want: []string{"RUS>UKR 19"}, only: true},
		// a role word takes its country from the sentence
		{date: "2024-10-13", text: "The Iranian navy ordered its units in the Gulf to be on full alert.", want: []string{"IRN>- 15"}, only: true},
		// ... or from the article's focus
		{date: "2024-10-13", text: "Azerbaijan closed its border crossings. Troops were put on high alert.", want: []string{"AZE>- 15"}},
		// a role word that only modifies a noun is no actor
		{date: "2024-10-13", text: "Egypt and Sudan signed a military agreement.", want: []string{"EGY>SDN 05", "SDN>EGY 05"}, only: true},
	})
}

func TestNegation(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-03-01", text: "Turkey did not attack Kurdish positions in Syria.", want: []string{"TUR>SYR 19 neg"}, only: true},
		{date: "2024-03-01", text: "China has never used force against Taiwan.", want: []string{"CHN>TWN 19 neg"}, only: true},
		{date: "2024-03-01", text: "Beijing has so far refrained from sending troops to help Moscow.", only: true},
		{date: "2024-03-01", text: "Russia denied attacking a hospital in Kharkiv.", want: []string{"RUS>UKR 01"}, not: []string{"RUS>UKR 19"}},
		{date: "2024-03-01", text: "The ministry said there was no evidence that Iran had supplied drones to Russia.", only: true},
		// refusing is itself an act (12x); the refused act is not
		{date: "2012-02-03", text: "Washington insisted that its ship neither entered North Korean waters nor fired on North Korean boats.", only: true},
		{date: "2024-03-01", text: "Greece declined to send tanks to Ukraine.", want: []string{"GRC>UKR 12"}, only: true, not: []string{"GRC>UKR 07"}},
	})
}

func TestHypothetical(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-04-10", text: "Israel could strike Iran's nuclear sites if talks fail.", want: []string{"ISR>IRN 19 hyp"}, only: true},
		{date: "2024-04-10", text: "NATO would defend Lithuania if it were attacked.", only: true},
		{date: "2024-04-10", text: "The ministry is expected to announce new sanctions on Iran next week.", only: true},
		{date: "2024-04-10", text: "Analysts debated how soon the alliance could be invoked.", only: true},
		{date: "2024-04-10", text: "It remains unclear what kind of weapons Beijing would supply to Moscow.", only: true},
		// an inverted condition
		{date: "2024-04-10", text: "Should the US attack Iran, Tehran would close the Strait of Hormuz.", want: []string{"USA>IRN 19 hyp"}, only: true},
		// a joint act of a long list is not coded pairwise
		{date: "2024-04-10", text: "Forces from Australia, Britain, Canada, Denmark, France and Norway held joint military drills.", only: true,
			not: []string{"AUS>GBR 06", "GBR>AUS 06"}},
	})
}

func TestIntentsAndThreats(t *testing.T) {
	runCases(t, []codeCase{
		// future: an intent, cooperative → 03x
		{date: "2024-04-10", text: "Japan will provide Ukraine with air defence systems.", want: []string{"JPN>UKR 03"}, only: true},
		{date: "2024-04-10", text: "Germany pledged 500 million euros in military aid to Ukraine.", want: []string{"DEU>UKR 03"}, only: true},
		{date: "2024-03-08", text: "The Swiss government offered to host peace talks between Armenia and Azerbaijan.", want: []string{"CHE>ARM 03", "CHE>AZE 03"}},
		// hostile intent → 13x
		{date: "2024-04-10", text: "North Korea threatened to attack US bases in Guam.", want: []string{"PRK>USA 13"}, only: true},
		{date: "2024-04-10", text: "The EU plans to impose new sanctions on Belarus.", want: []string{"IGO>BLR 13"}, only: true},
		{date: "2024-04-10", text: "Kim Yo Jong warned Seoul of a terrible response.", want: []string{"PRK>KOR 13"}, only: true},
		{date: "2024-04-10", text: "Moscow warned Helsinki that joining NATO would have consequences.", want: []string{"RUS>FIN 13"}, only: true},
		// a threat the reporter voices inside reported speech
		{date: "2024-04-10", text: "Pyongyang said another such provocation would lead to catastrophic consequences for Seoul.", want: []string{"PRK>KOR 13"}},
	})
}

func TestDemandsAndAppeals(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-04-10", text: "Iranian President Ebrahim Raisi called on Muslim countries to cut ties with Israel.", want: []string{"IRN>ISR 02"}, only: true},
		{date: "2024-04-10", text: "The United States urged Israel to allow more aid into Gaza.", want: []string{"USA>ISR 02"}, only: true},
		{date: "2024-04-10", text: "Seoul demanded that Moscow withdraw North Korean troops.", want: []string{"KOR>RUS 10"}},
	})
}

func TestDiplomacy(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-07-08", text: "Indian Prime Minister Narendra Modi visited Moscow on Monday.", want: []string{"IND>RUS 04", "RUS>IND 04"}, only: true},
		{date: "2024-04-10", text: "Xi spoke by phone with Biden on Tuesday.", want: []string{"CHN>USA 04", "USA>CHN 04"}, only: true},
		{date: "2024-04-10", text: "Qatar mediated talks between Israel and Hamas.", want: []string{"QAT>ISR 04", "QAT>PSE 04"}, only: true},
		{date: "2023-11-06", text: "South Africa recalled its ambassador from Israel.", want: []string{"ZAF>ISR 16"}, only: true},
		{date: "2024-04-10", text: "Poland expelled two Russian diplomats.", want: []string{"POL>RUS 17"}, only: true},
		{date: "2023-08-24", text: "Beijing lodged a protest with Tokyo over the release of water from Fukushima.", want: []string{"CHN>JPN 11"}, only: true},
		{date: "2018-07-09", text: "Ethiopia and Eritrea restored diplomatic ties in 2018.", want: []string{"ETH>ERI 05", "ERI>ETH 05"}, only: true},
		{date: "2023-06-06", text: "Ukraine and Russia traded blame for the destruction of the dam.", want: []string{"UKR>RUS 11", "RUS>UKR 11"}, only: true},
		{date: "2024-01-28", text: "Mali, Burkina Faso and Niger announced their withdrawal from ECOWAS.", want: []string{"MLI>IGO 16", "BFA>IGO 16", "NER>IGO 16"}, only: true},
		// leaders clash in words, troops with arms
		{date: "2025-02-28", text: "Zelensky and Trump clashed in the Oval Office.", want: []string{"UKR>USA 11", "USA>UKR 11"}, only: true},
	})
}

func TestForceAndCoercion(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-01-09", text: "Houthi rebels fired a missile at a commercial ship in the Red Sea.", want: []string{"YEM>- 19"}, only: true},
		{date: "2024-04-10", text: "North Korea launched a ballistic missile toward the East Sea.", want: []string{"PRK>- 15"}, only: true},
		{date: "2024-04-10", text: "Hezbollah fired dozens of rockets into northern Israel.", want: []string{"LBN>ISR 19"}, only: true},
		{date: "2022-01-10", text: "Russia massed troops along the border with Ukraine.", want: []string{"RUS>UKR 15"}, only: true},
		{date: "2024-04-10", text: "Serbia put its army on the highest level of combat readiness.", want: []string{"SRB>- 15"}, only: true},
		{date: "2024-04-10", text: "The United States imposed sanctions on Russian banks.", want: []string{"USA>RUS 16"}, only: true},
		{date: "2025-04-24", text: "Pakistan closed its airspace to Indian airlines.", want: []string{"PAK>IND 19"}, only: true},
		{date: "2024-04-13", text: "Iran seized an oil tanker in the Gulf of Oman.", want: []string{"IRN>- 17"}, only: true},
		{date: "2024-04-10", text: "Ukrainian drones attacked an oil refinery in Russia's Bryansk region.", want: []string{"UKR>RUS 19"}, only: true},
		{date: "2024-04-10", text: "Chinese coast guard ships fired water cannon at a Vietnamese fishing boat.", want: []string{"CHN>VNM 17"}, only: true},
		{date: "2024-03-12", text: "Russia and Iran held joint naval drills in the Gulf of Oman.", want: []string{"RUS>IRN 06", "IRN>RUS 06"}, only: true},
		{date: "2024-04-10", text: "Venezuelan President Nicolas Maduro ordered troops to the border with Guyana.", want: []string{"VEN>GUY 15"}, only: true},
		// missiles into the sea around someone: a show of force, not a strike
		{date: "2022-08-04", text: "China fired ballistic missiles into waters around Taiwan on Thursday.", want: []string{"CHN>TWN 15"}, only: true},
		// an event noun with a national modifier is the agent
		// the act is the strike: what it destroyed is its result (195, not 1712)
		{date: "2024-04-01", text: "An Israeli strike destroyed Iran's consulate in Damascus.", want: []string{"ISR>IRN 19"}, only: true},
		// the subject is the fighting; the sides are "between" them
		{date: "2023-04-16", text: "Fighting erupted in Khartoum between the Sudanese army and the Rapid Support Forces.", want: []string{"SDN>SDN 19"}, only: true},
		// capitals struck are places: the country is the target
		{date: "2022-10-10", text: "Russia launched a wave of missile strikes on Kyiv.", want: []string{"RUS>UKR 19"}, only: true},
		// explosives set off on a road sever the link (191), not a bombing (183)
		{date: "2024-10-16", text: "North Korean troops detonated explosives on the roads leading to the South.", want: []string{"PRK>KOR 19"}, only: true},
		{date: "2024-10-16", text: "Syrian soldiers set off explosives on a bridge linking the town to Lebanon.", want: []string{"SYR>LBN 19"}, only: true},
		{date: "2024-10-16", text: "Syrian rebels set off explosives at a checkpoint in Damascus.", want: []string{"SYR>SYR 18"}, only: true},
	})
}

// Metaphors of state media are not violence.
func TestNoFalseViolence(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2012-04-04", text: "The group kicked up a racket of confrontation against the DPRK.", only: true},
		{date: "2012-04-04", text: "The history of the idea has triumphed, its roots firmly struck among the masses.", only: true},
		{date: "2012-04-04", text: "The reactionaries are harassing peace on the peninsula.", only: true},
		{date: "2012-04-04", text: "The President visited a cooperative farm in the county.", only: true},
		{date: "2012-04-04", text: "The report has been introduced into various fields of the national economy.", only: true},
	})
}

func TestDates(t *testing.T) {
	for _, tc := range []struct {
		date, text, want string
	}{
		{"2024-10-16", "Seoul summoned the Russian ambassador on Monday.", "2024-10-14"},
		{"2024-10-16", "On Monday October 14, Seoul summoned the Russian ambassador.", "2024-10-14"},
		{"2024-10-16", "Seoul summoned the Russian ambassador last week.", "2024-10-07"},
		{"2024-10-16", "Seoul summoned the Russian ambassador.", "2024-10-16"},
		// the date of the action, not of the report
		{"2024-10-16", "The ministry said on Tuesday that Seoul had summoned the Russian ambassador on Monday.", "2024-10-14"},
		{"2025-02-24", "Russia invaded Ukraine three years ago.", "2022-02-24"},
		// a date after coordinated verbs is the first verb's too
		{"2019-08-09", "Pakistan expelled India's envoy and suspended trade on Wednesday.", "2019-08-07"},
		// an intent takes the date of its announcement
		{"2022-02-18", "France announced on Thursday that it would withdraw its troops from Mali.", "2022-02-17"},
		// a date before a that-less complement is the announcement's, and
		// the announcement is past: not next year's October 9
		{"2024-10-15", "North Korea said on October 9 it would cut off all roads to the South.", "2024-10-09"},
		{"2024-10-15", "North Korea said on Wednesday, October 9, that it would cut off all roads to the South.", "2024-10-09"},
		// a date after a reduced -ing relative on the object is the main verb's
		{"2024-10-16", "North Korea blew up sections of roads linking it to South Korea on Tuesday.", "2024-10-15"},
	} {
		evs := codeText(t, tc.date, tc.text)
		if len(evs) == 0 {
			t.Errorf("%q: no event", tc.text)
			continue
		}
		if evs[0].Date != tc.want {
			t.Errorf("%q: date %s, want %s", tc.text, evs[0].Date, tc.want)
		}
	}
}

// TestCodeSentences: the sentences returned are the body sentences the
// events point at, with page debris left out.
func TestCodeSentences(t *testing.T) {
	c := newTestCoder(t)
	text := "Seoul summoned the Russian ambassador on Monday.\n\nRead more: Moscow condemns Kyiv over drone strikes\n\nThe envoy was told to leave.\n"
	a := &vigil.Article{ID: "a1", Text: text, Published: day("2024-10-16"), Web: true}
	evs, sents := c.CodeSentences(a)
	if len(sents) != 2 {
		t.Fatalf("want 2 body sentences, got %d: %+v", len(sents), sents)
	}
	for _, se := range sents {
		if strings.Contains(se.Text, "Read more") {
			t.Errorf("debris returned as a sentence: %q", se.Text)
		}
	}
	if len(evs) == 0 || evs[0].Offsets[0] != sents[0].Start || evs[0].Offsets[1] != sents[0].End {
		t.Errorf("events %+v do not point at the first sentence %+v", evs, sents[0])
	}
	if fmt.Sprint(evs) != fmt.Sprint(c.Code(a)) {
		t.Error("CodeSentences and Code disagree")
	}
}

func TestUndatedArticleInfersYear(t *testing.T) {
	evs := codeText(t, "", "On Monday October 14, Seoul summoned the Russian ambassador. The envoy was told to leave.")
	if len(evs) == 0 {
		t.Fatal("no event")
	}
	if evs[0].Date != "2024-10-14" {
		t.Errorf("date %q, want 2024-10-14 (the latest year in which October 14 is a Monday)", evs[0].Date)
	}
	evs = codeText(t, "", "Seoul summoned the Russian ambassador.")
	if len(evs) == 0 || evs[0].Date != "" {
		t.Errorf("an undated article with no date in its text: %+v, want date \"\"", evs)
	}
}

func TestArticleLevel(t *testing.T) {
	c := newTestCoder(t)
	text := `Tensions rise as Seoul summons envoy

Seoul summoned the Russian ambassador on Monday.

Read more: Moscow condemns Kyiv over drone strikes on Belgorod

South Korea summoned the Russian ambassador to protest the deployment of North Korean troops.

Officials said the envoy was summoned for the second time this month.
`
	a := &vigil.Article{ID: "a1", Text: text, Published: day("2024-10-16"), Web: true, Title: "Tensions rise as Seoul summons envoy"}
	evs := c.Code(a)
	var summons []vigil.Event
	for _, e := range evs {
		if strings.Contains(e.Sentence, "Read more") || strings.Contains(e.Sentence, "Belgorod") {
			t.Errorf("coded page debris: %+v", e)
		}
		if e.Code == "114" && e.SourceCountry() == "KOR" && e.TargetCountry() == "RUS" && e.Source == "KORGOV" {
			summons = append(summons, e)
		}
	}
	if len(summons) != 1 {
		t.Fatalf("want the summons once (one event per source, target, code), got %d: %+v", len(summons), evs)
	}
	ev := summons[0]
	if len(ev.Evidence) != 1 {
		t.Errorf("want the second sentence as evidence, got %+v", ev.Evidence)
	}
	if got := text[ev.Offsets[0]:ev.Offsets[1]]; got != ev.Sentence || !strings.HasPrefix(got, "Seoul summoned") {
		t.Errorf("offsets %v point at %q, sentence %q", ev.Offsets, got, ev.Sentence)
	}
	for _, e := range ev.Evidence {
		if text[e.Offsets[0]:e.Offsets[1]] != e.Sentence {
			t.Errorf("evidence offsets %v point at %q, not %q", e.Offsets, text[e.Offsets[0]:e.Offsets[1]], e.Sentence)
		}
	}
	if ev.ID == "" || ev.ID != vigil.EventID("a1", ev.Offsets[0], ev.Source, ev.Target, ev.Code) {
		t.Errorf("event ID %q is not vigil.EventID of its provenance", ev.ID)
	}
	if ev.Date != "2024-10-14" || ev.Root != "11" || ev.Quad != 3 || ev.PLOVER == "" || ev.Goldstein >= 0 {
		t.Errorf("derived fields: %+v", ev)
	}
	if ev.Confidence <= 0 || ev.Confidence > 1 {
		t.Errorf("confidence %v outside (0, 1]", ev.Confidence)
	}
	if ev.Pattern == "" || ev.SourceName == "" || ev.TargetName == "" {
		t.Errorf("provenance and names: %+v", ev)
	}
	// deterministic: the same input, the same events
	again := c.Code(a)
	if fmt.Sprint(again) != fmt.Sprint(evs) {
		t.Error("coding the same article twice gave different events")
	}
}

func TestConfidenceReflectsMatch(t *testing.T) {
	direct := codeText(t, "2024-04-10", "Poland expelled two Russian diplomats.")
	viaPronoun := codeText(t, "2024-04-10", "Poland protested. It expelled two Russian diplomats.")
	if len(direct) == 0 || len(viaPronoun) == 0 {
		t.Fatalf("no events: %v %v", direct, viaPronoun)
	}
	var pron *vigil.Event
	for i := range viaPronoun {
		if viaPronoun[i].Code == direct[0].Code {
			pron = &viaPronoun[i]
		}
	}
	if pron == nil {
		t.Fatalf("pronoun sentence lost the expulsion: %v", viaPronoun)
	}
	if pron.Confidence >= direct[0].Confidence {
		t.Errorf("a source resolved from a pronoun (%v) should be less certain than a named one (%v)", pron.Confidence, direct[0].Confidence)
	}
}

func TestConcurrentUse(t *testing.T) {
	c := newTestCoder(t)
	texts := []string{
		"Russia and Ukraine exchanged prisoners of war on Friday.",
		"North Korea test-fired two cruise missiles off its west coast.",
		"France and Germany condemned the coup in Niger.",
	}
	want := make([]string, len(texts))
	for i, s := range texts {
		want[i] = fmt.Sprint(c.Code(&vigil.Article{Text: s, Published: day("2024-05-31")}))
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 20; k++ {
				i := k % len(texts)
				if got := fmt.Sprint(c.Code(&vigil.Article{Text: texts[i], Published: day("2024-05-31")})); got != want[i] {
					t.Errorf("concurrent result differs for %q", texts[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestLocation(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"Putin met Erdogan in Sochi on Monday.", "Sochi"},
		{"Russia and Iran held joint naval drills in the Gulf of Oman.", "Gulf of Oman"},
		{"Chinese coast guard ships fired water cannon at a Philippine boat near Second Thomas Shoal.", "Second Thomas Shoal"},
		{"Poland expelled two Russian diplomats in October.", ""},
	} {
		evs := codeText(t, "2024-10-16", tc.text)
		if len(evs) == 0 {
			t.Errorf("%q: no event", tc.text)
			continue
		}
		if evs[0].Location != tc.want {
			t.Errorf("%q: location %q, want %q", tc.text, evs[0].Location, tc.want)
		}
	}
}

// Article memory: what earlier sentences said resolves later ones.
func TestArticleMemory(t *testing.T) {
	runCases(t, []codeCase{
		// a threat that names no target is aimed at the source's last adversary
		{date: "2025-05-12", text: "India launched missile strikes on Pakistan on Wednesday. Islamabad vowed to retaliate.", want: []string{"IND>PAK 19", "PAK>IND 13"}, only: true},
		// "the two countries" are the last pair that acted on each other
		{date: "2025-05-12", text: "Thai troops shelled Cambodian positions. On Saturday, the two countries agreed to a ceasefire.", want: []string{"THA>KHM 19", "THA>KHM 08", "KHM>THA 08"}, only: true},
		// "the North" in a Korean story; "the country" the last state named
		{date: "2024-10-15", text: "South Korea's military said the North blew up roads near the border. It said the country had also moved troops.", want: []string{"PRK>- 15"}},
	})
}

// FuzzCode: any text codes without panicking, and every event points into it.
func FuzzCode(f *testing.F) {
	f.Add("North Korea blew up roads to the South on Tuesday, the military said.")
	f.Add("Should the US , and ( if ) that which of of to to \"\" Seoul the the country's it its they.")
	f.Add("Read more: x\n\nIt was signed on June 19 but was not ratified; the two countries , , agreed.")
	c := newTestCoder(f)
	f.Fuzz(func(t *testing.T, s string) {
		evs := c.Code(&vigil.Article{Text: s, Published: day("2024-10-15"), Web: strings.Contains(s, "\n")})
		for _, e := range evs {
			if e.Offsets[0] < 0 || e.Offsets[1] > len(s) || e.Offsets[0] > e.Offsets[1] {
				t.Fatalf("offsets %v outside the text (%d bytes)", e.Offsets, len(s))
			}
			if s[e.Offsets[0]:e.Offsets[1]] != e.Sentence {
				t.Fatalf("offsets %v do not hold the sentence %q", e.Offsets, e.Sentence)
			}
			if e.Root == "" || e.Source == "" || e.Confidence <= 0 || e.Confidence > 1 {
				t.Fatalf("incomplete event %+v", e)
			}
		}
	})
}
