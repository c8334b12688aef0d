package text_test

import (
	"fmt"
	"strings"

	"github.com/vigil-ews/vigil/text"
)

func ExampleAnalyze() {
	doc := text.Analyze(`Gen. Kim said the U.S. Navy test-fired two missiles. "We're ready," he added.`, text.Options{})
	for _, s := range doc.Sentences {
		var tagged []string
		for _, t := range s.Tokens {
			tagged = append(tagged, t.Norm+"/"+t.Tag)
		}
		fmt.Printf("[%d:%d] %s\n", s.Start, s.End, strings.Join(tagged, " "))
	}
	// Output:
	// [0:52] Gen./NNP Kim/NNP said/VBD the/DT U.S./NNP Navy/NNP test-fired/VBD two/CD missiles/NNS ./.
	// [53:77] "/`` We/PRP 're/VBP ready/JJ ,/, "/'' he/PRP added/VBD ./.
}

// Web text: the title, its repetitions, captions, teasers and credits are
// set aside; lower-case proper names get their proper form.
func ExampleAnalyze_web() {
	page := `Navy Seals Port After Drone Attack
1,204
Navy Seals Port After Drone Attack

The navy closed the port on Friday after drones struck two tankers, russia said.

Read more: Shipping Insurers Raise War-Risk Premiums

Navy Seals Port After Drone Attack, Harbour News
Photo: Harbour News
`
	doc := text.Analyze(page, text.Options{
		Web:  true,
		Site: "Harbour News",
		ProperNames: func(lower string) (string, bool) {
			if lower == "russia" {
				return "Russia", true
			}
			return "", false
		},
	})
	fmt.Println("title:", doc.Title)
	for _, d := range doc.Debris {
		fmt.Printf("debris %s: %s\n", d.Kind, d.Text)
	}
	for _, s := range doc.Sentences {
		fmt.Println("sentence:", s.Text)
		for _, t := range s.Tokens {
			if t.Norm != t.Text {
				fmt.Printf("  %s → %s/%s\n", t.Text, t.Norm, t.Tag)
			}
		}
	}
	// Output:
	// title: Navy Seals Port After Drone Attack
	// debris title: Navy Seals Port After Drone Attack
	// debris counter: 1,204
	// debris repeated-title: Navy Seals Port After Drone Attack
	// debris read-more: Read more: Shipping Insurers Raise War-Risk Premiums
	// debris caption: Navy Seals Port After Drone Attack, Harbour News
	// debris credit: Photo: Harbour News
	// sentence: The navy closed the port on Friday after drones struck two tankers, russia said.
	//   russia → Russia/NNP
}

func ExampleTokenize() {
	src := "Korea&#8217;s army didn’t say — yet."
	for _, t := range text.Tokenize(src, 0, len(src), nil) {
		fmt.Printf("%q %q [%d:%d]\n", t.Text, t.Norm, t.Start, t.End)
	}
	// Output:
	// "Korea" "Korea" [0:5]
	// "&#8217;s" "'s" [5:13]
	// "army" "army" [14:18]
	// "did" "did" [19:22]
	// "n’t" "n't" [22:27]
	// "say" "say" [28:31]
	// "—" "--" [32:35]
	// "yet" "yet" [36:39]
	// "." "." [39:40]
}
