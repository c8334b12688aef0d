package actor

import "testing"

// collectiveCases check fixed groups of states named as one: the mention
// has no code and lists its members.
var collectiveCases = []mentionCase{
	{text: "The two Koreas agreed to reopen the hotline.", want: "The two Koreas={PRK,KOR}"},
	{text: "Both Koreas marched together.", want: "Both Koreas={PRK,KOR}"},
	{text: "tensions between the Koreas", want: "the Koreas={PRK,KOR}"},
	{text: "talks between North and South Korea", want: "North=PRK | South Korea=KOR"},
	{article: "Seoul and Pyongyang traded threats.", text: "The North and the South signed an accord.", want: "The North and the South={PRK,KOR}"},
	{text: "The North and the South of the country voted.", want: ""},
	{text: "the armies of the two Koreas", want: "the armies of the two Koreas={PRK,KOR}MIL"},
	{text: "the Baltic states and Poland", want: "the Baltic states={EST,LVA,LTU} | Poland=POL"},
	{text: "The Baltics expelled Russian diplomats.", want: "The Baltics={EST,LVA,LTU} | Russian diplomats=RUSGOV"},
	{text: "the Baltic states' armed forces", want: "the Baltic states' armed forces={EST,LVA,LTU}MIL"},
	{text: "the Nordic countries", want: "the Nordic countries={DNK,FIN,ISL,NOR,SWE}"},
	{text: "Gulf Arab states condemned the strike.", want: "Gulf Arab states={SAU,ARE,QAT,KWT,BHR,OMN}"},
	{text: "the Five Eyes alliance", want: "the Five Eyes alliance={USA,GBR,CAN,AUS,NZL}"},
	{text: "Five Eyes intelligence agencies", want: "Five Eyes intelligence agencies={USA,GBR,CAN,AUS,NZL}SPY"},
	{text: "he had five eyes", want: ""},
	{text: "The E3 triggered the snapback.", want: "The E3={GBR,FRA,DEU}"},
	{text: "the five permanent members of the UN Security Council", want: "the five permanent members of the UN Security Council={USA,GBR,FRA,RUS,CHN}"},
	{text: "the Sahel juntas left ECOWAS.", want: "the Sahel juntas={MLI,BFA,NER} | ECOWAS=IGOWAFWAS"},
	{text: "the Central Asian republics", want: "the Central Asian republics={KAZ,KGZ,TJK,TKM,UZB}"},
	{text: "the Quad and AUKUS", want: "the Quad=IGOQUAD | AUKUS=IGOAUKUS"},
	{text: "Western powers and the West", want: "the West=WST"}, // CAMEO's region code, no members
	// pairs named by an adjective (coder helper's request)
	{text: "North Korea demolished the inter-Korean liaison office in Kaesong.", want: "North Korea=PRK | the inter-Korean={PRK,KOR} | Kaesong=@PRK"},
	{text: "Sino-US ties and cross-strait tension", want: "Sino-US={CHN,USA} | cross-strait={CHN,TWN}"},
	{text: "an Indo-Pakistani ceasefire and Franco-German plans", want: "Indo-Pakistani={IND,PAK} | Franco-German={FRA,DEU}"},
	{text: "pro-Russian and anti-American rallies", want: ""},
	// titles before unknown names: generic spokes-words
	{date: "2025-07-01", article: "Seoul said. South Korea said.", text: "Presidential spokesman Kang Yu-jung said.", want: "Presidential spokesman Kang Yu-jung=KORGOV"},
	{date: "2025-07-01", text: "Pentagon spokesman John Kirby said.", want: "Pentagon spokesman John Kirby=USAMIL"},
	{date: "2025-07-01", text: "Pentagon spokesman Jane Roe said.", want: "Pentagon spokesman Jane Roe=USAMIL"},
	{date: "2025-07-01", text: "A spokesman said.", want: "spokesman=GOV"},
	{text: "the Houthis' leader", want: "the Houthis' leader=YEMREB"},
}

func TestCollectives(t *testing.T) {
	n := 0
	t.Run("plain", func(t *testing.T) { n = runCases(t, collectiveCases, plainTokens) })
	t.Run("analyzed", func(t *testing.T) { runCases(t, collectiveCases, analyzedTokens) })
	t.Logf("%d collective mentions checked (each with both tokenizers)", n)
}
