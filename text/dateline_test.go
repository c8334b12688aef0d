package text

import "testing"

// TestDatelines: a wire story's dateline is set aside as debris of kind
// "dateline" with exact offsets, and the first sentence starts after it;
// lines that only look like datelines stay text.
func TestDatelines(t *testing.T) {
	for _, c := range []struct {
		src      string
		dateline string // "" = none
		first    string // the first sentence
	}{
		{"SEOUL, June 17 -- North Korea's military said Wednesday it will redeploy troops.", "SEOUL, June 17 --", "North Korea's military said Wednesday it will redeploy troops."},
		{"SEOUL, June 17 (Reuters) - North Korea blew up the liaison office.", "SEOUL, June 17 (Reuters) -", "North Korea blew up the liaison office."},
		{"Pyongyang, August 22 (KCNA) -- The south Korean warmongers started drills.", "Pyongyang, August 22 (KCNA) --", "The south Korean warmongers started drills."},
		{"WASHINGTON (AP) — The Pentagon announced new aid.", "WASHINGTON (AP) —", "The Pentagon announced new aid."},
		{"KYIV, Ukraine, Oct. 5 (Reuters) - Russian drones struck Kyiv overnight.", "KYIV, Ukraine, Oct. 5 (Reuters) -", "Russian drones struck Kyiv overnight."},
		{"UNITED NATIONS (AP) — The Security Council met.", "UNITED NATIONS (AP) —", "The Security Council met."},
		{"GAZA CITY, Gaza Strip (AP) — Israeli strikes killed 12 people.", "GAZA CITY, Gaza Strip (AP) —", "Israeli strikes killed 12 people."},
		{"BEIRUT — Hezbollah fired rockets at Israel.", "BEIRUT —", "Hezbollah fired rockets at Israel."},
		{"WASHINGTON—The White House said.", "WASHINGTON—", "The White House said."},
		{"(CNN) — Ukraine said it shot down 40 drones.", "(CNN) —", "Ukraine said it shot down 40 drones."},
		{"Seoul, Korea, Aug. 1 (Yonhap) -- South Korea's military said.", "Seoul, Korea, Aug. 1 (Yonhap) --", "South Korea's military said."},
		{"MOSCOW, 17 June (AFP) - Russia said.", "MOSCOW, 17 June (AFP) -", "Russia said."},
		{"Tokyo, March 3, 2024 -- Japan protested.", "Tokyo, March 3, 2024 --", "Japan protested."},
		{"JERUSALEM, Oct 7 (Reuters) - \"We are at war,\" Netanyahu said.", "JERUSALEM, Oct 7 (Reuters) -", "\"We are at war,\" Netanyahu said."},
		// not datelines
		{"US-led forces struck the base.", "", "US-led forces struck the base."},
		{"Moscow - the Russian capital - was quiet.", "", "Moscow - the Russian capital - was quiet."},
		{"BREAKING — Explosions heard in Kyiv.", "", "BREAKING — Explosions heard in Kyiv."},
		{"ISRAEL — HAMAS WAR: What we know", "", "ISRAEL — HAMAS WAR: What we know"},
		{"NATO — the alliance of 32 states — met.", "", "NATO — the alliance of 32 states — met."},
		{"North Korea fired a missile on Monday -- the third this month.", "", "North Korea fired a missile on Monday -- the third this month."},
		{"Kim Jong Un - the leader - watched.", "", "Kim Jong Un - the leader - watched."},
	} {
		d := Analyze(c.src, Options{})
		var dl string
		for _, x := range d.Debris {
			if x.Kind == "dateline" {
				if c.src[x.Start:x.End] != x.Text {
					t.Errorf("%q: dateline offsets %d-%d do not hold %q", c.src, x.Start, x.End, x.Text)
				}
				dl = x.Text
			}
		}
		if dl != c.dateline {
			t.Errorf("%q: dateline %q, want %q", c.src, dl, c.dateline)
		}
		if len(d.Sentences) == 0 || d.Sentences[0].Text != c.first {
			var got string
			if len(d.Sentences) > 0 {
				got = d.Sentences[0].Text
			}
			t.Errorf("%q: first sentence %q, want %q", c.src, got, c.first)
		}
	}
}

// TestDatelineLaterParagraph: a later paragraph's dateline needs a date or
// an agency; a place in capitals alone is not one there.
func TestDatelineLaterParagraph(t *testing.T) {
	src := "Title line\n\nFirst paragraph here.\n\nTOKYO, May 2 (Kyodo) - Japan protested.\n\nNATO - a later paragraph - said."
	d := Analyze(src, Options{})
	var got []string
	for _, x := range d.Debris {
		got = append(got, x.Text)
	}
	if len(got) != 1 || got[0] != "TOKYO, May 2 (Kyodo) -" {
		t.Errorf("datelines %q, want only the Kyodo one", got)
	}
}
