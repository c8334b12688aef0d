package coder

import "testing"

// Second clauses: "X did A, and Y did B", responses that name no target,
// reactions to an act of the same sentence, and the pronoun that opens a
// reported clause.
func TestSecondClauses(t *testing.T) {
	runCases(t, []codeCase{
		// a response names no target: it answers the act before it
		{date: "2024-06-01", text: "Russian troops shelled the village on Monday, and Ukrainian forces fired back.",
			want: []string{"RUS>- 19", "UKR>RUS 19"}, only: true},
		{date: "2024-06-01", text: "Israel struck targets in southern Lebanon, and Hezbollah responded with a barrage of rockets.",
			want: []string{"ISR>LBN 19", "LBN>ISR 19"}, only: true},
		{date: "2024-06-01", text: "Azerbaijani forces shelled Armenian positions overnight, while Armenia said its troops had returned fire.",
			want: []string{"AZE>ARM 19", "ARM>AZE 19"}, only: true},
		// a condemnation or threat after an act against the speaker answers it
		{date: "2024-06-01", text: "Turkey shot down a Syrian drone near the border, and Damascus condemned the attack.",
			want: []string{"TUR>SYR 19", "SYR>TUR 11"}, only: true},
		{date: "2024-06-01", text: "The United States sanctioned two Iranian oil firms, and Tehran condemned the move as economic terrorism.",
			want: []string{"USA>IRN 16", "IRN>USA 11"}, only: true},
		// "it" right after the speaker's verb is the speaker, not the first subject
		{date: "2024-06-01", text: "Poland closed its border with Belarus, and Minsk promised that it would retaliate.",
			want: []string{"POL>BLR 19", "BLR>POL 13"}, only: true, not: []string{"POL>BLR 13"}},
		// ... but a place after a preposition is not the speaker
		{date: "2024-06-01", text: "The Saudi-led coalition fighting in Yemen said it was expelling Qatar from the alliance.",
			not: []string{"YEM>QAT 17"}},
	})
}
