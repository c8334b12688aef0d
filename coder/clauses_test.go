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

// Lists of sources and targets: one event per state listed, however long
// the list and wherever it stands (subject, object, "from"/"on"/"in" phrase).
func TestActorLists(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "China banned seafood imports from Japan, South Korea, the European Union, Australia and Canada.",
			want: []string{"CHN>JPN 16", "CHN>KOR 16", "CHN>IGO 16", "CHN>AUS 16", "CHN>CAN 16"}, only: true},
		{date: "2024-06-01", text: "Moscow expelled diplomats from Latvia, Lithuania, Estonia and Poland on Friday.",
			want: []string{"RUS>LVA 17", "RUS>LTU 17", "RUS>EST 17", "RUS>POL 17"}, only: true},
		{date: "2024-06-01", text: "Russia imposed entry bans on officials from the United States, Britain, Canada and Australia.",
			want: []string{"RUS>USA 16", "RUS>GBR 16", "RUS>CAN 16", "RUS>AUS 16"}, only: true},
		{date: "2024-06-01", text: "Iran fired missiles at targets in Iraq, Syria and Pakistan.",
			want: []string{"IRN>IRQ 19", "IRN>SYR 19", "IRN>PAK 19"}, only: true},
		{date: "2024-06-01", text: "Saudi Arabia, the United Arab Emirates, Bahrain and Egypt cut diplomatic ties with Qatar on Monday.",
			want: []string{"SAU>QAT 16", "ARE>QAT 16", "BHR>QAT 16", "EGY>QAT 16"}, only: true},
		// a role-only mention takes the country of every place listed
		{date: "2024-06-01", text: "Polish police detained protesters from Berlin, Paris and Rome.",
			want: []string{"POL>DEU 17", "POL>FRA 17", "POL>ITA 17"}, only: true},
	})
}

// Reciprocal verbs: what two sides trade or exchange, each does to the other.
func TestReciprocalExchanges(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "Armenian and Azerbaijani troops exchanged artillery rounds overnight.",
			want: []string{"ARM>AZE 19", "AZE>ARM 19"}, only: true},
		{date: "2024-06-01", text: "Israel and Hezbollah traded rocket fire and air strikes on Sunday.",
			want: []string{"ISR>LBN 19", "LBN>ISR 19"}, only: true},
		{date: "2024-06-01", text: "Pakistan and Afghanistan traded heavy gunfire at the Torkham crossing.",
			want: []string{"PAK>AFG 19", "AFG>PAK 19"}, only: true},
		{date: "2024-06-01", text: "Russia and Ukraine traded 150 prisoners of war.",
			want: []string{"RUS>UKR 08", "UKR>RUS 08"}, only: true},
		{date: "2024-06-01", text: "Serbia and Kosovo traded blame for the violence.",
			want: []string{"SRB>XKX 11", "XKX>SRB 11"}, only: true},
	})
}

// Judgement predicates: calling, branding or designating someone something
// bad is disapproval (111), a terrorist designation an accusation (112);
// "called X Y" is a telephone call only when Y is no label.
func TestJudgementPredicates(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "Kim Yo Jong called the South Korean military's drills absolutely intolerable.",
			want: []string{"PRK>KOR 11"}, only: true},
		{date: "2024-06-01", text: "North Korea called the US president a \"lunatic old man\" on Tuesday.",
			want: []string{"PRK>USA 11"}, only: true},
		{date: "2024-06-01", text: "Zelensky called Putin a war criminal.", want: []string{"UKR>RUS 11"}, only: true},
		{date: "2024-06-01", text: "Israel called Iran's missile attack an act of war.", want: []string{"ISR>IRN 11"}, only: true},
		{date: "2024-06-01", text: "Beijing branded Taiwan's new leader a dangerous separatist.", want: []string{"CHN>TWN 11"}, only: true},
		{date: "2024-06-01", text: "The United States designated the Houthis a terrorist organisation.",
			want: []string{"USA>YEM 11"}, only: true},
		{date: "2024-06-01", text: "Washington put Cuba back on its list of state sponsors of terrorism.",
			want: []string{"USA>CUB 11"}, only: true},
		// praise and plain calls are not disapproval
		{date: "2024-06-01", text: "Biden called the deal a historic breakthrough.", not: []string{"USA>- 11"}},
		{date: "2024-06-01", text: "Macron called Zelensky on Tuesday.", want: []string{"FRA>UKR 04"}, only: true},
	})
}

// Untargeted acts still count: shows of force into the sea, tests and
// failed launches name no target and are 150.
func TestUntargetedShowsOfForce(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "North Korea fired dozens of artillery shells into the sea near the border on Friday.",
			want: []string{"PRK>- 15"}, only: true},
		{date: "2024-06-01", text: "North Korea conducted a test-fire of a new cruise missile on Sunday.",
			want: []string{"PRK>- 15"}, only: true},
		{date: "2024-06-01", text: "North Korea's attempt to launch a spy satellite ended in failure on Monday.",
			want: []string{"PRK>- 15"}, only: true},
		{date: "2024-06-01", text: "Iran tried to put a military satellite into orbit on Thursday.",
			want: []string{"IRN>- 15"}, only: true},
		{date: "2024-06-01", text: "Russia's navy carried out missile firing exercises in the Baltic Sea.",
			want: []string{"RUS>- 15"}, only: true},
		// a plan to launch is not a launch
		{date: "2024-06-01", text: "North Korea's plan to launch a satellite drew criticism.", not: []string{"PRK>- 15"}},
	})
}

// Long speaker titles (KCNA style): the speaker is the name before the
// appositive, however long, and adverbial phrases before the verb are no
// subject; "a spokesman for X" speaks for X.
func TestLongSpeakerTitles(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "Kim Yo Jong, vice department director of the WPK Central Committee, in a press statement on Wednesday slammed the South Korean authorities for the leaflet scattering.",
			want: []string{"PRK>KOR 11"}, only: true},
		{date: "2024-06-01", text: "Kim Yong Chol, director of the United Front Department, on Thursday warned Seoul against further provocations.",
			want: []string{"PRK>KOR 13"}, only: true},
		{date: "2024-06-01", text: "Kim Jong Un, general secretary of the WPK and president of the State Affairs of the DPRK, sent a message of greeting to Vladimir Putin.",
			want: []string{"PRK>RUS 05"}, only: true},
		{date: "2024-06-01", text: "A spokesman for the DPRK foreign ministry on Friday denounced the U.S. sanctions.",
			want: []string{"PRK>USA 11"}, only: true},
		// a list is no appositive: each state acts
		{date: "2024-06-01", text: "Russia, China and Iran condemned the strikes on Syria.",
			not: []string{"RUS>CHN 11", "RUS>IRN 11"}},
		// leaders reviewing a parade together meet
		{date: "2024-06-01", text: "Kim Jong Un reviewed the military parade together with Russia's defence minister.",
			want: []string{"PRK>RUS 04", "RUS>PRK 04"}, not: []string{"PRK>RUS 06"}},
	})
}

// Meetings and visits phrased as nouns, arrivals and adverbial phrases.
func TestMeetingNouns(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "US and Russian negotiators spent hours in talks in Geneva on Monday.",
			want: []string{"USA>RUS 04", "RUS>USA 04"}, only: true},
		{date: "2024-06-01", text: "The Iranian president was in Moscow on Tuesday for talks with Putin.",
			want: []string{"IRN>RUS 04", "RUS>IRN 04"}, only: true},
		{date: "2024-06-01", text: "Zelensky's visit to Washington came a day after the vote.",
			want: []string{"UKR>USA 04"}},
		{date: "2024-06-01", text: "Russia's foreign minister arrived in Pyongyang at the head of a delegation on Thursday.",
			want: []string{"RUS>PRK 04", "PRK>RUS 04"}, only: true},
	})
}

// Exchanges and releases: a release in exchange for someone is a swap,
// each side releasing the other's; pardoning a prisoner frees them.
func TestSwapsAndReleases(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "Belarus pardoned the German citizen in exchange for two Russian agents held in Germany.",
			want: []string{"BLR>DEU 08", "DEU>BLR 08"}, only: true},
		{date: "2024-06-01", text: "Hamas freed three Israeli hostages on Saturday in return for 90 Palestinian prisoners.",
			want: []string{"PSE>ISR 08", "ISR>PSE 08"}, only: true},
		{date: "2024-06-01", text: "Iran released five Americans on Monday.", want: []string{"IRN>USA 08"}, only: true},
		{date: "2024-06-01", text: "Russia pardoned the jailed American journalist.", want: []string{"RUS>USA 08"}, only: true},
	})
}

// Authorisations: licensing force is a threat of force at whom it would
// hit, not approval of whoever asked.
func TestAuthorisations(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "Russia's parliament approved the president's request to use the armed forces in Syria.",
			want: []string{"RUS>SYR 13"}, not: []string{"RUS>SYR 02", "RUS>RUS 05"}},
		{date: "2024-06-01", text: "The US Congress authorised the use of military force against Iraq.",
			want: []string{"USA>IRQ 13"}, only: true},
		{date: "2024-06-01", text: "Turkey's parliament authorised the deployment of troops to Libya.",
			want: []string{"TUR>LBY 15"}, only: true},
	})
}

// Reported blame is the speaker's accusation; a reaction names its target
// through what it answers.
func TestReportedBlameAndReactions(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "The FBI said North Korea was responsible for the hack.",
			want: []string{"USA>PRK 11"}, only: true},
		{date: "2024-06-01", text: "Washington said Iran was behind the attack on the tanker.",
			want: []string{"USA>IRN 11"}, only: true},
		{date: "2024-06-01", text: "Britain said Russia was to blame for the poisoning.",
			want: []string{"GBR>RUS 11"}, only: true},
		{date: "2024-06-01", text: "North Korea fired artillery near the border in response to South Korea's drills.",
			want: []string{"PRK>KOR 19"}, only: true},
		{date: "2024-06-01", text: "Iran put its forces on alert in retaliation for the Israeli strikes.",
			want: []string{"IRN>ISR 15"}, only: true},
	})
}

// False positives of restatement and topic: a relative clause on a known
// agreement restates it; what is discussed is a topic; a line crossed
// into no one's land is no incursion; warning shots answer the crossing.
func TestRestatementsAndTopics(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-10-15", text: "The Duma will debate the agreement that Moscow signed with Pyongyang in June.",
			not: []string{"RUS>PRK 05", "PRK>RUS 05"}},
		{date: "2024-06-01", text: "Xi and Biden discussed Taiwan in California.",
			want: []string{"CHN>USA 04", "USA>CHN 04"}, only: true},
		{date: "2024-06-01", text: "South Korea's military fired warning shots when North Korean troops briefly crossed the military demarcation line.",
			want: []string{"KOR>PRK 15"}, only: true},
		{date: "2024-06-01", text: "The family fled to the border.", only: true},
	})
}

// Reaction appositives: the reaction is aimed at the actor of the clause
// it reacts to, whoever its label names; its subject may be a list.
func TestReactionAppositives(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "Israel sent troops into the buffer zone on the Syrian side of the Golan Heights on Sunday, a move Egypt and Saudi Arabia condemned as a seizure of Syrian land.",
			want: []string{"EGY>ISR 11", "SAU>ISR 11"}, not: []string{"EGY>SYR 11", "SAU>SYR 11"}},
		{date: "2024-06-01", text: "Russia annexed four regions of Ukraine, in what Germany called a violation of Ukrainian sovereignty.",
			want: []string{"RUS>UKR 19", "DEU>RUS 11"}, only: true},
		{date: "2024-06-01", text: "Israel halted the entry of goods into Gaza, a step Egypt and Qatar said violated the truce.",
			want: []string{"EGY>ISR 11", "QAT>ISR 11"}},
	})
}

// Responses by means ("hit back by blacklisting") code the means, aimed at
// whom the response answers; a call in an adverbial phrase is a call.
func TestResponseMeansAndCalls(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "The EU imposed sanctions on Chinese officials, and China hit back by blacklisting ten Europeans.",
			want: []string{"IGO>CHN 16", "CHN>IGO 16"}, only: true},
		{date: "2024-06-01", text: "Russia retaliated by expelling 23 British diplomats.",
			want: []string{"RUS>GBR 17"}, only: true},
		{date: "2024-06-01", text: "Xi warned Biden in a phone call on Thursday that the United States should not play with fire.",
			want: []string{"CHN>USA 13", "CHN>USA 04", "USA>CHN 04"}},
		// "he" after "X told Y ... that" is the speaker
		{date: "2024-06-01", text: "Putin told Trump in a phone call that he would order a pause in strikes on Ukraine.",
			want: []string{"RUS>USA 04", "USA>RUS 04"}, not: []string{"USA>UKR 08", "USA>- 08"}},
		// a call for restraint is no telephone call
		{date: "2024-06-01", text: "China urged Japan in a call for restraint to withdraw its ships.", not: []string{"CHN>JPN 04"}},
	})
}

// Protest and repression: crowds storming a building protest violently
// (145); security forces firing on protesters repress them (175), and the
// deaths that follow are that repression's toll; armed groups seizing
// people of no named nationality take the country's civilians; referring a
// state to a court is a complaint (115).
func TestProtestAndRepression(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "Thousands of protesters stormed the parliament in Belgrade on Saturday.",
			want: []string{"SRB>SRB 14"}, only: true},
		{date: "2024-06-01", text: "Police in Dhaka opened fire on demonstrators, killing 12 people.",
			want: []string{"BGD>BGD 17"}, only: true},
		{date: "2024-06-01", text: "Kenyan police fired tear gas and live rounds at protesters in Nairobi.",
			want: []string{"KEN>KEN 17"}, only: true},
		{date: "2024-06-01", text: "Russian troops stormed the town of Avdiivka.", want: []string{"RUS>UKR 19"}, only: true},
		{date: "2024-06-01", text: "Islamist militants abducted 40 schoolgirls from a village in northern Nigeria.",
			want: []string{"NGA>NGA 18"}, only: true},
		{date: "2024-06-01", text: "Argentina, Chile and Peru referred Venezuela to the International Criminal Court.",
			want: []string{"ARG>VEN 11", "CHL>VEN 11", "PER>VEN 11"}, only: true},
	})
}

// Claiming an attack: the claimant did it (the act, not a 015 statement);
// an armed group's bombing is a bomb (183), not an air strike.
func TestClaimedAttacks(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "Houthi rebels claimed responsibility for drone attacks on two Saudi oil facilities.",
			want: []string{"YEM>SAU 19"}, only: true},
		{date: "2024-06-01", text: "The Islamic State group claimed responsibility for the bombing of a Shiite mosque in Kabul.",
			want: []string{"IRQ>AFG 18"}, only: true},
		{date: "2024-06-01", text: "Hamas claimed responsibility for the rocket attack on Tel Aviv.",
			want: []string{"PSE>ISR 19"}, only: true},
	})
}

// Pronouns as objects and as reported subjects; a plan adopted states an
// intent; labels in scare quotes mock, other labels are no telephone call.
func TestPronounsLabelsAndPlans(t *testing.T) {
	runCases(t, []codeCase{
		// "it" as a verb's object is not the sentence's subject
		{date: "2024-06-01", text: "Saudi Arabia and Egypt cut diplomatic ties with Qatar on Monday and closed their links with the Gulf state, accusing it of supporting terrorism.",
			want: []string{"SAU>QAT 11", "EGY>QAT 11"}, not: []string{"SAU>SAU 11", "EGY>SAU 11"}},
		// "X, which said it": the antecedent
		{date: "2024-06-01", text: "Israel approved the operation, drawing criticism from Germany, which said it would halt arms exports to Israel.",
			want: []string{"DEU>ISR 13"}, not: []string{"ISR>ISR 13"}},
		{date: "2024-06-01", text: "Israel's cabinet approved a plan early on Friday to take control of Gaza City.",
			want: []string{"ISR>PSE 13"}, only: true},
		{date: "2024-06-01", text: "Rubio expelled South Africa's ambassador, calling him a 'race-baiting politician'.",
			want: []string{"USA>ZAF 17", "USA>ZAF 11"}, not: []string{"USA>ZAF 04"}},
		{date: "2024-06-01", text: "The army began drills around Taiwan on Tuesday, calling them a stern warning to separatist forces.",
			not: []string{"TWN>TWN 04", "TWN>- 04"}},
	})
}

// Fronted labels and states of war: "rejected as slander the claim" finds
// its object past the label; a unit put on a state of war is on alert.
func TestFrontedLabelsAndAlerts(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "The DPRK foreign ministry flatly rejected as groundless slander the U.S. claim that it had hacked the company.",
			want: []string{"PRK>USA 01"}, not: []string{"PRK>- 12"}},
		{date: "2024-06-01", text: "Kim Jong Un put frontline units of the army on a quasi-state of war on Friday.",
			want: []string{"PRK>- 15"}, only: true},
		{date: "2024-06-01", text: "Kim Jong Un ordered the army to adopt a pre-emptive attack posture.",
			want: []string{"PRK>- 15"}, only: true},
	})
}

// Threats of action: "take military action / countermeasures against X"
// stated is a threat at X; a warning reaches every target its complement
// names.
func TestThreatsOfAction(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "North Korea said it would take strong military action against South Korea.",
			want: []string{"PRK>KOR 13"}, only: true},
		{date: "2024-06-01", text: "China vowed to take resolute countermeasures against the United States.",
			want: []string{"CHN>USA 13"}, only: true},
		{date: "2024-06-01", text: "North Korea warned that its army would deliver a pre-emptive nuclear strike against the United States and South Korea.",
			want: []string{"PRK>USA 13", "PRK>KOR 13"}},
		// an appeal does not spread to whom its complement names
		{date: "2024-06-01", text: "Lee urged Trump to become a peacemaker by meeting Kim Jong Un.",
			not: []string{"KOR>PRK 02", "KOR>PRK 10"}},
	})
}

// A reported judgement with a label and its "of" phrase.
func TestReportedJudgementOfPhrase(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "North Korea's foreign ministry said that Washington's decision to blacklist Kim Jong Un was an open declaration of war.",
			want: []string{"PRK>USA 11"}},
		{date: "2024-06-01", text: "Vladimir Putin signed a decree on Tuesday, defying Western threats of tougher sanctions.",
			not: []string{"RUS>- 12"}},
	})
}

// A delegation that left for a visit made it.
func TestLeftToVisit(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2012-11-28", text: "The delegation of the Ministry of Foreign Affairs of the DPRK left Pyongyang on Tuesday to visit Russia.",
			want: []string{"PRK>RUS 04", "RUS>PRK 04"}, only: true},
	})
}

// Time phrases before a name, "no indication yet that", response
// participles and phasing out.
func TestTimeNamesAndNegatedEvidence(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "Russia's upper house unanimously approved on Saturday Vladimir Putin's request to use the armed forces in Ukraine.",
			want: []string{"RUS>UKR 13"}},
		// a number before a demonym is no time
		{date: "2024-06-01", text: "China detained two Canadians on suspicion of spying.", want: []string{"CHN>CAN 17"}, only: true},
		{date: "2024-06-01", text: "An official said there was no indication yet that North Korean units had been sent to the front line.", only: true},
		{date: "2024-06-01", text: "Russia banned imports of fish from Norway on Thursday, hitting back at Western sanctions.",
			want: []string{"RUS>NOR 16"}, only: true},
		{date: "2024-06-01", text: "Britain announced it would phase out imports of Russian oil by the end of the year.",
			want: []string{"GBR>RUS 13"}, only: true},
	})
}

// Downing missiles or drones is force only against someone named.
func TestShootDownNeedsTarget(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "Two missiles hit the port and two more were shot down by Ukrainian air defences.", only: true},
		{date: "2024-06-01", text: "Turkey shot down a Russian warplane near the Syrian border.", want: []string{"TUR>RUS 19"}, only: true},
	})
}

// More second clauses: a bare "in response" answers the act before it;
// troops sent to a border face whoever is across it; a decision's owner
// does what it decided; vowing to respond with force is a threat.
func TestMoreSecondClauses(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "China sent warships toward Taiwan as the island's new president took office, and Taipei scrambled jets in response.",
			want: []string{"CHN>TWN 15", "TWN>CHN 15"}, only: true},
		{date: "2024-06-01", text: "Venezuela deployed troops to the border with Guyana while Guyana asked the United States for help.",
			want: []string{"VEN>GUY 15"}, not: []string{"VEN>GUY 07"}},
		{date: "2024-06-01", text: "Armenia recalled its ambassador from Moscow, after Russia criticised Yerevan's decision to join the ICC.",
			want: []string{"ARM>RUS 16", "RUS>ARM 11"}, not: []string{"RUS>IGO 05"}},
		{date: "2024-06-01", text: "Kim Yo Jong warned South Korea against further leaflet launches and vowed that the North would respond with force.",
			want: []string{"PRK>KOR 13"}, only: true},
	})
}

// Condemning an attack is aimed at the attacker: named, or the last one the
// article reported; never at its victim.
func TestCondemnAttacker(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "The leaders of France, Germany and Italy condemned the attack on Israel.", only: true},
		{date: "2024-06-01", text: "Iran fired missiles at Israel on Saturday. The leaders of France and Germany condemned the attack on Israel.",
			want: []string{"IRN>ISR 19", "FRA>IRN 11", "DEU>IRN 11"}, not: []string{"FRA>ISR 11"}},
		{date: "2024-06-01", text: "Britain condemned the Russian strike on Kyiv.", want: []string{"GBR>RUS 11"}, only: true},
	})
}

// History and labels: wars fought since independence are no news; an
// adjective label after "calling X" is no telephone call; a mass killing
// needs people killed.
func TestHistoryAndAdjectiveLabels(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "India and Pakistan have fought three wars since independence.", only: true},
		{date: "2024-06-01", text: "Russia vetoed the resolution, with Moscow's envoy calling the text hypocritical.",
			not: []string{"RUS>- 04"}},
		{date: "2024-06-01", text: "Militants killed hundreds of villagers in northern Nigeria.", want: []string{"NGA>NGA 19"}},
	})
}

// A state's repression of its own officials has them as target.
func TestDomesticRepression(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "North Korea executed its defence minister with an anti-aircraft gun.", want: []string{"PRK>PRK 18"}, only: true},
		{date: "2024-06-01", text: "Russia sent its troops to the border with Ukraine.", want: []string{"RUS>UKR 15"}, not: []string{"RUS>RUS 15"}},
	})
}

// Riot-control means are repression; a ship detained is seized.
func TestRiotControlAndShips(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "Georgian police used tear gas and water cannon against thousands of protesters outside parliament.",
			want: []string{"GEO>GEO 17"}, not: []string{"GEO>GEO 19"}},
		{date: "2024-06-01", text: "Iran detained a British oil tanker in the Gulf.", want: []string{"IRN>GBR 17"}, only: true},
	})
}

// A reported threat keeps its condition: "would face retaliation if they
// dared" is a threat at whoever would face it.
func TestConditionalReportedThreats(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "The defence minister of North Korea said that the U.S. imperialists and the South Korean military would face the most powerful retaliation if they dared to ignite a war.",
			want: []string{"PRK>USA 13", "PRK>KOR 13"}},
		{date: "2024-06-01", text: "North Korea said the United States would face catastrophic consequences if it attacked.",
			want: []string{"PRK>USA 13"}, only: true},
		// a plain condition stays hypothetical
		{date: "2024-06-01", text: "Seoul said it would resume the broadcasts if the North sent more balloons.",
			not: []string{"KOR>PRK 03"}},
	})
}

// A second object after relative clauses on the first.
func TestObjectAfterRelativeClauses(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2023-07-28", text: "Kim Jong Un had received the Russian military delegation headed by Shoigu, which arrived in Pyongyang on July 25, and the Chinese party and government delegation led by Li Hongzhong.",
			want: []string{"PRK>RUS 04", "RUS>PRK 04", "PRK>CHN 04", "CHN>PRK 04"}},
	})
}

// Lists of named people with titles in apposition.
func TestListWithTitles(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2023-07-28", text: "Kim Jong Un reviewed the parade together with Sergei Shoigu, minister of Defence of the Russian Federation, and Li Hongzhong, member of the Political Bureau.",
			want: []string{"PRK>RUS 04", "PRK>CHN 04", "CHN>PRK 04"}},
		// a list of states is no appositive
		{date: "2024-06-01", text: "Kim Jong Un met Putin, the Russian president, and Xi, China's leader, in Beijing.",
			want: []string{"PRK>RUS 04", "PRK>CHN 04"}},
	})
}

// Border clashes: face-offs and brawls are fighting, "soldiers on both
// sides" are the pair named before, "the two armies" too; burning a
// state's flags protests against it ("burned" as well as "burnt").
func TestBorderClashes(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2020-06-17", text: "Twenty Indian soldiers were killed in a violent face-off with Chinese troops.", want: []string{"CHN>IND 19"}, only: true},
		{date: "2020-06-17", text: "India and China clashed on Monday. Major generals from the two armies met on Tuesday.",
			want: []string{"IND>CHN 19", "CHN>IND 19", "IND>CHN 04", "CHN>IND 04"}, only: true},
		{date: "2020-06-17", text: "Soldiers from India and China brawled at Pangong lake.", want: []string{"IND>CHN 19", "CHN>IND 19"}, only: true},
		{date: "2020-06-17", text: "Protesters in several Indian cities burned Chinese flags and effigies of President Xi Jinping.",
			want: []string{"IND>CHN 14"}, only: true},
	})
}

// Datelines are no actors; "the launch" condemned is the latest act of
// force by someone else than the condemner's state; "the reclusive
// country" is the country the article is about.
func TestDatelinesAndAnaphora(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2017-11-29", text: "SEOUL/WASHINGTON, Nov 29 (Vigil Wire) - North Korea said on Wednesday it had successfully tested a new intercontinental ballistic missile.",
			want: []string{"PRK>- 15"}, not: []string{"KOR>- 15"}},
		{date: "2017-11-29", text: "North Korea launched a missile on Wednesday. South Korea's military fired three missiles into the sea in a drill. Moon Jae-in condemned the launch.",
			want: []string{"KOR>PRK 11"}, not: []string{"KOR>KOR 11"}},
		{date: "2017-11-29", text: "North Korea tested a missile. Washington put the reclusive country back on its list of state sponsors of terrorism.",
			want: []string{"USA>PRK 11"}},
	})
}

// Appeals for meetings, object pronouns standing for an act, "he" going on
// about the subject, and sanctions a speaker says will be imposed.
func TestArticleThreads(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2017-11-29", text: "The United States, Japan and South Korea asked for an emergency meeting of the U.N. Security Council.",
			want: []string{"USA>IGO 02", "JPN>IGO 02", "KOR>IGO 02"}, only: true},
		{date: "2017-11-29", text: "North Korea launched a missile. Japan's prime minister called it a violent act that could never be tolerated.",
			want: []string{"PRK>- 15", "JPN>PRK 11"}, only: true},
		{date: "2017-11-29", text: "U.S. President Donald Trump spoke by phone with Japanese Prime Minister Shinzo Abe. He later wrote that sanctions would be imposed on North Korea.",
			want: []string{"USA>PRK 13"}, not: []string{"JPN>PRK 13"}},
	})
}

// Among those who condemned; the victim a label names is not the attacker;
// calls for restraint are appeals; "would pay for" in reported speech is a
// threat.
func TestAmongAndAppeals(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-10-26", text: "Israel struck Iran on Saturday. Saudi Arabia and Qatar were among the Arab states that condemned the attack as a violation of Iran's sovereignty and called for restraint.",
			want: []string{"ISR>IRN 19", "SAU>ISR 11", "QAT>ISR 11"}, not: []string{"SAU>IRN 11"}},
		{date: "2024-10-26", text: "Netanyahu promised that Iran would pay for its big mistake.", want: []string{"ISR>IRN 13"}, only: true},
		{date: "2024-10-26", text: "China called for restraint after the clashes between India and Pakistan.", not: []string{"CHN>IND 10", "CHN>PAK 10"}},
	})
}

// A participle describing its noun with no one it acts on is no news; a
// document's participle is its content.
func TestDescriptiveParticiples(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2017-06-05", text: "The Saudi-led coalition fighting in Yemen said it was expelling Qatar from the alliance.",
			not: []string{"SAU>QAT 19", "SAU>- 19"}},
		{date: "2022-09-09", text: "North Korea has adopted a law authorising pre-emptive nuclear strikes.", want: []string{"PRK>- 13"}},
	})
}

// Paying respect is no threat; paying for a mistake is.
func TestPayingFor(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2012-10-01", text: "The delegation laid bouquets before the statues and paid respect for them.", only: true},
		{date: "2024-10-26", text: "Netanyahu said that Iran would pay for its mistake.", want: []string{"ISR>IRN 13"}, only: true},
	})
}

// Meeting a challenge or a deadline is no meeting.
func TestMeetingChallenges(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2012-10-01", text: "The Korean people are courageously meeting all challenges of the U.S. imperialists.", not: []string{"PRK>USA 04", "USA>PRK 04"}},
		{date: "2012-10-01", text: "Kim Yong Nam met the Nigerian delegation on Tuesday.", want: []string{"PRK>NGA 04"}},
	})
}

// Visits in adverbial phrases and crossings made to attend something.
func TestVisitsInPassing(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2018-02-25", text: "Kim Yong Chol crossed into the South on Sunday to attend the Winter Olympics closing ceremony.",
			want: []string{"PRK>KOR 04"}, not: []string{"PRK>KOR 19"}},
		{date: "2023-03-19", text: "Kishida said his heart ached for Koreans during a visit to Seoul on Sunday.", want: []string{"JPN>KOR 04"}},
		{date: "2025-07-12", text: "Lavrov praised Pyongyang's solidarity with Moscow during talks with his counterpart Choe Son Hui in Wonsan.",
			want: []string{"RUS>PRK 05", "RUS>PRK 04", "PRK>RUS 04"}},
		// force crossing in is still an attack, and a hypothetical strike is no visit
		{date: "2022-02-24", text: "Russian troops crossed into Ukraine on Thursday.", want: []string{"RUS>UKR 19"}},
		{date: "2024-06-01", text: "Israel could strike Iran's nuclear sites if talks fail.", want: []string{"ISR>IRN 19 hyp"}, not: []string{"ISR>IRN 04 hyp"}},
		// an arrest of a named compatriot keeps its target
		{date: "2025-03-11", text: "Philippine police arrested Rodrigo Duterte at Manila's airport on Tuesday.", want: []string{"PHL>PHL 17"}},
	})
}

// An answer to an act is no strike on its author unless the text says so.
func TestAnswerIsNoStrike(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "North Korea fired a missile on Friday, a day after South Korea and the United States held joint drills.",
			want: []string{"PRK>KOR 15"}, not: []string{"PRK>KOR 19", "PRK>USA 19"}},
		{date: "2024-06-01", text: "Iran fired missiles at Israel on Saturday after Israel struck its consulate.",
			want: []string{"IRN>ISR 19", "ISR>IRN 19"}},
	})
}

// Force whose target is named by its purpose.
func TestForceForAPurpose(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2023-08-10", text: "ECOWAS said it was ready to use force to restore constitutional order in Niger.", want: []string{"IGO>NER 13"}, only: true},
	})
}

// A vowed response is a threat at whom it answers; a response to a letter
// or a past response is none.
func TestVowedResponse(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-06-01", text: "The FBI blamed Iran for the cyberattack on Friday, and President Biden said the United States would respond proportionally.",
			want: []string{"USA>IRN 11", "USA>IRN 13"}, only: true},
		{date: "2024-06-01", text: "China will respond to the letter next week.", only: true},
		{date: "2024-06-01", text: "China responded angrily to the visit.", only: true},
	})
}

// Dismantling agencies for dialogue cuts ties; "sweeping" before an
// object is an adjective; "the country" with no other state is the one a
// person of the sentence belongs to.
func TestAgenciesAndAdjectives(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2021-03-16", text: "Kim Yo Jong threatened to dismantle the North's agencies for dialogue with Seoul.",
			want: []string{"PRK>KOR 13"}, not: []string{"PRK>KOR 03"}},
		{date: "2017-09-01", text: "Kim Jong Un ordered the army to be ready, two days after the UN Security Council slapped sweeping new sanctions on the country.",
			want: []string{"IGO>PRK 16"}},
	})
}

// A weapon slamming into a building strikes it; a denied sighting denies
// what its relative clause says.
func TestSlamIntoAndDeniedSightings(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-07-08", text: "A Russian missile slammed into Kyiv's main children's hospital on Monday.", want: []string{"RUS>UKR 19"}, only: true},
		{date: "2024-07-08", text: "Ukraine slammed Russia for the attack.", want: []string{"UKR>RUS 11"}, only: true},
		{date: "2024-07-08", text: "Taiwan's coast guard said it had not detected any Chinese ships entering the restricted waters around Kinmen.", only: true},
	})
}

// A verdict is an act others react to.
func TestVerdictReaction(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2025-12-15", text: "A Hong Kong court found the tycoon guilty on Monday of colluding with foreign forces, a verdict Britain and the United States denounced as politically motivated.",
			want: []string{"GBR>HKG 11", "USA>HKG 11"}},
	})
}

// Restoring hotlines between governments restores relations.
func TestRestoredHotlines(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2021-07-27", text: "North Korea and South Korea restored their severed cross-border hotlines on Tuesday.",
			want: []string{"PRK>KOR 05", "KOR>PRK 05"}, only: true},
		{date: "2021-07-27", text: "China and the United States restored their military hotline.", want: []string{"CHN>USA 06", "USA>CHN 06"}, only: true},
	})
}

// A treaty submitted to a parliament is an event between the organs of
// one state (the seed article's ratification step); only stated intents
// between them are not.
func TestSubmissionToParliament(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-10-15", text: "Russia signed a treaty with North Korea on June 19. On Monday October 14, it was submitted to the Russian parliament for ratification.",
			want: []string{"RUS>PRK 05", "PRK>RUS 05", "RUS>RUS 05"}},
	})
}

// Quoted coordinated adjectives stay inside their noun phrase.
func TestQuotedAdjectives(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2025-02-13", text: "Trump said he had held a 'lengthy and highly productive' phone call with Putin on Wednesday.",
			want: []string{"USA>RUS 04", "RUS>USA 04"}, only: true},
	})
}

// A compound subject acting "at talks" met in them.
func TestJointTalksAdjunct(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2025-02-19", text: "Rubio and Lavrov agreed at talks in Riyadh on Tuesday to restore staffing at their embassies.",
			want: []string{"USA>RUS 04", "RUS>USA 04"}},
		{date: "2025-02-19", text: "Russia spoke at talks in Geneva on Tuesday.", not: []string{"RUS>CHE 04"}},
	})
}

// Refusals to yield, rejections by pushing back, offers of asylum.
func TestRefusalsAndOffers(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2025-11-23", text: "Kim Jong Un told the Supreme People's Assembly that the DPRK would never give up its nuclear weapons.",
			want: []string{"PRK>- 12"}, not: []string{"PRK>- 03"}},
		{date: "2025-11-23", text: "Ukraine pushed back on Sunday against key parts of a US draft peace plan.", want: []string{"UKR>USA 12"}, only: true},
		{date: "2019-11-11", text: "Mexico offered asylum to the ousted Bolivian president.", want: []string{"MEX>BOL 03"}, only: true},
	})
}

// Two states modifying one force noun; the force noun's own target; facts
// in an "after" clause of an intent; "the country's" sites struck are not
// the striker's.
func TestStrikesByTwoStates(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-01-12", text: "The Houthis said they had targeted a US carrier, hours after US and British strikes on Yemen killed 16 people.",
			want: []string{"YEM>USA 19", "USA>YEM 19", "GBR>YEM 19"}, only: true},
		{date: "2025-06-22", text: "Iran's parliament approved a measure to close the strait, hours after US bombers struck three of the country's nuclear sites.",
			want: []string{"USA>IRN 19"}, not: []string{"USA>USA 19"}},
		{date: "2025-06-22", text: "Iran's foreign minister said that the US attacks on Iran's nuclear facilities were outrageous and would have everlasting consequences.",
			want: []string{"IRN>USA 13"}},
		// a state and an armed group are two subjects, not modifiers
		{date: "2024-11-26", text: "Israel and Hezbollah agreed to a ceasefire on Tuesday.", want: []string{"ISR>LBN 08", "LBN>ISR 08"}},
	})
}

// Talks named after or before an act, with their duration.
func TestTalksAfterHours(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2019-10-17", text: "Pence said after more than four hours of talks with Erdogan in Ankara that Turkey had agreed to a ceasefire.",
			want: []string{"USA>TUR 04", "TUR>USA 04", "TUR>- 08"}},
	})
}

// Two states' forces fighting battles; "both" urged after a pair.
func TestBattlesAndBoth(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2020-09-27", text: "Azerbaijani and Armenian forces fought their heaviest battles in decades along the front line on Saturday.",
			want: []string{"AZE>ARM 19", "ARM>AZE 19"}, only: true},
		{date: "2020-09-27", text: "Azerbaijan and Armenia clashed on Sunday, and Putin urged both to cease fire immediately.",
			want: []string{"RUS>AZE 02", "RUS>ARM 02"}},
		{date: "2020-09-27", text: "The governments fought a long battle against inflation.", only: true},
	})
}

// Troops entering a state.
func TestTroopsEnterState(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2017-01-19", text: "Senegalese troops entered Gambia on Thursday as part of a West African force.", want: []string{"SEN>GMB 19"}, only: true},
		{date: "2017-01-19", text: "The two sides entered talks on Thursday.", only: true},
	})
}

// Halting propaganda broadcasts de-escalates toward the adversary.
func TestHaltingBroadcasts(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2025-06-12", text: "North Korea fired artillery shells at South Korea. The South's military halted its propaganda broadcasts on Wednesday.",
			want: []string{"KOR>PRK 08"}},
		{date: "2025-06-12", text: "The North switched off its own noise broadcasts the following day.", not: []string{"PRK>- 17"}},
	})
}

// A preposition's object is no subject of the participle after it.
func TestParticipleAfterPrepObject(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2020-09-16", text: "Israel has signed agreements establishing formal relations with the United Arab Emirates and Bahrain at a White House ceremony hosted by US President Donald Trump.",
			want: []string{"ISR>ARE 05", "ISR>BHR 05", "BHR>ISR 05"}},
	})
}

// Condemning "the deals" condemns the parties of the agreement reported.
func TestCondemnTheDeals(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2020-09-16", text: "Israel signed an agreement with the United Arab Emirates on Tuesday. Palestinian leaders have condemned the deal as a betrayal of their cause.",
			want: []string{"ISR>ARE 05", "PSE>ARE 11"}, not: []string{"PSE>- 11"}},
	})
}

// Pardoning acts is no release.
func TestPardonActs(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2012-10-01", text: "The army and the people of the DPRK will never pardon such brigandish acts of Japan.", not: []string{"PRK>- 12", "PRK>JPN 12", "PRK>JPN 08"}},
		{date: "2024-06-01", text: "Russia pardoned the jailed American journalist.", want: []string{"RUS>USA 08"}, only: true},
	})
}

// A relative clause on the subject may hold a subordinate clause with its
// own subject; the verb after the closing comma is the main one, with the
// subject the relative clause modifies, not the subordinate clause's.
func TestSubordinateInsideRelative(t *testing.T) {
	for _, text := range []string{
		"The war in Yemen, which began in 2014 shortly after the Houthis seized Sanaa, has killed more than 150,000 people.",
		"The conflict, which broke out in 2011 after Assad's forces crushed protests, has killed half a million people.",
	} {
		t.Run(text, func(t *testing.T) {
			for _, e := range codeText(t, "2019-12-10", text) {
				if e.Code == "190" || e.Code == "1823" {
					t.Errorf("the killing is the war's, not the subordinate clause subject's: %s>%s %s (%s)", e.Source, e.Target, e.Code, e.Pattern)
				}
			}
		})
	}
}

// An act named in a "since" clause dates the main one; it is no event.
func TestSinceClauseIsATimeAnchor(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-01-04", text: "Ukraine and Russia carried out the largest prisoner exchange since the full-scale invasion began.",
			want: []string{"UKR>RUS 08", "RUS>UKR 08"}, only: true},
		{date: "2023-05-01", text: "Russia has lost 500 tanks since its invasion started in 2022.", want: nil, only: true},
		// an event noun subject outside a "since" clause stays an event
		{date: "2023-04-15", text: "Fighting erupted in Khartoum between the army and the RSF.", want: []string{"SDN>SDN 19"}},
	})
}

// Landing in a field or the sea is something falling, not a visit.
func TestLandingIsNotAlwaysAVisit(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-01-04", text: "The Russian army fired one of the missiles at Ukraine on Friday, and it landed in an open field in the Kharkiv region.",
			want: []string{"RUS>UKR 19"}, only: true},
		{date: "2024-06-19", text: "Putin landed in Pyongyang on Tuesday.", want: []string{"RUS>PRK 04", "PRK>RUS 04"}, only: true},
	})
}

// Military works taken apart de-escalate (087); a state blowing up its own
// test site closes it, it attacks no one.
func TestTearingDownPosture(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2018-11-20", text: "Soldiers from India and China began tearing down guard posts along the border last week.",
			want: []string{"IND>- 08", "CHN>- 08"}, only: true},
		{date: "2018-05-24", text: "North Korea blew up its nuclear test site on Thursday.", want: []string{"PRK>- 08"}, only: true},
		{date: "2018-05-24", text: "Protesters tore down a statue of Lenin in the square.", want: nil, only: true},
		// another state's site blown up is still an attack
		{date: "2025-06-22", text: "Israeli jets blew up an Iranian missile base near Tabriz.", want: []string{"ISR>IRN 19"}},
	})
}

// The toll after an accused act is part of the accusation, never the
// accuser's own killing.
func TestTollOfAnAccusedAct(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2020-10-11", text: "Azerbaijan accused Armenian forces of firing a missile at an apartment block in Ganja, killing nine civilians.",
			want: []string{"AZE>ARM 11"}, only: true, not: []string{"AZE>AZE 18", "AZE>AZE 19"}},
		{date: "2022-01-20", text: "Russia accused Ukraine of shelling a market in Donetsk, killing 27 people.",
			want: []string{"RUS>UKR 11"}, only: true},
	})
}

// A participle after an "after" clause is the main act's toll, not the
// subordinate clause subject's act.
func TestTollAfterTimeClause(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2020-10-11", text: "Ugandan police fired live rounds at protesters on Tuesday after lawmakers approved the new law, killing several people.",
			want: []string{"UGA>UGA 17"}, not: []string{"UGA>UGA 18", "UGA>UGA 19"}},
	})
}

// Linking an act to a state accuses it; linking places is no event.
func TestLinkingAnActAccuses(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-03-24", text: "Putin has sought to link the attack to Ukraine.", want: []string{"RUS>UKR 11"}, only: true},
		{date: "2013-09-22", text: "Kenya has tied the bombing to Somalia.", want: []string{"KEN>SOM 11"}, only: true},
		{date: "2018-05-15", text: "The new bridge will connect Russia to Crimea.", want: nil, only: true},
	})
}

// Flying or sailing a joint patrol is military cooperation between the
// partners (062); flying alone is a show of force.
func TestJointPatrols(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-03-24", text: "Chinese and Russian bombers flew a joint patrol over the Sea of Japan on Tuesday.",
			want: []string{"CHN>RUS 06", "RUS>CHN 06"}, only: true},
		{date: "2024-03-24", text: "Chinese bombers flew over the Sea of Japan.", want: []string{"CHN>- 15"}, only: true},
	})
}

// Armed forces' annual exercise is a drill (150); two states' forces
// holding it together cooperate (062). "Exercise" alone stays no event.
func TestAnnualExercises(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-04-22", text: "American and Philippine forces began their annual Balikatan exercise on Monday.",
			want: []string{"USA>PHL 06", "PHL>USA 06"}, only: true},
		{date: "2024-07-01", text: "The Russian army began its annual summer exercise on Monday.", want: []string{"RUS>- 15"}, only: true},
		{date: "2024-07-01", text: "The annual exercise of voting rights began.", want: nil, only: true},
	})
}

// Diplomatic presence restored is relations restored; an -ing noun the
// dictionary knows no verb for after a verb is its object ("staffing"),
// while after verbs taking an -ing clause it stays a verb.
func TestRestoringEmbassies(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2025-02-18", text: "The United States and Russia agreed on Friday to restore staffing at their embassies.",
			want: []string{"USA>RUS 05", "RUS>USA 05"}, only: true},
		{date: "2023-04-06", text: "Saudi Arabia and Iran restored diplomatic staffing at their embassies.",
			want: []string{"SAU>IRN 05", "IRN>SAU 05"}, only: true},
		{date: "2020-09-24", text: "North Korean soldiers shot dead a South Korean official found drifting in their waters.",
			want: []string{"PRK>KOR 19"}},
	})
}

// Dropping, lifting or withdrawing an objection or a veto yields (080).
func TestDroppingObjections(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-01-23", text: "Turkey dropped its objections to Sweden joining NATO.", want: []string{"TUR>SWE 08"}, only: true},
		{date: "2024-02-01", text: "Hungary lifted its veto on aid to Ukraine.", want: []string{"HUN>UKR 08"}, only: true},
		{date: "2022-06-28", text: "Turkey withdrew its objection to Finland.", want: []string{"TUR>FIN 08"}, only: true},
	})
}

// A caution aimed at no one is a hedge, not a threat.
func TestCautionNeedsATarget(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2018-03-10", text: "Trump wrote on Twitter that progress was being made in talks with Iran, but cautioned that the hope could prove false.",
			not: []string{"USA>- 13", "USA>IRN 13"}},
		{date: "2019-06-14", text: "The United States cautioned Iran against any attack on shipping.", want: []string{"USA>IRN 13"}, only: true},
	})
}

// A stated intent to visit is the visitor's; the host states none.
func TestIntendedVisitHasNoHost(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2018-03-06", text: "Chung Eui-yong will fly to Washington later this week to brief U.S. officials.",
			want: []string{"KOR>USA 03"}, not: []string{"USA>KOR 03"}},
		{date: "2024-06-19", text: "Putin landed in Pyongyang on Tuesday.", want: []string{"RUS>PRK 04", "PRK>RUS 04"}, only: true},
	})
}

// A claim in the bare simple present is a standing position, not an act;
// a claim made on a day is one.
func TestStandingClaims(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-03-24", text: "Venezuela claims the Essequibo region of Guyana.", want: nil, only: true},
		{date: "2024-03-24", text: "China claimed the Scarborough Shoal on Monday.", want: []string{"CHN>- 13"}},
	})
}

// "Struck what X said were Y": Y is the object; the hedge is no clause.
func TestHedgedObject(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-03-24", text: "Turkish jets struck what Ankara said were PKK hideouts in northern Iraq.", want: []string{"TUR>TUR 19"}, only: true},
		{date: "2024-03-24", text: "Turkish jets struck what Ankara called PKK hideouts in northern Iraq.", want: []string{"TUR>TUR 19"}, only: true},
	})
}
