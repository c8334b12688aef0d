package coder

import "testing"

// Wire phrasing, family by CAMEO family: the ordinary ways news copy reports
// each kind of act (synonyms, phrasal verbs, light verbs with event nouns,
// reactions, participles), in sentences we wrote about real events. Each
// case names the events that must be coded (country>country root).

func TestWireYield(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2022-09-22", text: "Russia and Ukraine swapped nearly 300 prisoners on Wednesday.", want: []string{"RUS>UKR 08", "UKR>RUS 08"}},
		{date: "2023-09-18", text: "Iran freed five American detainees in a swap brokered by Qatar.", want: []string{"IRN>USA 08"}},
		{date: "2019-05-31", text: "Three British sailors were freed by Iran on Friday.", want: []string{"IRN>GBR 08"}},
		{date: "2023-04-22", text: "Turkey handed back the bodies of 12 Iraqi soldiers to Baghdad.", want: []string{"TUR>IRQ 08"}},
		{date: "2020-11-10", text: "Armenia agreed to return the Kalbajar district to Azerbaijan.", want: []string{"ARM>AZE 08"}},
		{date: "2024-11-26", text: "Israel and Hezbollah agreed to a ceasefire on Tuesday.", want: []string{"ISR>LBN 08", "LBN>ISR 08"}},
		{date: "2014-09-05", text: "Ukraine and the rebels signed a ceasefire agreement in Minsk on Friday.", want: []string{"UKR>UKR 08"}},
		{date: "2020-03-05", text: "Russia and Turkey agreed on a ceasefire in Syria's Idlib province.", want: []string{"RUS>TUR 08", "TUR>RUS 08"}},
		{date: "2023-05-20", text: "Sudan's army and the Rapid Support Forces agreed to a seven-day ceasefire.", want: []string{"SDN>SDN 08"}},
		{date: "2022-06-23", text: "The European Union lifted sanctions on Belarusian potash exports.", want: []string{"IGO>BLR 08"}},
		{date: "2015-07-14", text: "The United States agreed to ease sanctions on Iran under the nuclear deal.", want: []string{"USA>IRN 08"}},
		{date: "2024-01-03", text: "Russia pulled its troops back from the outskirts of Kyiv.", want: []string{"RUS>UKR 08"}},
		{date: "2021-08-30", text: "The last US troops withdrew from Afghanistan on Monday.", want: []string{"USA>AFG 08"}},
		{date: "2019-02-12", text: "Venezuela's government reopened its border with Colombia.", want: []string{"VEN>COL 08"}},
		{date: "2016-03-15", text: "Russia began withdrawing its forces from Syria on Tuesday.", want: []string{"RUS>SYR 08"}},
		{date: "2023-06-24", text: "Wagner called off its march on Moscow.", want: []string{"RUS>RUS 08"}},
		{date: "2018-05-10", text: "North Korea freed three detained Americans ahead of the summit.", want: []string{"PRK>USA 08"}},
		{date: "2019-06-01", text: "Venezuela stopped shelling the border town, the Colombian army said.", want: []string{"VEN>- 08"}},
		{date: "2022-08-01", text: "Russia halted gas deliveries to Latvia.", want: []string{"RUS>LVA 16"}},
	})
}

func TestWireAidAndCooperation(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-04-24", text: "The United States announced $1 billion in military aid for Ukraine.", want: []string{"USA>UKR 07"}},
		{date: "2023-02-10", text: "Germany will send 14 Leopard tanks to Ukraine.", want: []string{"DEU>UKR 03"}},
		{date: "2023-02-07", text: "Saudi Arabia sent humanitarian aid to Turkey after the earthquake.", want: []string{"SAU>TUR 07"}},
		{date: "2024-02-01", text: "The EU approved a 50 billion euro support package for Ukraine.", want: []string{"IGO>UKR 07"}},
		{date: "2023-09-13", text: "Russia and North Korea agreed to expand military cooperation.", want: []string{"RUS>PRK 06", "PRK>RUS 06"}},
		{date: "2022-05-06", text: "Japan and Britain agreed to allow their troops to train in each other's countries.", want: []string{"JPN>GBR 06", "GBR>JPN 06"}},
		{date: "2023-04-03", text: "Finland received its first F-35 jets from the United States.", want: []string{"USA>FIN 07"}},
		{date: "2024-06-12", text: "Germany granted asylum to the Russian deserter.", want: []string{"DEU>RUS 07"}},
	})
}

func TestWireDisapproval(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2023-07-18", text: "North Korea fired two missiles into the sea, in what Seoul called a grave provocation.", want: []string{"PRK>- 15", "KOR>PRK 11"}},
		{date: "2023-10-17", text: "A blast hit a hospital in Gaza, drawing condemnation from Egypt, Jordan and Saudi Arabia.", want: []string{"EGY>PSE 11"}},
		{date: "2024-01-12", text: "The United States and Britain struck Houthi targets in Yemen, a move Iran denounced.", want: []string{"USA>YEM 19", "IRN>USA 11"}},
		{date: "2019-06-20", text: "Iran shot down a US drone, which Washington called an unprovoked attack.", want: []string{"IRN>USA 19", "USA>IRN 11"}},
		{date: "2022-02-22", text: "Britain condemned Russia's recognition of the two breakaway regions.", want: []string{"GBR>RUS 11"}},
		{date: "2023-06-14", text: "Germany called the Russian strike on Kryvyi Rih a war crime.", want: []string{"DEU>RUS 11"}},
		{date: "2018-03-26", text: "The United States expelled 60 Russian diplomats over the Skripal poisoning, calling it a reckless attack.", want: []string{"USA>RUS 17"}},
		{date: "2021-01-19", text: "The United States determined that China had committed genocide in Xinjiang.", want: []string{"USA>CHN 11"}},
		{date: "2023-03-17", text: "The International Criminal Court issued an arrest warrant for Vladimir Putin.", want: []string{"IGO>RUS 11"}},
		{date: "2024-05-20", text: "The ICC prosecutor sought arrest warrants for Netanyahu and Sinwar.", want: []string{"IGO>ISR 11"}},
		{date: "2022-10-10", text: "China voiced strong dissatisfaction with the new US export controls.", want: []string{"CHN>USA 11"}},
		{date: "2020-07-14", text: "Beijing lodged a stern protest with Washington over the arms sale to Taiwan.", want: []string{"CHN>USA 11"}},
		{date: "2023-08-24", text: "Japan rejected China's criticism of the Fukushima water release.", want: []string{"JPN>CHN 12"}},
		{date: "2018-04-08", text: "Russia warned the United States against military action in Syria.", want: []string{"RUS>USA 13"}},
	})
}

func TestWireProtest(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2022-09-24", text: "Thousands of Iranians rallied in Tehran against the morality police.", want: []string{"IRN>IRN 14"}},
		{date: "2019-10-01", text: "Iraqi protesters clashed with police in Baghdad.", want: []string{"IRQ>IRQ 14"}},
	})
}

func TestWireReduceRelations(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-08-30", text: "The United States paused military aid to Niger.", want: []string{"USA>NER 16"}},
		{date: "2024-01-28", text: "Mali, Burkina Faso and Niger announced their withdrawal from ECOWAS.", want: []string{"MLI>IGO 16"}},
		{date: "2022-04-07", text: "Russia was suspended from the UN Human Rights Council on Thursday.", want: []string{"IGO>RUS 16"}},
		{date: "2019-08-02", text: "The United States formally withdrew from the INF treaty with Russia.", want: []string{"USA>RUS 16"}},
		{date: "2018-10-09", text: "Saudi Arabia recalled its ambassador to Canada.", want: []string{"SAU>CAN 16"}},
		{date: "2021-08-24", text: "Algeria cut diplomatic ties with Morocco on Tuesday.", want: []string{"DZA>MAR 16"}},
		{date: "2024-04-11", text: "Washington imposed new sanctions on Iran's drone programme.", want: []string{"USA>IRN 16"}},
		{date: "2022-03-08", text: "Biden banned imports of Russian oil.", want: []string{"USA>RUS 16"}},
		{date: "2019-05-15", text: "The US added Huawei to its trade blacklist.", want: []string{"USA>CHN 16"}},
		{date: "2022-01-20", text: "Lithuania downgraded its diplomatic relations with China.", want: []string{"LTU>CHN 16"}},
		{date: "2024-07-02", text: "Israel refused to extend the ceasefire in Lebanon.", want: []string{"ISR>LBN 12"}},
	})
}

func TestWireCoercion(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2023-03-29", text: "Russia arrested Wall Street Journal reporter Evan Gershkovich on spying charges.", want: []string{"RUS>USA 17"}},
		{date: "2023-09-25", text: "Niger's junta ordered the French ambassador to leave the country.", want: []string{"NER>FRA 17"}},
		{date: "2022-04-05", text: "Italy gave 30 Russian diplomats 72 hours to leave the country.", want: []string{"ITA>RUS 17"}},
		{date: "2024-01-18", text: "Ecuador declared Mexico's ambassador persona non grata.", want: []string{"ECU>MEX 17"}},
		{date: "2019-07-04", text: "British marines seized an Iranian oil tanker off Gibraltar.", want: []string{"GBR>IRN 17"}},
		{date: "2023-05-03", text: "Iran seized a Panama-flagged oil tanker in the Strait of Hormuz.", want: []string{"IRN>PAN 17"}},
		{date: "2017-12-03", text: "Turkey expelled the Dutch ambassador.", want: []string{"TUR>NLD 17"}},
		{date: "2016-12-29", text: "The United States ordered the expulsion of 35 Russian diplomats.", want: []string{"USA>RUS 17"}},
		{date: "2024-12-14", text: "South Korea's parliament voted to impeach President Yoon.", want: []string{"KOR>KOR 17"}},
	})
}

func TestWireFighting(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-04-01", text: "An Israeli air strike destroyed Iran's consulate in Damascus.", want: []string{"ISR>IRN 19"}},
		{date: "2023-10-09", text: "Israeli jets dropped bombs on the Gaza Strip overnight.", want: []string{"ISR>PSE 19"}},
		{date: "2022-10-10", text: "Russia pounded Ukrainian cities with missiles on Monday, killing at least 19 people.", want: []string{"RUS>UKR 19"}},
		{date: "2020-09-27", text: "Fighting erupted between Armenia and Azerbaijan over Nagorno-Karabakh on Sunday.", want: []string{"ARM>AZE 19", "AZE>ARM 19"}},
		{date: "2023-04-15", text: "Fighting broke out between Sudan's army and the Rapid Support Forces in Khartoum.", want: []string{"SDN>SDN 19"}},
		{date: "2020-06-15", text: "Twenty Indian soldiers were killed in a clash with Chinese troops in Ladakh.", want: []string{"CHN>IND 19"}},
		{date: "2022-09-14", text: "Azerbaijani forces shelled towns inside Armenia, killing dozens.", want: []string{"AZE>ARM 19"}},
		{date: "2022-02-24", text: "Russian troops invaded Ukraine from the north, east and south.", want: []string{"RUS>UKR 19"}},
		{date: "2023-10-07", text: "Hamas gunmen killed hundreds of Israelis in an attack on southern Israel.", want: []string{"PSE>ISR 19"}},
		{date: "2024-10-26", text: "Israel carried out air strikes on military targets in Iran early on Saturday.", want: []string{"ISR>IRN 19"}},
	})
}

func TestWirePosture(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-05-23", text: "China launched large-scale military drills around Taiwan on Thursday.", want: []string{"CHN>TWN 15"}},
		{date: "2022-10-25", text: "Russia held nuclear drills overseen by Putin.", want: []string{"RUS>- 15"}},
		{date: "2021-04-13", text: "Russia massed more than 100,000 troops near Ukraine's border.", want: []string{"RUS>UKR 15"}},
		{date: "2023-03-19", text: "Kim Jong Un oversaw a test of a nuclear-capable missile.", want: []string{"PRK>- 15"}},
		{date: "2023-02-18", text: "North Korea test-fired an intercontinental ballistic missile on Saturday.", want: []string{"PRK>- 15"}},
	})
}

func TestWireDiplomacy(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2018-06-12", text: "Trump shook hands with Kim Jong Un in Singapore.", want: []string{"USA>PRK 04", "PRK>USA 04"}},
		{date: "2023-03-10", text: "Iran and Saudi Arabia reached a deal to restore diplomatic relations.", want: []string{"IRN>SAU 05", "SAU>IRN 05"}},
		{date: "2023-04-04", text: "Finland became NATO's 31st member on Tuesday.", want: []string{"FIN>IGO 05"}},
		{date: "2022-05-18", text: "Finland and Sweden applied to join NATO on Wednesday.", want: []string{"FIN>IGO 03"}},
		{date: "2019-01-23", text: "The United States recognized Juan Guaido as Venezuela's interim president.", want: []string{"USA>VEN 05"}},
		{date: "2022-07-22", text: "Russia and Ukraine signed a deal in Istanbul to reopen Black Sea ports.", want: []string{"RUS>UKR 05", "UKR>RUS 05"}},
		{date: "2023-11-15", text: "Biden and Xi met on the sidelines of the APEC summit in California.", want: []string{"USA>CHN 04", "CHN>USA 04"}},
		{date: "2024-06-19", text: "Putin arrived in Pyongyang for his first visit in 24 years.", want: []string{"RUS>PRK 04"}},
		{date: "2022-09-15", text: "Putin hosted Xi at a summit in Samarkand.", want: []string{"RUS>CHN 04"}},
		{date: "2024-03-07", text: "Sweden formally joined NATO on Thursday.", want: []string{"SWE>IGO 05"}},
		{date: "2023-02-20", text: "Biden made a surprise visit to Kyiv on Monday.", want: []string{"USA>UKR 04"}},
		{date: "2020-09-15", text: "Israel normalised relations with the United Arab Emirates and Bahrain.", want: []string{"ISR>ARE 05"}},
		{date: "2024-07-23", text: "China brokered a deal between Hamas and Fatah.", want: []string{"CHN>PSE 04"}},
		{date: "2022-11-14", text: "Biden and Xi agreed to resume climate talks.", want: []string{"USA>CHN 04"}},
	})
}

func TestWireThreatsDemandsRejections(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2023-10-10", text: "Iran warned Israel that it would face a severe response if it invaded Gaza.", want: []string{"IRN>ISR 13"}},
		{date: "2024-04-13", text: "Israel vowed to retaliate against Iran.", want: []string{"ISR>IRN 13"}},
		{date: "2022-09-21", text: "Putin threatened to use nuclear weapons to defend Russian territory.", want: []string{"RUS>- 13"}},
		{date: "2018-01-02", text: "Kim Jong Un warned that the nuclear button is always on his desk.", want: []string{"PRK>- 13"}},
		{date: "2023-01-10", text: "China demanded that the United States stop arming Taiwan.", want: []string{"CHN>USA 10"}},
		{date: "2022-12-01", text: "Ukraine rejected Moscow's call for talks.", want: []string{"UKR>RUS 12"}},
		{date: "2023-06-05", text: "Egypt called on Israel to halt its operation in Rafah.", want: []string{"EGY>ISR 02"}},
		{date: "2024-08-01", text: "Hezbollah vowed to avenge the killing of its commander.", want: []string{"LBN>- 13"}},
	})
}

// More wire constructions: amounts and packages, nested owners of a
// target, clauses attached to an object, coups, ultimatums, retaliation
// vowed, multiple event nouns after one light verb.
func TestWireNestedAndAttached(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2025-03-03", text: "Washington paused all military aid to Ukraine on Monday.", want: []string{"USA>UKR 16"}, only: true},
		{date: "2017-03-06", text: "Seoul and Washington said they would deploy the THAAD system, a decision China immediately denounced.", want: []string{"CHN>KOR 11", "CHN>USA 11"}},
		{date: "2019-01-20", text: "Pakistan expelled India's ambassador and suspended bilateral trade on Wednesday.", want: []string{"PAK>IND 17", "PAK>IND 16"}, only: true},
		{date: "2023-07-26", text: "Niger's military rulers ordered the French ambassador to leave the country within 48 hours.", want: []string{"NER>FRA 17"}, only: true},
		{date: "2024-01-15", text: "Hamas freed 13 Israeli hostages in exchange for 39 Palestinian prisoners released by Israel.", want: []string{"PSE>ISR 08", "ISR>PSE 08"}, only: true},
		{date: "2023-02-12", text: "A ceasefire between Israel and Hamas took hold in Gaza early on Friday.", want: []string{"ISR>PSE 08", "PSE>ISR 08"}, only: true},
		{date: "2023-04-12", text: "Japan tightened restrictions on exports to South Korea.", want: []string{"JPN>KOR 16"}, only: true},
		{date: "2024-06-02", text: "Israel signed agreements to normalise relations with Morocco.", want: []string{"ISR>MAR 05", "MAR>ISR 05"}},
		{date: "2024-06-02", text: "Armenia declared martial law and a general mobilisation.", want: []string{"ARM>- 17", "ARM>- 15"}, only: true},
		{date: "2024-06-02", text: "Ukraine's security service was behind the bombing that killed a Russian general in Moscow.", want: []string{"UKR>RUS 19"}, only: true},
		{date: "2024-06-02", text: "Russia's launch of a new missile triggered alarm in Japan.", want: []string{"RUS>- 15"}, only: true},
		{date: "2024-06-02", text: "The United States and China agreed to slash their tariffs for 90 days.", want: []string{"USA>CHN 08", "CHN>USA 08"}, only: true},
		{date: "2024-06-02", text: "Ethiopia and the rebels agreed to a permanent cessation of hostilities.", want: []string{"ETH>ETH 08"}, only: true},
		{date: "2024-06-02", text: "Pakistan handed the captured Indian pilot back to India on Friday.", want: []string{"PAK>IND 08"}, only: true},
		{date: "2024-06-02", text: "Trump said the United States would reimpose sanctions on Iran.", want: []string{"USA>IRN 13"}, only: true},
		{date: "2024-06-02", text: "The Philippines and China reached a provisional arrangement on Sunday.", want: []string{"PHL>CHN 05", "CHN>PHL 05"}, only: true},
		{date: "2024-06-02", text: "Moscow refused to extend the Black Sea grain deal.", want: []string{"RUS>- 12"}, only: true},
		{date: "2024-06-02", text: "Pakistan's army said it would respond to India's missile strikes.", want: []string{"PAK>IND 13"}, only: true},
		{date: "2024-06-02", text: "The West African bloc ECOWAS gave Niger's junta a week to reinstate the president.", want: []string{"IGO>NER 13"}, only: true},
		{date: "2024-06-02", text: "Soldiers in Niger said they had removed the president from power.", want: []string{"NER>NER 17"}, only: true},
		{date: "2024-06-02", text: "South Korea lifted martial law early on Wednesday.", want: []string{"KOR>- 08"}, only: true},
		{date: "2024-06-02", text: "Russia vetoed the renewal of a UN panel of experts.", want: []string{"RUS>IGO 12"}, only: true},
		{date: "2024-06-02", text: "Biden signed a $95 billion aid package that includes $61 billion for Ukraine.", want: []string{"USA>UKR 07"}, only: true},
		{date: "2024-06-02", text: "Niger's junta revoked a military cooperation agreement that had allowed US troops to be stationed there.", want: []string{"NER>USA 16"}, only: true},
		// a deal named only as where an act happened is no target
		{date: "2020-11-10", text: "Armenia and Azerbaijan agreed to end the war over Nagorno-Karabakh in a Russian-brokered deal.", want: []string{"ARM>AZE 08", "AZE>ARM 08"}, only: true},
		// unidentified actors produce no event
		{date: "2025-04-22", text: "Gunmen killed 26 men near the resort town of Pahalgam on Tuesday.", want: nil, only: true},
	})
}

// Wire phrasing of the news of 2019-2025 across families, in sentences we
// wrote: each case names the events that must be coded.
func TestWireRecentNews(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2024-03-05", text: "Beijing lodged a formal complaint with Manila over the collision near Second Thomas Shoal.", want: []string{"CHN>PHL 11"}},
		{date: "2024-06-17", text: "The Kremlin rejected the peace plan as a non-starter.", want: []string{"RUS>- 12"}},
		{date: "2024-02-24", text: "Canada announced new sanctions against Russian banks.", want: []string{"CAN>RUS 16"}},
		{date: "2023-05-19", text: "The G7 leaders pledged to tighten sanctions on Moscow.", want: []string{"IGO>RUS 13"}},
		{date: "2022-03-01", text: "Switzerland froze the assets of Russian oligarchs.", want: []string{"CHE>RUS 16"}},
		{date: "2024-07-11", text: "NATO allies pledged at least 40 billion euros in military aid to Ukraine next year.", want: []string{"IGO>UKR 03"}},
		{date: "2023-09-13", text: "Kim Jong Un invited Putin to visit Pyongyang.", want: []string{"PRK>RUS 02"}},
		{date: "2022-02-21", text: "Putin recognised the independence of the Donetsk and Luhansk regions.", want: []string{"RUS>UKR 05"}},
		{date: "2023-01-25", text: "Germany agreed to send Leopard tanks to Ukraine.", want: []string{"DEU>UKR 07"}},
		{date: "2021-03-22", text: "The EU imposed sanctions on four Chinese officials over Xinjiang.", want: []string{"IGO>CHN 16"}},
		{date: "2023-04-08", text: "China began three days of military drills around Taiwan on Saturday.", want: []string{"CHN>TWN 15"}},
		{date: "2022-10-04", text: "North Korea fired a ballistic missile over Japan for the first time since 2017.", want: []string{"PRK>JPN 15"}},
		{date: "2023-03-16", text: "North Korea test-fired an ICBM hours before Yoon flew to Tokyo.", want: []string{"PRK>- 15"}},
		{date: "2024-01-14", text: "North Korea said it had tested a solid-fuel hypersonic missile.", want: []string{"PRK>- 15"}},
		{date: "2023-11-21", text: "North Korea launched a military spy satellite into orbit.", want: []string{"PRK>- 15"}},
		{date: "2022-09-25", text: "The US aircraft carrier Ronald Reagan arrived in Busan for drills with South Korea.", want: []string{"USA>KOR 04"}},
		{date: "2024-10-15", text: "South Korea's military said the North had blown up sections of roads connecting the two Koreas.", want: []string{"PRK>KOR 19"}},
		{date: "2024-05-29", text: "North Korea sent hundreds of balloons carrying trash into South Korea.", want: []string{"PRK>KOR 17"}},
		{date: "2024-06-09", text: "South Korea resumed loudspeaker broadcasts along the border in retaliation.", want: []string{"KOR>- 17"}},
		{date: "2023-11-22", text: "South Korea partially suspended the 2018 military agreement with the North.", want: []string{"KOR>PRK 16"}},
		{date: "2019-12-12", text: "The United States and South Korea postponed their joint drills.", want: []string{"USA>KOR 16"}},
		{date: "2024-02-14", text: "South Korea and Cuba established diplomatic relations.", want: []string{"KOR>CUB 05", "CUB>KOR 05"}},
		{date: "2024-11-25", text: "Israel's security cabinet approved a ceasefire with Hezbollah.", want: []string{"ISR>LBN 08"}},
		{date: "2024-09-17", text: "Thousands of pagers exploded across Lebanon, and Hezbollah blamed Israel.", want: []string{"LBN>ISR 11"}},
		{date: "2024-09-27", text: "An Israeli strike on Beirut killed Hezbollah leader Hassan Nasrallah.", want: []string{"ISR>LBN 19"}},
		{date: "2024-10-01", text: "Iran fired about 180 ballistic missiles at Israel.", want: []string{"IRN>ISR 19"}},
		{date: "2024-10-26", text: "Israel struck military sites in Iran in retaliation for the missile attack.", want: []string{"ISR>IRN 19"}},
		{date: "2025-06-13", text: "Israel launched strikes on Iran's nuclear facilities at Natanz.", want: []string{"ISR>IRN 19"}},
		{date: "2025-06-22", text: "US bombers struck three Iranian nuclear sites.", want: []string{"USA>IRN 19"}},
		{date: "2024-01-12", text: "Houthi rebels attacked a US destroyer in the Red Sea with anti-ship missiles.", want: []string{"YEM>USA 19"}},
		{date: "2024-02-26", text: "Hungary's parliament ratified Sweden's NATO accession.", want: []string{"HUN>SWE 05"}},
		{date: "2023-07-11", text: "Turkey agreed to back Sweden's bid to join NATO.", want: []string{"TUR>SWE 05"}},
		{date: "2022-06-29", text: "NATO formally invited Finland and Sweden to join the alliance.", want: []string{"IGO>FIN 02"}},
		{date: "2023-10-09", text: "The European Union suspended development aid to the Palestinians.", want: []string{"IGO>PSE 16"}},
		{date: "2024-03-28", text: "Niger ended its military cooperation agreement with the United States.", want: []string{"NER>USA 16"}},
		{date: "2023-09-25", text: "Macron said France would withdraw its ambassador and troops from Niger.", want: []string{"FRA>NER 03"}},
		{date: "2022-11-15", text: "Poland said a Russian-made missile killed two people in a village near the Ukrainian border.", want: nil, only: true},
		{date: "2022-08-04", text: "China suspended climate talks with the United States over Pelosi's visit to Taiwan.", want: []string{"CHN>USA 16"}},
		{date: "2023-06-18", text: "Blinken met Xi Jinping in Beijing on Monday.", want: []string{"USA>CHN 04", "CHN>USA 04"}},
		{date: "2023-12-26", text: "Russia and Ukraine swapped hundreds of prisoners of war.", want: []string{"RUS>UKR 08", "UKR>RUS 08"}},
		{date: "2024-08-06", text: "Ukraine launched a surprise incursion into Russia's Kursk region.", want: []string{"UKR>RUS 19"}},
		{date: "2022-04-03", text: "Bodies of civilians were found in Bucha after Russian troops withdrew.", want: []string{"RUS>- 08"}},
		{date: "2023-06-06", text: "Ukraine accused Russia of blowing up the Kakhovka dam.", want: []string{"UKR>RUS 11"}},
		{date: "2022-10-08", text: "A blast damaged the Kerch bridge linking Crimea to Russia.", want: nil, only: true},
		{date: "2019-02-26", text: "Indian warplanes struck a militant camp inside Pakistan.", want: []string{"IND>PAK 19"}},
		{date: "2025-05-07", text: "India launched missile strikes on nine sites in Pakistan.", want: []string{"IND>PAK 19"}},
		{date: "2025-05-10", text: "India and Pakistan agreed to a ceasefire after four days of fighting.", want: []string{"IND>PAK 08", "PAK>IND 08"}},
		{date: "2023-09-19", text: "Azerbaijan launched an offensive in Nagorno-Karabakh.", want: []string{"AZE>- 19"}},
		{date: "2020-11-10", text: "Russia deployed peacekeepers to Nagorno-Karabakh.", want: []string{"RUS>AZE 15"}},
		{date: "2023-04-16", text: "Sudan's army carried out air strikes on RSF positions in Khartoum.", want: []string{"SDN>SDN 19"}},
		{date: "2024-02-27", text: "Ethiopia and Somalia agreed to resolve their dispute through talks.", want: []string{"ETH>SOM 03", "SOM>ETH 03"}},
		{date: "2023-07-26", text: "Soldiers detained Niger's President Mohamed Bazoum in the presidential palace.", want: []string{"NER>NER 17"}},
		{date: "2024-03-26", text: "Senegal's opposition candidate won the presidential election.", want: nil, only: true},
		{date: "2024-12-08", text: "Syrian rebels captured Damascus and Assad fled the country.", want: []string{"SYR>SYR 19"}},
	})
}

// Long multi-clause sentences and sentences with nothing to code: content
// clauses of documents, indirect objects, reported posture, precision.
func TestWireLongSentences(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2022-09-30", text: "Putin signed treaties annexing four Ukrainian regions on Friday, a move the United Nations chief condemned as a dangerous escalation.", want: []string{"RUS>UKR 19", "IGO>RUS 11"}},
		{date: "2023-08-24", text: "Japan began releasing treated water from the Fukushima plant, prompting China to ban all seafood imports from Japan.", want: []string{"CHN>JPN 16"}},
		{date: "2024-04-19", text: "Explosions were reported near an air base in Isfahan, but Iran played down the incident and said it had no plans to retaliate.", want: nil, only: true},
		{date: "2024-03-24", text: "Russia blamed Ukraine for the Crocus City Hall attack despite a claim of responsibility by the Islamic State group.", want: []string{"RUS>UKR 11"}},
		{date: "2022-02-26", text: "The United States, the EU and Britain agreed to remove selected Russian banks from the SWIFT payment system.", want: []string{"USA>RUS 16", "IGO>RUS 16", "GBR>RUS 16"}},
		{date: "2024-07-19", text: "China said it had no intention of attacking Taiwan, but would not renounce the use of force.", want: nil, only: true},
		{date: "2023-05-16", text: "Russia did not attack Kyiv on Tuesday, officials said.", want: nil, only: true},
		{date: "2024-02-29", text: "France's president said sending Western troops to Ukraine could not be ruled out.", want: nil, only: true},
		{date: "2023-10-17", text: "Jordan cancelled a summit with Biden after a blast at a Gaza hospital killed hundreds.", want: []string{"JOR>USA 16"}},
		{date: "2024-08-31", text: "Israeli forces killed a senior Hamas commander in an air strike in the occupied West Bank, the army said.", want: []string{"ISR>PSE 19"}},
		{date: "2024-05-20", text: "The ICC prosecutor said he was seeking arrest warrants for Israeli and Hamas leaders.", want: []string{"IGO>ISR 11", "IGO>PSE 11"}},
		{date: "2025-01-20", text: "Trump signed an order withdrawing the United States from the World Health Organization.", want: []string{"USA>IGO 16"}},
		{date: "2024-10-29", text: "Israel's parliament passed a law banning UNRWA from operating on Israeli territory.", want: []string{"ISR>IGO 17"}},
		{date: "2023-06-10", text: "Putin said the first tactical nuclear weapons had been moved to Belarus.", want: []string{"RUS>BLR 15"}},
		{date: "2024-09-21", text: "Hezbollah fired about 100 rockets into northern Israel, and Israel struck hundreds of targets in southern Lebanon.", want: []string{"LBN>ISR 19", "ISR>LBN 19"}},
		{date: "2022-07-22", text: "Ukraine and Russia signed separate deals with Turkey and the UN to resume grain exports from Black Sea ports.", want: []string{"UKR>TUR 05", "RUS>TUR 05"}},
		{date: "2023-09-06", text: "Kim Jong Un is expected to travel to Russia to meet Putin, US officials said.", want: nil, only: true},
		{date: "2024-01-03", text: "Two explosions near the tomb of Qassem Soleimani killed dozens of people in Kerman.", want: nil, only: true},
		{date: "2023-07-17", text: "Russia pulled out of the Black Sea grain deal on Monday.", want: []string{"RUS>- 16"}},
		{date: "2023-11-05", text: "Israel's heritage minister said dropping a nuclear bomb on Gaza was an option.", want: nil, only: true},
		{date: "2023-10-13", text: "Israel ordered 1.1 million people in northern Gaza to move south within 24 hours.", want: []string{"ISR>PSE 17"}},
		{date: "2021-04-15", text: "The United States expelled ten Russian diplomats and imposed sanctions on dozens of companies.", want: []string{"USA>RUS 17", "USA>RUS 16"}},
		{date: "2022-03-04", text: "Russian forces seized Europe's largest nuclear power plant at Zaporizhzhia after a fierce battle.", want: []string{"RUS>UKR 19"}},
		{date: "2024-06-12", text: "Ukraine and the United States signed a ten-year security agreement on the sidelines of the G7 summit.", want: []string{"UKR>USA 05", "USA>UKR 05"}},
		{date: "2025-02-12", text: "Trump said he had spoken by phone with Putin and they agreed to begin negotiations.", want: []string{"USA>RUS 04", "RUS>USA 04"}},
		{date: "2023-01-11", text: "Japan and Britain signed a defence pact allowing their forces to deploy on each other's soil.", want: []string{"JPN>GBR 05", "GBR>JPN 05"}},
		{date: "2024-11-21", text: "The ICC issued arrest warrants for Netanyahu and his former defence minister.", want: []string{"IGO>ISR 11"}},
	})
}

// Statements, appeals, demands, protests, courts and coercion at home.
func TestWireDomesticAndLegal(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2023-06-23", text: "The UN Security Council called for an immediate ceasefire in Sudan.", want: []string{"IGO>SDN 02"}},
		{date: "2024-03-25", text: "The Security Council demanded an immediate ceasefire in Gaza.", want: []string{"IGO>PSE 10"}},
		{date: "2023-04-27", text: "Seoul appealed to Pyongyang to return to talks.", want: []string{"KOR>PRK 02"}},
		{date: "2022-12-01", text: "The UN launched an investigation into Russian war crimes in Ukraine.", want: []string{"IGO>RUS 09"}},
		{date: "2023-03-22", text: "Moscow opened a criminal case against the ICC prosecutor.", want: []string{"RUS>IGO 11"}},
		{date: "2024-05-21", text: "Tens of thousands of Georgians rallied in Tbilisi against the foreign agents bill.", want: []string{"GEO>GEO 14"}},
		{date: "2022-09-21", text: "Protests broke out across Russia after Putin announced a partial mobilisation.", want: []string{"RUS>RUS 14", "RUS>- 15"}},
		{date: "2023-07-07", text: "Thousands of Israelis protested against the government's judicial overhaul.", want: []string{"ISR>ISR 14"}},
		{date: "2024-04-02", text: "Israel killed seven aid workers from World Central Kitchen in a drone strike.", want: []string{"ISR>- 19"}},
		{date: "2023-10-28", text: "Israel expanded its ground operations in Gaza.", want: []string{"ISR>PSE 19"}},
		{date: "2024-02-13", text: "Russia placed Estonia's prime minister on a wanted list.", want: []string{"RUS>EST 11"}},
		{date: "2023-08-23", text: "Wagner chief Yevgeny Prigozhin was killed in a plane crash north of Moscow.", want: nil, only: true},
		{date: "2022-12-09", text: "Iran executed a protester convicted of waging war against God.", want: []string{"IRN>IRN 18"}},
		{date: "2024-06-24", text: "A Russian court sentenced the journalist to 16 years in prison on espionage charges.", want: []string{"RUS>RUS 11"}},
		{date: "2023-02-03", text: "The United States shot down a Chinese surveillance balloon off South Carolina.", want: []string{"USA>CHN 19"}},
		{date: "2023-05-10", text: "Pakistan's paramilitary Rangers arrested former prime minister Imran Khan.", want: []string{"PAK>PAK 17"}},
		{date: "2022-11-26", text: "Chinese police detained protesters in Shanghai.", want: []string{"CHN>CHN 17"}},
		{date: "2024-01-05", text: "North Korea fired more than 200 artillery shells near the disputed sea border.", want: []string{"PRK>- 19"}},
		{date: "2022-08-02", text: "China announced live-fire drills around Taiwan in response to Pelosi's visit.", want: []string{"CHN>TWN 15"}},
		{date: "2023-12-18", text: "Venezuela and Guyana agreed not to use force against each other.", want: []string{"VEN>GUY 08", "GUY>VEN 08"}},
		{date: "2023-06-01", text: "Ukraine denied any involvement in the drone attack on Moscow.", want: []string{"UKR>- 01"}},
		{date: "2022-05-12", text: "Finland's leaders called for NATO membership without delay.", want: []string{"FIN>IGO 10"}},
		{date: "2024-10-14", text: "China's coast guard boarded a Philippine resupply boat near Second Thomas Shoal.", want: []string{"CHN>PHL 17"}},
		{date: "2023-04-05", text: "China warned Taiwan's president against meeting the US House speaker.", want: []string{"CHN>TWN 13"}},
	})
}

// The KCNA register: messages of greeting, indignation, exposing moves,
// counteractions, nouns of -ing form, particles the tagger took for verbs.
func TestWireKCNARegister(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2012-11-28", text: "Kim Yong Nam sent a message of greeting to Palestinian President Mahmoud Abbas.", want: []string{"PRK>PSE 05"}, only: true},
		{date: "2012-11-28", text: "Pyongyang citizens are voicing indignation at the south Korean puppet regime for having seized a drifting fishing boat of the DPRK.", want: []string{"PRK>KOR 11"}, only: true},
		{date: "2012-11-01", text: "The Chinese People's Daily laid bare the U.S. moves to contain China.", want: []string{"CHN>USA 11"}, only: true},
		{date: "2012-08-11", text: "The south Korean warmongers started madcap sea-borne infiltration exercises aimed at invading the north.", want: []string{"KOR>- 15"}},
		{date: "2013-04-05", text: "The KPA General Staff warned that the army would take stronger counteractions.", want: []string{"PRK>- 13"}, only: true},
		{date: "2014-05-30", text: "North Korea agreed to reopen an investigation into the fate of Japanese citizens abducted by its agents decades ago.", want: []string{"PRK>JPN 18"}},
	})
}

// Posture, mass violence, legal and diplomatic reactions, and sentences
// that report nothing done (negated, conditional, claims of third parties).
func TestWirePostureAndPrecision(t *testing.T) {
	runCases(t, []codeCase{
		// the alert answers whoever the "after" clause names
		{date: "2024-03-01", text: "Taiwan raised its alert level after Chinese warships approached the island.", want: []string{"TWN>CHN 15"}},
		{date: "2022-02-27", text: "Putin put Russia's nuclear forces on high alert.", want: []string{"RUS>- 15"}},
		{date: "2023-08-14", text: "Poland sent 10,000 troops to its border with Belarus.", want: []string{"POL>BLR 15"}},
		{date: "2022-09-21", text: "Putin ordered the partial mobilisation of 300,000 reservists.", want: []string{"RUS>- 15"}},
		{date: "2024-02-08", text: "North Korea's military held artillery drills near the border island of Yeonpyeong.", want: []string{"PRK>KOR 15"}},
		{date: "2022-04-05", text: "Ukraine accused Russian troops of massacring civilians in Bucha.", want: []string{"UKR>RUS 11"}},
		{date: "2023-10-27", text: "The UN General Assembly demanded a humanitarian truce in Gaza.", want: []string{"IGO>PSE 10"}},
		{date: "2024-01-11", text: "South Africa accused Israel of genocide at the International Court of Justice.", want: []string{"ZAF>ISR 11"}},
		{date: "2022-03-16", text: "Zelensky urged Congress to provide more weapons to Ukraine.", want: []string{"UKR>USA 02"}},
		{date: "2024-06-05", text: "China rejected the Philippines' claims over the shoal.", want: []string{"CHN>PHL 01"}},
		{date: "2023-09-07", text: "Japan protested to China over its ban on Japanese seafood.", want: []string{"JPN>CHN 11"}},
		{date: "2024-02-15", text: "Germany and Ukraine signed a bilateral security agreement.", want: []string{"DEU>UKR 05", "UKR>DEU 05"}},
		{date: "2021-12-07", text: "Biden warned Putin of strong economic measures if Russia invaded Ukraine.", want: []string{"USA>RUS 13"}},
		{date: "2023-05-24", text: "Microsoft said Chinese hackers had infiltrated US infrastructure.", want: nil, only: true},
		{date: "2025-03-18", text: "Israel resumed air strikes on Gaza, ending the ceasefire.", want: []string{"ISR>PSE 19"}},
		{date: "2022-08-04", text: "China suspended cooperation with the United States on climate change.", want: []string{"CHN>USA 16"}},
		{date: "2023-09-28", text: "Azerbaijan arrested the former head of the Karabakh separatist government.", want: []string{"AZE>AZE 17"}},
		{date: "2021-05-10", text: "Hamas fired rockets at Jerusalem, and Israel responded with air strikes on Gaza.", want: []string{"PSE>ISR 19", "ISR>PSE 19"}},
		{date: "2019-05-05", text: "North Korea fired short-range projectiles into the sea, Seoul said.", want: []string{"PRK>- 15"}},
		{date: "2024-06-01", text: "Russia has not attacked NATO territory, Stoltenberg said.", want: nil, only: true},
		{date: "2024-06-01", text: "If China attacked Taiwan, the United States would defend the island, Biden said.", want: nil, only: true},
		{date: "2023-02-24", text: "China called for talks between Russia and Ukraine.", want: []string{"CHN>RUS 10", "CHN>UKR 10"}},
		{date: "2024-11-06", text: "Orban congratulated Trump on his election victory.", want: []string{"HUN>USA 05"}},
		{date: "2023-05-19", text: "Zelensky arrived in Saudi Arabia for an Arab League summit.", want: []string{"UKR>SAU 04"}},
	})
}

// Specialists sent to help are aid (074), never a show of force; leaders
// side by side at an event meet; a city named by its appositive.
func TestHelpersAndPresence(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2019-06-01", text: "Cuba sent 300 military instructors to help train Venezuela's army.", want: []string{"CUB>VEN 07"}, not: []string{"CUB>VEN 15"}},
		{date: "2019-06-01", text: "Iran will send 400 engineers to Syria to help rebuild its power grid.", want: []string{"IRN>SYR 03"}, not: []string{"IRN>SYR 15", "IRN>- 13"}},
		{date: "2019-06-01", text: "Lukashenko stood alongside Putin at a military parade in Moscow on Sunday.", want: []string{"BLR>RUS 04", "RUS>BLR 04"}},
		{date: "2019-06-01", text: "Poland stands alongside Ukraine.", not: []string{"POL>UKR 04"}},
		{date: "2019-06-01", text: "ADF rebels captured Beni, the main city in North Kivu, on Monday.", want: []string{"COD>COD 19"}},
		{date: "2019-06-01", text: "Syria's army said Turkish soldiers shot dead a Syrian farmer found wandering near the border.", want: []string{"TUR>SYR 19"}},
	})
}

// ", a launch that X said violated Y", ", a move X said amounted to Z":
// X accuses the actor of the clause reported; planes or ships sent into
// or near a place are a show of force at its holder.
func TestReportedFaultsAndIncursions(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2017-09-15", text: "North Korea fired a missile over Hokkaido on Friday, a launch that Britain and France said breached UN resolutions.", want: []string{"GBR>PRK 11", "FRA>PRK 11"}, not: []string{"GBR>IGO 12"}},
		{date: "2019-07-04", text: "Japan tightened controls on chemical exports to South Korea, a move Seoul said amounted to economic retaliation.", want: []string{"KOR>JPN 11"}},
		{date: "2019-07-04", text: "Turkey signed a gas deal with Libya, a step Athens said was historic.", not: []string{"GRC>TUR 11", "GRC>LBY 11"}},
		{date: "2022-08-05", text: "China sent 20 warplanes into Taiwan's air defence identification zone on Friday.", want: []string{"CHN>TWN 15"}},
	})
}

// Committees, councils and agencies of a state act for it; "held/put X in
// abeyance" suspends it (160) rather than signing it; visas cancelled
// restrict the people they were issued to.
func TestBodiesAndSuspensions(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2019-08-07", text: "India's Cabinet Committee on Security ordered Pakistani military advisers to leave the country.", want: []string{"IND>PAK 17"}},
		{date: "2019-08-07", text: "Egypt put its gas agreement with Israel in abeyance on Monday.", want: []string{"EGY>ISR 16"}, not: []string{"EGY>ISR 05"}},
		{date: "2019-08-07", text: "Russia cancelled visas issued to Estonian journalists.", want: []string{"RUS>EST 17"}},
	})
}

// "came under fire from X": the subject is the target; casualties of a
// passive clause are the target of the "when" clause's attack; a coalition
// or patrol of a state acts for it; approving an arms sale to X is aid.
func TestTargetsOfAttacksReported(t *testing.T) {
	runCases(t, []codeCase{
		{date: "2021-06-01", text: "An Iraqi army patrol came under fire from Turkish drones near Sinjar.", want: []string{"TUR>IRQ 19"}},
		{date: "2021-06-01", text: "Three Malian soldiers died when Burkinabe troops attacked their post.", want: []string{"BFA>MLI 19"}},
		{date: "2021-06-01", text: "The US-led coalition struck Houthi radar sites near Hodeidah.", want: []string{"USA>YEM 19"}},
		{date: "2021-06-01", text: "The State Department approved a $300 million arms sale to Poland.", want: []string{"USA>POL 07"}},
	})
}
