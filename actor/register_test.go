package actor

import "testing"

// kcnaArticle switches the KCNA register on (its dateline and its
// spelling "south Korean").
const kcnaArticle = "Pyongyang, August 11 (KCNA) -- The south Korean authorities are to blame."

// roleCases2 check role conventions added in round 2 and the KCNA
// register: epithets as actors, "Korean" meaning the DPRK, evaluative
// words between a demonym and its role word.
var roleCases2 = []mentionCase{
	// paramilitaries: a state's are its security forces
	{text: "Indian paramilitary police fired.", want: "Indian paramilitary police=INDCOP"},
	{text: "Pakistani paramilitary forces raided a seminary.", want: "Pakistani paramilitary forces=PAKCOP"},
	{text: "Pakistan's paramilitary Rangers arrested him.", want: "Pakistan's paramilitary Rangers=PAKCOP"},
	{text: "Colombian paramilitaries killed villagers.", want: "Colombian paramilitaries=COLREB | villagers=CVL"},
	{text: "the RSF paramilitary forces", want: "the RSF paramilitary forces=SDNREB"},
	{text: "paramilitary forces attacked", want: "paramilitary forces=REB"},
	// attackers without a state
	{text: "A suicide bomber attacked a mosque.", want: "suicide bomber=REB"},
	{text: "a gunman opened fire", want: "gunman=REB"},
	{text: "US bombers flew over", want: "US bombers=USAMIL"},
	// armed groups' leaders
	{date: "2023-06-01", text: "Hezbollah leader Hassan Nasrallah spoke.", want: "Hezbollah leader Hassan Nasrallah=LBNREB"},
	// backers name no actor; Donbas separatists are Ukrainian rebels
	{text: "Iran-backed militias fired rockets at US troops.", want: "militias=REB | US troops=USAMIL"},
	{text: "Iranian-backed Houthis", want: "Houthis=YEMREB"},
	{text: "Ukraine and the Russian-backed separatists agreed to a ceasefire in Donetsk.", want: "Ukraine=UKR | the Russian-backed separatists=UKRREB | Donetsk=@UKR"},
	{text: "pro-Russian separatists in Moldova", want: "separatists=REB | Moldova=MDA"},
	{text: "the self-proclaimed Donetsk People's Republic", article: "Ukraine said.", want: "Donetsk People's Republic=UKRREB"},
	// demonyms
	{text: "Belorussian troops and Byelorussians", want: "Belorussian troops=BLRMIL | Byelorussians=BLR"},
	{article: "Seoul said.", text: "The North's launch was condemned.", want: "The North's=PRK"},
	// evaluative words between a demonym and its role word
	{text: "the south Korean puppet army", want: "the south Korean puppet army=KORMIL"},
	{text: "The U.S. imperialist aggression forces staged drills.", want: "The U.S. imperialist aggression forces=USAMIL"},
	{text: "the U.S. and south Korean warmongers", want: "the U.S.=USAMIL | south Korean warmongers=KORMIL"},
	{text: "the Japanese reactionary trigger-happy forces", want: "the Japanese reactionary trigger-happy forces=JPNMIL"},
	// the KCNA register
	{article: kcnaArticle, text: "The puppet regime and the group of traitors are hell-bent on confrontation.", want: "The puppet regime=KORGOV | the group of traitors=KORGOV"},
	{article: kcnaArticle, text: "the warmongers started madcap exercises aimed at invading the north", want: "the warmongers=KORMIL | the north=PRK"},
	{article: kcnaArticle, text: "The imperialists are to blame.", want: "The imperialists=USAGOV"},
	{article: kcnaArticle, text: "The Korean people will never forgive them.", want: "The Korean people=PRKCVL"},
	{article: kcnaArticle, text: "Koreans in Japan marched.", want: "Koreans=PRK | Japan=JPN"},
	{article: kcnaArticle, text: "the south is escalating tension", want: "the south=KOR"},
	{date: "2012-08-11", article: kcnaArticle, text: "the Lee Myung Bak group", want: "the Lee Myung Bak group=KORGOV"},
	{date: "2012-11-28", article: kcnaArticle, text: "Kim Yong Nam, president of the Presidium of the SPA", want: "Kim Yong Nam=PRKGOV | president of the Presidium of the SPA=PRKGOV"},
	// ... not outside it
	{text: "The Korean people watched the match.", want: "The Korean people=KORCVL"},
	{text: "The puppet regime fell.", want: "The puppet regime=GOV"},
	{text: "warmongers in Washington", want: "warmongers=MIL | Washington=USAGOV"},
	{text: "fighting in the south of the country", want: ""},
	{article: "KCNA reported the launch. Seoul said", text: "South Korean and Korean officials", want: "South Korean=KORGOV | Korean officials=KORGOV"},
	// a role of a list of states goes to each
	{text: "The chieftains of the U.S., Japan and south Korea met.", want: "The chieftains of the U.S.=USAGOV | Japan=JPNGOV | south Korea=KORGOV"},
	{text: "the leaders of Russia, China and Iran", want: "the leaders of Russia=RUSGOV | China=CHNGOV | Iran=IRNGOV"},
	{text: "the armies of Russia and Belarus", want: "the armies of Russia=RUSMIL | Belarus=BLRMIL"},
	{text: "the foreign ministers of Japan and South Korea", want: "the foreign ministers of Japan=JPNGOV | South Korea=KORGOV"},
	{text: "the defence ministers of Japan and South Korea", want: "the defence ministers of Japan=JPNMIL | South Korea=KORMIL"},
	{text: "the leaders of Japan and South Korea's army", want: "the leaders of Japan=JPNGOV | South Korea's army=KORMIL"},
	{text: "South Korean civic organizations demanded a stop to the drills.", want: "South Korean civic organizations=KORCVL"},
	{text: "Protesters and demonstrators marched.", want: "Protesters=CVL | demonstrators=CVL"},
	{text: "Investigators detained the suspect.", want: "Investigators=COP"},
	// crowds and chiefs (coder helper's requests)
	{text: "Tens of thousands of supporters rallied, and mourners and rioters gathered.", want: "supporters=CVL | mourners=CVL | rioters=CVL"},
	{date: "2023-05-10", text: "supporters of Imran Khan stormed the army headquarters", want: "supporters of Imran Khan=PAKCVL | the army headquarters=MIL"},
	{text: "Its defence chiefs said the drills would go on.", want: "defence chiefs=MIL"},
	{text: "the defence chiefs of the two Koreas", want: "the defence chiefs of the two Koreas={PRK,KOR}MIL"},
	{text: "army chiefs and military chiefs met", want: "army chiefs=MIL | military chiefs=MIL"},
	// South Korean parties by date
	{date: "2012-03-01", article: "Seoul said.", text: "the Saenuri Party and the Democratic United Party", want: "the Saenuri Party=KORGOV | the Democratic United Party=KOROPP"},
	{date: "2023-03-01", article: "Seoul said.", text: "the People Power Party and the Democratic Party", want: "the People Power Party=KORGOV | the Democratic Party=KOROPP"},
	{date: "2025-07-01", article: "Seoul said.", text: "the People Power Party and the Democratic Party", want: "the People Power Party=KOROPP | the Democratic Party=KORGOV"},
}

func TestRoles2(t *testing.T) {
	n := 0
	t.Run("plain", func(t *testing.T) { n = runCases(t, roleCases2, plainTokens) })
	t.Run("analyzed", func(t *testing.T) { runCases(t, roleCases2, analyzedTokens) })
	t.Logf("%d role and register mentions checked (each with both tokenizers)", n)
}
