package text

import (
	"os"
	"strings"
	"testing"
)

type wantDebris struct{ kind, text string }

// debrisCases use fixtures written for these tests (testdata/web), laid out
// the way text extracted from news pages comes: teasers, repeated titles,
// captions, bylines, credits, counters.
var debrisCases = []struct {
	file   string
	opts   Options
	title  string
	debris []wantDebris
	body   []string // every body sentence, in order
}{
	{
		file:  "rail-links.txt",
		opts:  Options{Web: true, Site: "Northern Watch"},
		title: "Border Tensions Rise as Pyongyang Cuts Rail Links",
		debris: []wantDebris{
			{"symbol", "#"},
			{"title", "Border Tensions Rise as Pyongyang Cuts Rail Links"},
			{"counter", "2417"},
			{"repeated-title", "Border Tensions Rise as Pyongyang Cuts Rail Links"},
			{"read-more", "Read more: Seoul Boosts Air Defences Along the DMZ After Drone Sightings"},
			{"caption", "Border Tensions Rise as Pyongyang Cuts Rail Links, Northern Watch"},
			{"credit", "Photo: Yonhap"},
			{"read-more", "Also read: What the New Maritime Border Claim Means"},
		},
		body: []string{
			"Why the latest moves matter for the region",
			"North Korea dismantled the last rail line to the South on Wednesday, according to officials in Seoul.",
			"The move followed weeks of warnings.",
			"By Monday, troops on both sides had moved closer to the line.",
			"Related talks between the two militaries have not been held since 2018.",
			"Pyongyang also claimed that South Korean boats had crossed into its waters.",
		},
	},
	{
		// The same page without the site name: the caption is still
		// recognised by its shape, "Title, Short Name".
		file:  "rail-links.txt",
		opts:  Options{Web: true},
		title: "Border Tensions Rise as Pyongyang Cuts Rail Links",
		debris: []wantDebris{
			{"symbol", "#"},
			{"title", "Border Tensions Rise as Pyongyang Cuts Rail Links"},
			{"counter", "2417"},
			{"repeated-title", "Border Tensions Rise as Pyongyang Cuts Rail Links"},
			{"read-more", "Read more: Seoul Boosts Air Defences Along the DMZ After Drone Sightings"},
			{"caption", "Border Tensions Rise as Pyongyang Cuts Rail Links, Northern Watch"},
			{"credit", "Photo: Yonhap"},
			{"read-more", "Also read: What the New Maritime Border Claim Means"},
		},
		body: []string{
			"Why the latest moves matter for the region",
			"North Korea dismantled the last rail line to the South on Wednesday, according to officials in Seoul.",
			"The move followed weeks of warnings.",
			"By Monday, troops on both sides had moved closer to the line.",
			"Related talks between the two militaries have not been held since 2018.",
			"Pyongyang also claimed that South Korean boats had crossed into its waters.",
		},
	},
	{
		file:  "geneva-wire.txt",
		opts:  Options{Web: true},
		title: "Ceasefire Talks Collapse in Geneva",
		debris: []wantDebris{
			{"title", "Ceasefire Talks Collapse in Geneva"},
			{"byline", "By Jane Doe and John Roe, Reuters"},
			{"date", "October 15, 2024"},
			{"advert", "Advertisement"},
			{"dateline", "GENEVA (Reuters) -"},
			{"credit", "(Photo by Ann Smith/AFP via Getty Images)"},
			{"read-more", "READ MORE"},
			{"read-more", "Fighting flares again in the north"},
			{"read-more", "Aid convoy attacked near the border"},
			{"share", "Share this article"},
			{"byline", "(Reporting by Jane Doe; Editing by Sam Lee)"},
		},
		body: []string{
			"Talks between the two delegations collapsed on Tuesday after the government side walked out, mediators said.",
			"The opposition accused the government of bad faith.",
			`"We came here in good faith," the opposition's chief negotiator said.`,
		},
	},
	{
		file:  "black-sea.txt",
		opts:  Options{Web: true, Title: "Navy Intercepts Drone Boats in Black Sea | Coastal Times", Site: "Coastal Times"},
		title: "Navy Intercepts Drone Boats in Black Sea",
		debris: []wantDebris{
			{"site", "Coastal Times"},
			{"title", "Navy Intercepts Drone Boats in Black Sea"},
			{"date", "Updated: 14:05 GMT, 3 March 2025"},
			{"time", "5 min read"},
			{"caption", "Navy Intercepts Drone Boats in Black Sea - Coastal Times"},
			{"credit", "Image credit: Coastal Times"},
			{"related", "Related: Port Reopens After Strike"},
			{"share", "Subscribe to our newsletter for daily updates"},
			{"tags", "Tags: navy, drones, Black Sea"},
			{"copyright", "© 2025 Coastal Times. All rights reserved."},
		},
		body: []string{
			"The navy said it intercepted three unmanned boats near the port overnight.",
			"Related talks on shipping safety are set for next week.",
			"Photo opportunities were staged at the pier, a reporter said.",
		},
	},
	{
		// Real sentences that start like debris stay in the body.
		file:  "lookalikes.txt",
		opts:  Options{Web: true},
		title: "Army Pulls Back From Contested Ridge",
		debris: []wantDebris{
			{"title", "Army Pulls Back From Contested Ridge"},
		},
		body: []string{
			"By Sunday, the army had withdrawn from the ridge.",
			"By late afternoon, shelling had stopped.",
			"Photo evidence of the damage was shown to reporters.",
			"Read the statement carefully, the minister urged journalists.",
			"Watch for signs of escalation, analysts said.",
			"Share prices in Seoul fell 3 percent on the news.",
			"More than 200 people were evacuated from nearby villages.",
			"Source code of the malware used in the attack was leaked online.",
			"Advertising of military recruitment has increased, the report said.",
			"2024 was the deadliest year on the ridge since the truce.",
			"Related talks are scheduled for Friday.",
		},
	},
}

func TestDebris(t *testing.T) {
	for _, c := range debrisCases {
		t.Run(c.file, func(t *testing.T) {
			src := readFixture(t, "testdata/web/"+c.file)
			d := Analyze(src, c.opts)
			if d.Title != c.title {
				t.Errorf("Title = %q, want %q", d.Title, c.title)
			}
			var got []wantDebris
			for _, x := range d.Debris {
				got = append(got, wantDebris{x.Kind, x.Text})
				if src[x.Start:x.End] != x.Text {
					t.Errorf("debris %q: offsets [%d,%d) give %q", x.Text, x.Start, x.End, src[x.Start:x.End])
				}
			}
			if len(got) != len(c.debris) {
				t.Errorf("debris:\n got %q\nwant %q", got, c.debris)
			} else {
				for i := range got {
					if got[i] != c.debris[i] {
						t.Errorf("debris %d = %q, want %q", i, got[i], c.debris[i])
					}
				}
			}
			var body []string
			for _, s := range d.Sentences {
				body = append(body, s.Text)
				for _, x := range d.Debris {
					if s.Start < x.End && x.Start < s.End {
						t.Errorf("sentence %q overlaps debris %q", s.Text, x.Text)
					}
				}
			}
			if strings.Join(body, "\n") != strings.Join(c.body, "\n") {
				t.Errorf("body:\n got %q\nwant %q", body, c.body)
			}
		})
	}
}

// TestDebrisOnlyForWeb: without Options.Web nothing is set aside but the
// dateline, which opens wire stories in any text.
func TestDebrisOnlyForWeb(t *testing.T) {
	src := readFixture(t, "testdata/web/geneva-wire.txt")
	d := Analyze(src, Options{Title: "Given title"})
	if len(d.Debris) != 1 || d.Debris[0].Kind != "dateline" || d.Debris[0].Text != "GENEVA (Reuters) -" {
		t.Errorf("debris without Web: %+v, want the dateline only", d.Debris)
	}
	if d.Title != "Given title" {
		t.Errorf("Title = %q, want Options.Title", d.Title)
	}
	if !strings.Contains(d.Sentences[1].Text, "By Jane Doe") {
		t.Errorf("second sentence %q, want the byline kept as text", d.Sentences[1].Text)
	}
}

// debrisLineCases are single lines and the kind of debris each is ("" for
// a real sentence that must stay).
var debrisLineCases = []struct {
	line, kind string
}{
	{"Read more: Navy chief resigns", "read-more"},
	{"READ MORE: Navy chief resigns", "read-more"},
	{"Also read: Navy chief resigns", "read-more"},
	{"Read also - Navy chief resigns", "read-more"},
	{"Related: Navy chief resigns", "related"},
	{"See also: Navy chief resigns", "related"},
	{"RELATED ARTICLES", "related"},
	{"You may also like", "related"},
	{"Advertisement", "advert"},
	{"ADVERTISEMENT", "advert"},
	{"Story continues below advertisement", "advert"},
	{"By Jane Doe", "byline"},
	{"BY JANE DOE", "byline"},
	{"By Jane Doe and John Roe, Reuters", "byline"},
	{"By Kim Soo-jin in Seoul", "byline"},
	{"By AFP", "byline"},
	{"Reporting by Jane Doe; Editing by Sam Lee", "byline"},
	{"Photo: Reuters", "credit"},
	{"Photo credit: Ministry of Defence", "credit"},
	{"Image credit: Getty Images", "credit"},
	{"(Photo by Ann Smith/AFP via Getty Images)", "credit"},
	{"Ann Smith/AFP via Getty Images", "credit"},
	{"Illustrative photo", "credit"},
	{"Getty Images", "credit"},
	{"Yonhap/Reuters", "credit"},
	{"Share", "share"},
	{"Share this article", "share"},
	{"Follow us on Telegram", "share"},
	{"Subscribe to our newsletter", "share"},
	{"Sign up for breaking news alerts", "share"},
	{"Click here to read the full report", "share"},
	{"© 2025 Northern Watch", "copyright"},
	{"Copyright 2025 Northern Watch. All rights reserved.", "copyright"},
	{"Tags: Korea, drones", "tags"},
	{"Published 15 October 2024", "date"},
	{"October 15, 2024", "date"},
	{"Tue, Oct 15, 2024, 09:30 GMT", "date"},
	{"2024-10-15 09:30", "date"},
	{"15.10.2024", "date"},
	{"3 min read", "time"},
	{"2 hours ago", "time"},
	{"1085", "counter"},
	{"12,400 views", "counter"},
	{"#", "symbol"},
	{"* * *", "symbol"},
	{"Credit Jane Roe for The Daily Planet", "credit"},
	{"Navy chief Jane Roe at the pier (AFP)", "credit"},
	{"Share it with a friend!", "share"},
	{"Also on example.com", "read-more"},
	{"More:", "read-more"},
	{"SOURCE:", "credit"},
	{"Associated Press", "credit"},
	{"Via SyndiGate.info", "credit"},
	{"Image copyright", "credit"},
	{"Media captionNavy chief resigns", "credit"},
	{"Media playback is unsupported on your device", "advert"},
	{"View author archive", "share"},
	{"November 20, 2019 - 11:28 AMT", "date"},
	{"CreditCreditJane Roe/Daily Planet", "credit"},
	{"Jane Roe/AFP via Getty Images", "credit"},
	{"Jane Roe / AFP - Getty Images", "credit"},
	{"(Jane Roe/AFP/Getty Images)", "credit"},
	{"Image", "credit"},
	{"View photo", "credit"},
	{"Continue reading the main story", "advert"},
	{"Powered by ExampleWidgets", "advert"},
	{"Order Reprints | Today's Paper | Subscribe", "menu"},
	{"@janeroe • Facebook", "share"},
	{"[Navy chief resigns over drone failures]", "related"},
	{"Jane Roe contributed to this report.", "byline"},
	{"Jane Roe and John Doe contributed reporting from Seoul.", "byline"},
	{"22 Dec, 2016", "date"},
	{"Monday, 14 October 2024", "date"},
	// Sentences that must stay.
	{"Related talks stalled in 2019.", ""},
	{"Share the burden, the minister told allies.", ""},
	{"Troops left the base (AFP reported) before dawn.", ""},
	{"By Monday, troops had withdrawn.", ""},
	{"By Kim Jong Un's order, the border was sealed.", ""},
	{"Photo opportunities were staged.", ""},
	{"Share prices fell.", ""},
	{"Advertisement of the draft caused an outcry.", ""},
	{"Published reports said 30 soldiers died.", ""},
	{"More than 200 people died.", ""},
	{"Read more than the headline before judging.", ""},
	{"By the time the troops arrived, the town was empty.", ""},
	{"By Land And Sea", ""},
	{"Credit markets froze after the strike.", ""},
	{"Image of the leader was burned by protesters.", ""},
	{"March on Washington planned for May", ""},
	{"On Monday, troops withdrew.", ""},
	{"Reuters contributed to the confusion by misquoting him.", ""},
	{"The ministry said troops, backed by tanks, had crossed the border at dawn / AFP", "credit"},
}

func TestDebrisLines(t *testing.T) {
	for _, c := range debrisLineCases {
		kind, _ := matchDebris(foldLine(c.line))
		if kind != c.kind {
			t.Errorf("%q: kind %q, want %q", c.line, kind, c.kind)
		}
	}
}

func TestDebrisRulesParse(t *testing.T) {
	for _, bad := range []string{
		"no tab here",
		"kind\t(unclosed",
		"\t^x$",
	} {
		if _, _, err := parseDebrisRules(bad); err == nil {
			t.Errorf("parseDebrisRules(%q) accepted a bad rule", bad)
		}
	}
}

func readFixture(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDebrisSentences: a credit glued to the end of a caption line is set
// aside on its own; the sentence before it stays.
func TestDebrisSentences(t *testing.T) {
	src := "Navy Drills Resume\n\nSailors load shells aboard a destroyer near the port. Photo: Northern Watch\n\nThe drills will last a week. (Reuters)\n\nThe navy gave no reason. Order Reprints | Today's Paper | Subscribe\n"
	d := Analyze(src, Options{Web: true})
	checkDocument(t, src, d)
	var body, debris []string
	for _, s := range d.Sentences {
		body = append(body, s.Text)
	}
	for _, x := range d.Debris {
		debris = append(debris, x.Kind+": "+x.Text)
	}
	wantBody := []string{"Sailors load shells aboard a destroyer near the port.", "The drills will last a week.", "The navy gave no reason."}
	wantDebris := []string{"title: Navy Drills Resume", "credit: Photo: Northern Watch", "credit: (Reuters)", "menu: Order Reprints | Today's Paper | Subscribe"}
	if strings.Join(body, "\n") != strings.Join(wantBody, "\n") {
		t.Errorf("body %q, want %q", body, wantBody)
	}
	if strings.Join(debris, "\n") != strings.Join(wantDebris, "\n") {
		t.Errorf("debris %q, want %q", debris, wantDebris)
	}
}

// TestDebrisGatesSound: the first-byte and literal gates never turn away a
// line that a rule's expression matches (they only save time).
func TestDebrisGatesSound(t *testing.T) {
	var lines []string
	for _, c := range debrisLineCases {
		lines = append(lines, c.line)
	}
	for _, c := range debrisCases {
		for _, l := range strings.Split(readFixture(t, "testdata/web/"+c.file), "\n") {
			lines = append(lines, l)
		}
	}
	for _, l := range lines {
		folded := foldLine(l)
		low := strings.ToLower(folded)
		for _, r := range append(append([]debrisRule{}, keepRules...), debrisRules...) {
			if r.re.MatchString(folded) && !(r.canStart(folded) && r.prefilter(low)) {
				t.Errorf("rule %s %q matches %q but its gates reject it", r.kind, r.re, folded)
			}
		}
	}
}

// TestDebrisRepeatedAndByline: a headline-like line printed three times
// (a gallery's caption) and a line repeating the page's known byline are
// debris; a line printed twice is not.
func TestDebrisRepeatedAndByline(t *testing.T) {
	src := `Fleet Leaves Port for Exercises
Jane Q. Roe
Warships left the port on Monday for a week of drills.
Ships in the harbour
Ships in the harbour
Ships in the harbour
Escort vessels
Escort vessels
The drills end on Sunday.
`
	d := Analyze(src, Options{Web: true, Byline: "By Jane Q. Roe"})
	checkDocument(t, src, d)
	var debris []string
	for _, x := range d.Debris {
		debris = append(debris, x.Kind+": "+x.Text)
	}
	want := []string{
		"title: Fleet Leaves Port for Exercises",
		"byline: Jane Q. Roe",
		"repeated: Ships in the harbour",
		"repeated: Ships in the harbour",
		"repeated: Ships in the harbour",
	}
	if strings.Join(debris, "\n") != strings.Join(want, "\n") {
		t.Errorf("debris\n%s\nwant\n%s", strings.Join(debris, "\n"), strings.Join(want, "\n"))
	}
	if n := len(d.Sentences); n != 4 {
		t.Errorf("%d body sentences, want 4 (two 'Escort vessels' stay)", n)
	}
}
