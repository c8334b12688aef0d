package text

import (
	"strings"
	"testing"
)

// splitCases are sentences of news punctuation written for these tests.
// Each input's sentences are listed in order, exactly as they appear in the
// input (Sentence.Text); inputs with several paragraphs are joined by the
// paragraph breaks shown.
var splitCases = []struct {
	name string
	in   string
	want []string
}{
	// Abbreviations that never end a sentence.
	{"title Gen.", "Gen. Park Jin-ho inspected the unit on Monday. He praised the troops.",
		[]string{"Gen. Park Jin-ho inspected the unit on Monday.", "He praised the troops."}},
	{"Lt. Col.", "Lt. Col. Kim Min-su said the drills were routine. Nobody believed him.",
		[]string{"Lt. Col. Kim Min-su said the drills were routine.", "Nobody believed him."}},
	{"Sen. and Rep.", "Sen. Maria Lopez and Rep. John Hale visited Taipei. They met the president.",
		[]string{"Sen. Maria Lopez and Rep. John Hale visited Taipei.", "They met the president."}},
	{"Mr. Mrs. Dr.", "Mr. Tanaka, Mrs. Ito and Dr. Sato left the meeting early.",
		[]string{"Mr. Tanaka, Mrs. Ito and Dr. Sato left the meeting early."}},
	{"Adm. and Maj. Gen.", "Adm. Lee and Maj. Gen. Choi briefed lawmakers. The briefing lasted an hour.",
		[]string{"Adm. Lee and Maj. Gen. Choi briefed lawmakers.", "The briefing lasted an hour."}},
	{"Prof.", "Prof. Ahn, a security analyst, called the move a warning. Others disagreed.",
		[]string{"Prof. Ahn, a security analyst, called the move a warning.", "Others disagreed."}},
	{"Gov. and Sgt.", "Gov. Ellis thanked Sgt. Brooks for his service.",
		[]string{"Gov. Ellis thanked Sgt. Brooks for his service."}},
	{"No. 4", "The summit produced Resolution No. 4 on maritime safety. It passed unanimously.",
		[]string{"The summit produced Resolution No. 4 on maritime safety.", "It passed unanimously."}},
	{"No. sentence end", "Asked whether troops would withdraw, he said: No. The talks ended there.",
		[]string{"Asked whether troops would withdraw, he said: No.", "The talks ended there."}},
	{"Art. 51", "Moscow invoked Art. 51 of the UN Charter. Kyiv rejected the claim.",
		[]string{"Moscow invoked Art. 51 of the UN Charter.", "Kyiv rejected the claim."}},

	// Abbreviations that may end a sentence.
	{"U.S. mid-sentence", "The U.S. Navy sent a destroyer through the strait.",
		[]string{"The U.S. Navy sent a destroyer through the strait."}},
	{"U.S. at sentence end", "The carrier group returned to the U.S. The next day, drills resumed.",
		[]string{"The carrier group returned to the U.S.", "The next day, drills resumed."}},
	{"U.N. mid-sentence", "U.N. envoys arrived in Aden on Tuesday.",
		[]string{"U.N. envoys arrived in Aden on Tuesday."}},
	{"U.N. at sentence end", "The resolution was sent to the U.N. It has not been debated.",
		[]string{"The resolution was sent to the U.N.", "It has not been debated."}},
	{"U.K. before name", "The U.K. Foreign Office summoned the ambassador.",
		[]string{"The U.K. Foreign Office summoned the ambassador."}},
	{"U.S.-led", "The U.S.-led coalition struck 12 targets. Officials gave no details.",
		[]string{"The U.S.-led coalition struck 12 targets.", "Officials gave no details."}},
	{"Inc. at end", "The drones were built by Skyward Inc. Its chief executive declined to comment.",
		[]string{"The drones were built by Skyward Inc.", "Its chief executive declined to comment."}},
	{"Corp. mid", "Hanwha Corp. shares rose 4 percent.",
		[]string{"Hanwha Corp. shares rose 4 percent."}},
	{"Jr. mid", "Martin Luther King Jr. Day was marked quietly.",
		[]string{"Martin Luther King Jr. Day was marked quietly."}},
	{"initials J.R.R.", "J.R.R. Tolkien's books were banned there. The ban was lifted.",
		[]string{"J.R.R. Tolkien's books were banned there.", "The ban was lifted."}},
	{"middle initial", "John F. Kennedy faced a similar crisis in 1962.",
		[]string{"John F. Kennedy faced a similar crisis in 1962."}},
	{"initial then sentence", "The report was signed by Col. A. Reyes. He could not be reached.",
		[]string{"The report was signed by Col. A. Reyes.", "He could not be reached."}},
	{"a.m. mid", "The missile was fired at 7:20 a.m. local time from near Pyongyang.",
		[]string{"The missile was fired at 7:20 a.m. local time from near Pyongyang."}},
	{"p.m. at end", "Sirens sounded at 9 p.m. The all-clear came an hour later.",
		[]string{"Sirens sounded at 9 p.m.", "The all-clear came an hour later."}},
	{"a.m. before day", "The strike began at 4 a.m. Tuesday, officials said.",
		[]string{"The strike began at 4 a.m. Tuesday, officials said."}},
	{"Jan. 5", "The deadline is Jan. 5, the ministry said.",
		[]string{"The deadline is Jan. 5, the ministry said."}},
	{"Dec. at end", "The treaty takes effect in Dec. That leaves little time.",
		[]string{"The treaty takes effect in Dec.", "That leaves little time."}},
	{"Sept. and Oct.", "Exercises ran from Sept. 28 to Oct. 3 near the border.",
		[]string{"Exercises ran from Sept. 28 to Oct. 3 near the border."}},
	{"e.g. and i.e.", "Heavy weapons, e.g. tanks and artillery, must withdraw, i.e. pull back 15 km.",
		[]string{"Heavy weapons, e.g. tanks and artillery, must withdraw, i.e. pull back 15 km."}},
	{"etc. at end", "They seized rifles, grenades, radios etc. Police are investigating.",
		[]string{"They seized rifles, grenades, radios etc.", "Police are investigating."}},
	{"St. Petersburg", "The forum in St. Petersburg opened on Thursday.",
		[]string{"The forum in St. Petersburg opened on Thursday."}},
	{"state abbreviation", "The base near Fort Bliss, Tex. was put on alert.",
		[]string{"The base near Fort Bliss, Tex. was put on alert."}},

	// Numbers.
	{"decimal percent", "Defence spending rose 3.5 percent last year. It will rise again.",
		[]string{"Defence spending rose 3.5 percent last year.", "It will rise again."}},
	{"dollar billions", "Congress approved $1.2 billion in aid. The vote was 68-31.",
		[]string{"Congress approved $1.2 billion in aid.", "The vote was 68-31."}},
	{"thousands separator", "About 10,000 troops took part. Another 2,500 stayed in reserve.",
		[]string{"About 10,000 troops took part.", "Another 2,500 stayed in reserve."}},
	{"sentence ends in number", "The death toll rose to 41. Rescuers are still searching.",
		[]string{"The death toll rose to 41.", "Rescuers are still searching."}},
	{"sentence starts with number", "The blast was heard at 2:15. 17 people were hurt.",
		[]string{"The blast was heard at 2:15.", "17 people were hurt."}},
	{"year at end", "The ceasefire has held since 2020. Both sides say they want it to last.",
		[]string{"The ceasefire has held since 2020.", "Both sides say they want it to last."}},

	// Quotes.
	{"quote, he said", `"We will not back down," the minister said. "Never."`,
		[]string{`"We will not back down," the minister said.`, `"Never."`}},
	{"quote ending sentence", `He called the drills "a rehearsal for invasion." Seoul denied it.`,
		[]string{`He called the drills "a rehearsal for invasion."`, "Seoul denied it."}},
	{"curly quotes", "“The border is closed,” an official said. “Nobody may cross.”",
		[]string{"“The border is closed,” an official said.", "“Nobody may cross.”"}},
	{"question inside quote", `"Why now?" the senator asked. No one answered.`,
		[]string{`"Why now?" the senator asked.`, "No one answered."}},
	{"exclamation inside quote", `Crowds chanted "Down with the regime!" outside the palace.`,
		[]string{`Crowds chanted "Down with the regime!" outside the palace.`}},
	{"full stop after closing quote", `They shouted "Long live independence!". Then they marched.`,
		[]string{`They shouted "Long live independence!".`, "Then they marched."}},
	{"single quotes", "The agency called it 'a grave provocation.' Tokyo protested.",
		[]string{"The agency called it 'a grave provocation.'", "Tokyo protested."}},
	{"quote opens next sentence", `Talks stalled. "We are not optimistic," a diplomat said.`,
		[]string{"Talks stalled.", `"We are not optimistic," a diplomat said.`}},
	{"multi-sentence quote", `He said: "We are ready. The enemy knows it." Then he left.`,
		[]string{`He said: "We are ready.`, `The enemy knows it."`, "Then he left."}},

	// Question and exclamation marks, ellipses.
	{"question", "Will Pyongyang test again? Analysts think so.",
		[]string{"Will Pyongyang test again?", "Analysts think so."}},
	{"exclamation", "Long live the alliance! The crowd roared.",
		[]string{"Long live the alliance!", "The crowd roared."}},
	{"?! run", "A nuclear test now?! Officials were stunned.",
		[]string{"A nuclear test now?!", "Officials were stunned."}},
	{"ellipsis mid", "The statement said the army was ... ready to act if needed.",
		[]string{"The statement said the army was ... ready to act if needed."}},
	{"ellipsis end", "He paused and said the talks were over... The room fell silent.",
		[]string{"He paused and said the talks were over...", "The room fell silent."}},
	{"unicode ellipsis", "Negotiators waited… and waited. No deal came.",
		[]string{"Negotiators waited… and waited.", "No deal came."}},

	// Brackets and dashes.
	{"parenthesis at end", "The deal was signed in Riyadh (the Saudi capital). Iran welcomed it.",
		[]string{"The deal was signed in Riyadh (the Saudi capital).", "Iran welcomed it."}},
	{"sentence in parentheses", "The army denied the report. (It later withdrew the denial.) Questions remain.",
		[]string{"The army denied the report.", "(It later withdrew the denial.)", "Questions remain."}},
	{"em dash", "The convoy — 40 trucks in all — crossed at dawn. It carried fuel.",
		[]string{"The convoy — 40 trucks in all — crossed at dawn.", "It carried fuel."}},
	{"entities", "Seoul&#8217;s envoy met Tokyo&rsquo;s envoy. Both said &quot;progress&quot; was made.",
		[]string{"Seoul&#8217;s envoy met Tokyo&rsquo;s envoy.", "Both said &quot;progress&quot; was made."}},

	// Lines: headlines, bullets, paragraphs.
	{"headline without full stop", "North Korea fires missiles into sea\nThe launches came hours after the drills ended.",
		[]string{"North Korea fires missiles into sea", "The launches came hours after the drills ended."}},
	{"headline and dateline", "Troops Put on Alert as Border Tensions Rise\n\nSEOUL, Oct 15 (Reuters) - South Korea raised its alert level on Tuesday.",
		[]string{"Troops Put on Alert as Border Tensions Rise", "South Korea raised its alert level on Tuesday."}},
	{"bullet lines", "Key points:\n• Roads were blown up\n• Artillery was put on alert\n- A new border was claimed",
		[]string{"Key points:", "Roads were blown up", "Artillery was put on alert", "A new border was claimed"}},
	{"numbered list", "The demands:\n1. Withdraw troops.\n2. Release prisoners.",
		[]string{"The demands:", "Withdraw troops.", "Release prisoners."}},
	{"blank-line paragraphs", "First paragraph ends here.\n\nSecond paragraph starts here.",
		[]string{"First paragraph ends here.", "Second paragraph starts here."}},
	{"broken paragraph continues", "The talks, held in Geneva,\nended without agreement on Friday.",
		[]string{"The talks, held in Geneva,\nended without agreement on Friday."}},
	{"KCNA one-line paragraphs", "The KPA is ready for a decisive battle. \nThe enemies will pay a dear price. \n",
		[]string{"The KPA is ready for a decisive battle.", "The enemies will pay a dear price."}},
	{"hyphen at line end", "The inter-\nKorean hotline was cut.",
		[]string{"The inter-\nKorean hotline was cut."}},
	{"CRLF", "Shelling resumed.\r\nCivilians fled.\r\n",
		[]string{"Shelling resumed.", "Civilians fled."}},
	{"non-breaking spaces", "The talks ended.\u00a0Both sides\u00a0left.",
		[]string{"The talks ended.", "Both sides\u00a0left."}},
	{"hard-wrapped wire copy", "GENEVA - Delegates from both countries met on Tuesday for the first time in\nthree years, a spokesman said, adding that the talks would continue\nThursday in the Swiss city. No agenda was published, and neither side\nspoke to reporters after the session.",
		[]string{"Delegates from both countries met on Tuesday for the first time in\nthree years, a spokesman said, adding that the talks would continue\nThursday in the Swiss city.", "No agenda was published, and neither side\nspoke to reporters after the session."}},
	{"missing space after stop", "The vote failed.The opposition walked out.",
		[]string{"The vote failed.", "The opposition walked out."}},
	{"lower case after stop is not a new sentence", "Casualties were est. at two hundred.",
		[]string{"Casualties were est. at two hundred."}},
	{"anti-U.S.", "Students staged anti-U.S. rallies in the capital. Police watched.",
		[]string{"Students staged anti-U.S. rallies in the capital.", "Police watched."}},
	{"transliterated initial", "The delegation was led by Ch. Surenjav, chairman of the society.",
		[]string{"The delegation was led by Ch. Surenjav, chairman of the society."}},
	{"lost paragraph break", "The ceremony was held on April 10. , Present there were senior officials.",
		[]string{"The ceremony was held on April 10.", "Present there were senior officials."}},
	{"Spanish EE.UU.", "Los EE.UU. enviaron tropas. El gobierno protesto.",
		[]string{"Los EE.UU. enviaron tropas.", "El gobierno protesto."}},
	{"URL", "The statement is at https://example.org/statement.html. It runs to 12 pages.",
		[]string{"The statement is at https://example.org/statement.html.", "It runs to 12 pages."}},
}

func TestSplit(t *testing.T) {
	if len(splitCases) < 60 {
		t.Fatalf("%d splitter cases, the issue asks for at least 60", len(splitCases))
	}
	for _, c := range splitCases {
		t.Run(c.name, func(t *testing.T) {
			d := Analyze(c.in, Options{})
			var got []string
			for _, s := range d.Sentences {
				got = append(got, s.Text)
			}
			if strings.Join(got, "\n|\n") != strings.Join(c.want, "\n|\n") {
				t.Errorf("Analyze(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

// TestSplitLowercaseProperName: an outlet that prints "russia" in lower
// case still starts a sentence with it, which only ProperNames can tell.
func TestSplitLowercaseProperName(t *testing.T) {
	in := "The strike hit Kharkiv. russia denied it."
	for _, c := range []struct {
		opts Options
		want int
	}{
		{Options{}, 1},
		{Options{ProperNames: testProperNames}, 2},
	} {
		if got := len(Analyze(in, c.opts).Sentences); got != c.want {
			t.Errorf("ProperNames set %v: %d sentences, want %d", c.opts.ProperNames != nil, got, c.want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	in := "Headline without stop\n\nFirst sentence. Second sentence.\nThird sentence on a new line.\n\n\nLast paragraph."
	d := Analyze(in, Options{})
	var got []int
	for _, s := range d.Sentences {
		got = append(got, s.Para)
	}
	want := []int{0, 1, 1, 2, 3}
	if len(got) != len(want) {
		t.Fatalf("paragraphs %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("paragraphs %v, want %v", got, want)
		}
	}
}

// TestSplitMatchesAnalyze: Split gives Analyze's sentences and tokens,
// untagged.
func TestSplitMatchesAnalyze(t *testing.T) {
	for _, c := range splitCases {
		a, s := Analyze(c.in, Options{}), Split(c.in, Options{})
		if len(a.Sentences) != len(s.Sentences) {
			t.Fatalf("%s: Split gave %d sentences, Analyze %d", c.name, len(s.Sentences), len(a.Sentences))
		}
		for i := range a.Sentences {
			as, ss := a.Sentences[i], s.Sentences[i]
			if as.Start != ss.Start || as.End != ss.End || len(as.Tokens) != len(ss.Tokens) {
				t.Fatalf("%s: sentence %d differs", c.name, i)
			}
			for j, tk := range ss.Tokens {
				if tk.Tag != "" || tk.Text != as.Tokens[j].Text {
					t.Fatalf("%s: token %d of sentence %d: %+v", c.name, j, i, tk)
				}
			}
		}
	}
}
