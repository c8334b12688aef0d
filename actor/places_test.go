package actor

import (
	"strings"
	"testing"
)

// placeCases check the gazetteer: places resolve to the country they lie
// in (written "span=@CCC"; "@" alone for no country), disputed land
// follows the conventions in places.tsv, and places that are also common
// words or personal names need a cue.
var placeCases = []mentionCase{
	// cities and ports of the wars in the news
	{text: "Russian missiles struck Odesa and Kharkiv overnight.", want: "Russian=RUS | Odesa=@UKR | Kharkiv=@UKR"},
	{text: "Drones hit Odessa, Kharkov and Dnipropetrovsk.", want: "Odessa=@UKR | Kharkov=@UKR | Dnipropetrovsk=@UKR"},
	{text: "Fighting raged around Pokrovsk, Bakhmut and Avdiivka.", want: "Pokrovsk=@UKR | Bakhmut=@UKR | Avdiivka=@UKR"},
	{text: "Ukrainian troops crossed into the Kursk region.", want: "Ukrainian troops=UKRMIL | the Kursk region=@RUS"},
	{text: "Shelling of Belgorod and Bryansk continued.", want: "Belgorod=@RUS | Bryansk=@RUS"},
	{text: "Israeli troops entered Rafah and Khan Younis in the Gaza Strip.", want: "Israeli troops=ISRMIL | Rafah=@PSE | Khan Younis=@PSE | the Gaza Strip=@PSE"},
	{text: "A raid on Jenin and Nablus in the occupied West Bank", want: "Jenin=@PSE | Nablus=@PSE | the occupied West Bank=@PSE"},
	{text: "strikes on Deir al-Balah and Deir al Balah", want: "Deir al-Balah=@PSE | Deir al Balah=@PSE"},
	{text: "Rockets were fired at Haifa and Tel Aviv.", want: "Haifa=@ISR | Tel Aviv=@ISR"},
	{text: "Hezbollah fighters in Tyre and Nabatieh", want: "Hezbollah fighters=LBNREB | Tyre=@LBN | Nabatieh=@LBN"},
	{text: "Syrian rebels seized Aleppo and Hama.", want: "Syrian rebels=SYRREB | Aleppo=@SYR | Hama=@SYR"},
	{text: "Turkish drones struck Kobani and Qamishli.", want: "Turkish=TUR | Kobani=@SYR | Qamishli=@SYR"},
	{text: "a rocket attack on Erbil and Ain al-Asad", want: "Erbil=@IRQ | Ain al-Asad=@IRQ"},
	{text: "Israel struck Isfahan, Natanz and Fordow.", want: "Israel=ISR | Isfahan=@IRN | Natanz=@IRN | Fordow=@IRN"},
	{text: "US jets bombed Hodeidah and Saada.", want: "US jets=USAMIL | Hodeidah=@YEM | Saada=@YEM"},
	{text: "The RSF took El Fasher in North Darfur.", want: "The RSF=SDNREB | El Fasher=@SDN | North Darfur=@SDN"},
	{text: "fighting in Omdurman and Wad Madani", want: "Omdurman=@SDN | Wad Madani=@SDN"},
	{text: "M23 rebels captured Goma and Bukavu.", want: "M23 rebels=CODREB | Goma=@COD | Bukavu=@COD"},
	{text: "Ethiopian forces entered Mekelle, the capital of Tigray.", want: "Ethiopian forces=ETHMIL | Mekelle=@ETH | Tigray=@ETH"},
	{text: "jihadists attacked Timbuktu and Kidal", want: "jihadists=REB | Timbuktu=@MLI | Kidal=@MLI"},
	{text: "Boko Haram raided Maiduguri in Borno State.", want: "Boko Haram=NGAREB | Maiduguri=@NGA | Borno State=@NGA"},
	{text: "Al-Shabaab attacked Kismayo.", want: "Al-Shabaab=SOMREB | Kismayo=@SOM"},
	{text: "Fighting resumed in Benghazi and Sirte.", want: "Benghazi=@LBY | Sirte=@LBY"},
	{text: "Militants attacked Quetta and Peshawar.", want: "Militants=REB | Quetta=@PAK | Peshawar=@PAK"},
	{text: "The Taliban entered Kandahar and Herat.", date: "2021-08-13", want: "The Taliban=AFGREB | Kandahar=@AFG | Herat=@AFG"},
	{text: "Rebels took Lashio in Shan State.", want: "Rebels=REB | Lashio=@MMR | Shan State=@MMR"},
	{text: "Protesters rallied in Hong Kong.", want: "Protesters=CVL | Hong Kong=HKG"},
	{text: "Chinese ships sailed near Kinmen and Matsu.", want: "Chinese=CHN | Kinmen=@TWN | Matsu=@TWN"},
	{text: "Azerbaijani forces shelled Stepanakert.", want: "Azerbaijani forces=AZEMIL | Stepanakert=@AZE"},
	{text: "Gang violence in Cite Soleil and Port-au-Prince", want: "Cite Soleil=@HTI | Port-au-Prince=HTIGOV"},
	{text: "Cartel gunmen in Culiacan, Sinaloa", want: "gunmen=REB | Culiacan=@MEX | Sinaloa=@MEX"},
	// occupied, annexed and disputed land (conventions in places.tsv)
	{text: "Russia annexed Crimea in 2014.", want: "Russia=RUS | Crimea=@UKR"},
	{text: "Russian forces in Donetsk, Luhansk, Zaporizhzhia and Kherson", want: "Russian forces=RUSMIL | Donetsk=@UKR | Luhansk=@UKR | Zaporizhzhia=@UKR | Kherson=@UKR"},
	{text: "a blast in Sevastopol on the Crimean peninsula", want: "Sevastopol=@UKR | the Crimean peninsula=@UKR"},
	{text: "the war in the Donbas", want: "the Donbas=@UKR"},
	{text: "Israel's annexation of the Golan Heights", want: "Israel's=ISR | the Golan Heights=@SYR"},
	{text: "Israeli troops advanced in the Golan.", want: "Israeli troops=ISRMIL | the Golan=@SYR"},
	{text: "settlements in East Jerusalem", want: "East Jerusalem=@PSE"},
	{text: "Armenians fled Nagorno-Karabakh.", want: "Armenians=ARM | Nagorno-Karabakh=@AZE"},
	{text: "Russian troops in Abkhazia and South Ossetia", want: "Russian troops=RUSMIL | Abkhazia=@GEO | South Ossetia=@GEO"},
	{text: "Russian peacekeepers in Transnistria", want: "Russian peacekeepers=RUSMIL | Transnistria=@MDA"},
	{text: "the Turkish Republic of Northern Cyprus", want: "the Turkish Republic of Northern Cyprus=@CYP"},
	{text: "an attack in Indian-administered Kashmir", want: "Indian-administered Kashmir=@IND"},
	{text: "shelling in Pakistani-administered Kashmir", want: "Pakistani-administered Kashmir=@PAK"},
	{text: "militants in Kashmir", want: "militants=REB | Kashmir=@IND"},
	{text: "the disputed Kashmir region", want: "Kashmir region=@"},
	{text: "Chinese vessels near Second Thomas Shoal", want: "Chinese=CHN | Second Thomas Shoal=@PHL"},
	{text: "a standoff at Ayungin Shoal and Sabina Shoal", want: "Ayungin Shoal=@PHL | Sabina Shoal=@PHL"},
	{text: "China seized Scarborough Shoal in 2012.", want: "China=CHN | Scarborough Shoal=@"},
	{text: "outposts in the Spratly Islands and the Paracels", want: "the Spratly Islands=@ | the Paracels=@"},
	{text: "patrols near the Senkaku Islands", want: "the Senkaku Islands=@JPN"},
	{text: "Japan's claim to Dokdo", want: "Japan's=JPN | Dokdo=@KOR"},
	{text: "the Kuril Islands dispute", want: "the Kuril Islands=@RUS"},
	{text: "Argentina claims the Falklands.", want: "Argentina=ARG | the Falklands=@GBR"},
	{text: "Venezuela's claim to Essequibo", want: "Venezuela's=VEN | Essequibo=@GUY"},
	{text: "the Line of Control and the Line of Actual Control", want: "the Line of Control=@ | the Line of Actual Control=@"},
	// seas and straits: no country
	{text: "Houthi rebels attacked ships in the Red Sea and the Gulf of Aden.", want: "Houthi rebels=YEMREB | the Red Sea=@ | the Gulf of Aden=@"},
	{text: "tankers in the Strait of Hormuz and the Bab el-Mandeb", want: "the Strait of Hormuz=@ | the Bab el-Mandeb=@"},
	{text: "missiles fell into the Sea of Japan, which Korea calls the East Sea", want: "the Sea of Japan=@ | Korea=KOR | the East Sea=@"},
	{text: "drills in the Yellow Sea and the Taiwan Strait", want: "the Yellow Sea=@ | the Taiwan Strait=@"},
	{text: "the Black Sea and the Sea of Azov", want: "the Black Sea=@ | the Sea of Azov=@"},
	{text: "warships passed through the Bosphorus", want: "warships=MIL | the Bosphorus=@TUR"},
	{text: "shipping through the Suez Canal", want: "the Suez Canal=@EGY"},
	// bases: the host country
	{text: "Iran fired missiles at Al Udeid Air Base in Qatar.", want: "Iran=IRN | Al Udeid Air Base=@QAT | Qatar=QAT"},
	{text: "an attack on the al-Udeid base", want: "the al-Udeid base=@QAT"},
	{text: "meetings at Ramstein", want: "Ramstein=@DEU"},
	{text: "US troops at Camp Humphreys", want: "US troops=USAMIL | Camp Humphreys=@KOR"},
	{text: "bombers flew from Guam and Diego Garcia", want: "bombers=MIL | Guam=@USA | Diego Garcia=@GBR"},
	{text: "detainees at Guantanamo Bay", want: "Guantanamo Bay=@CUB"},
	{text: "Russia's Hmeimim air base in Syria", want: "Russia's=RUS | Hmeimim air base=@SYR | Syria=SYR"},
	// the two Koreas' border
	{text: "North Korea shelled Yeonpyeong Island in 2010.", want: "North Korea=PRK | Yeonpyeong Island=@KOR"},
	{text: "a clash near Baengnyeong", want: "Baengnyeong=@KOR"},
	{text: "the Kaesong Industrial Complex and Mount Kumgang", want: "the Kaesong Industrial Complex=@PRK | Mount Kumgang=@PRK"},
	{text: "talks at Panmunjom in the DMZ", want: "Panmunjom=@ | the DMZ=@"},
	{text: "a launch from Sohae and a test at Punggye-ri", want: "Sohae=@PRK | Punggye-ri=@PRK"},
	{text: "the Yongbyon nuclear complex", want: "the Yongbyon nuclear complex=@PRK"},
	{text: "Busan and Incheon", want: "Busan=@KOR | Incheon=@KOR"},
	// tails: region, oblast, power plant, crossing; capitals with a tail are places
	{text: "the Zaporizhzhia nuclear power plant", want: "the Zaporizhzhia nuclear power plant=@UKR"},
	{text: "the Kharkiv Oblast and the Odesa region", want: "the Kharkiv Oblast=@UKR | the Odesa region=@UKR"},
	{text: "the Rafah border crossing", want: "the Rafah border crossing=@PSE"},
	{text: "Russian strikes on the Kyiv region", want: "Russian=RUS | the Kyiv region=@UKR"},
	{text: "Kyiv said the Kyiv region was hit.", want: "Kyiv=UKRGOV | the Kyiv region=@UKR"},
	{text: "fighting in the Damascus countryside", want: "the Damascus countryside=@SYR"},
	{text: "Tehran province", want: "Tehran province=@IRN"},
	// a place with a role word is an actor
	{text: "Kharkiv Governor Oleh Syniehubov said", want: "Kharkiv Governor Oleh Syniehubov=UKRGOV"},
	{text: "Donetsk separatists fired.", want: "Donetsk separatists=UKRREB"},
	{text: "Gaza's health ministry said", want: "Gaza's health ministry=PSEGOV"},
	{text: "the governor of the Kursk region", want: "the governor of the Kursk region=RUSGOV"},
	{text: "residents of Gaza fled", want: "residents of Gaza=PSECVL"},
	{text: "Hong Kong police arrested activists.", want: "Hong Kong police=HKGCOP | activists=OPP"},
	// ambiguous places need a cue
	{text: "Nice weather today.", want: ""},
	{text: "A truck attack in Nice killed 86.", want: "Nice=@FRA"},
	{text: "the city of Nice", want: "Nice=@FRA"},
	{text: "Nice, France", want: "Nice=@FRA | France=FRA"},
	{text: "Split the difference.", want: ""},
	{text: "The ferry left from Split.", want: "Split=@HRV"},
	{text: "Reading the statement, he paused.", want: ""},
	{text: "Reading and Bath are English towns.", want: ""},
	{text: "a rally in Reading", want: "Reading=@GBR"},
	{text: "Mobile phones were banned.", want: ""},
	{text: "the port of Mobile", want: "Mobile=@USA"},
	{text: "Sydney Sweeney starred.", want: ""},
	{text: "Florence Pugh and Adelaide Kane", want: ""},
	{text: "Florence and Milan were quiet.", want: ""},
	{text: "Talks in Florence", want: "Florence=@ITA"},
	{text: "Van drivers protested.", want: ""},
	{text: "PKK fighters in Van", want: "PKK fighters=TURREB | Van=@TUR"},
	{text: "Mocha is a coffee.", want: ""},
	{text: "Yokota said her daughter was abducted.", want: ""},
	{text: "US troops at Yokota Air Base", want: "US troops=USAMIL | Yokota Air Base=@JPN"},
	{text: "Golan said he would resign.", want: ""},
	{text: "Houston, we have a problem.", want: ""},
	{text: "NASA in Houston", want: "Houston=@USA"},
	{text: "Ngozi Okonjo-Iweala spoke.", want: ""},
	{text: "Erez said the deal was close.", want: ""},
	// places next to unknown capitalised words are other names
	{text: "The Kyiv Independent and the Tel Aviv Stock Exchange", want: ""},
	{text: "Oxford University researchers", want: ""},
	{text: "Jaffa Cakes", want: ""},
	// acronyms must be in capitals
	{text: "a Shape of things to come", want: ""},
	{text: "SHAPE headquarters", want: "SHAPE=@BEL"},
	// other look-alikes
	{text: "Victoria Beckham and Jordan Peterson", want: ""},
	{text: "Mosul and Homs", want: "Mosul=@IRQ | Homs=@SYR"},
	{text: "Para nuestro ejercito es una gloria.", want: ""},
	{text: "Bath salts and Reading glasses", want: ""},
	{text: "Georgia's capital Tbilisi", want: "Georgia's=GEO | Tbilisi=GEOGOV"},
	{article: "Voters in Atlanta lined up on Tuesday.", text: "Atlanta, Georgia", want: "Atlanta=@USA"},
}

func TestPlaces(t *testing.T) {
	n := 0
	t.Run("plain", func(t *testing.T) { n = runCases(t, placeCases, plainTokens) })
	t.Run("analyzed", func(t *testing.T) { runCases(t, placeCases, analyzedTokens) })
	t.Logf("%d place mentions checked (each with both tokenizers)", n)
}

// TestPlaceFacet checks what a place mention reports: Kind Place, no
// role, the canonical place name; capitals report the place too.
func TestPlaceFacet(t *testing.T) {
	kb := loadKB(t)
	for _, c := range []struct {
		text                    string
		kind                    Kind
		code, place, name, rule string
	}{
		{"Odessa", Place, "UKR", "Odesa", "Odesa", "place: Odesa (Ukraine)"},
		{"the Red Sea", Place, "", "Red Sea", "Red Sea", "place: Red Sea (no country)"},
		{"Seoul", Metonym, "KORGOV", "Seoul", "South Korea", `metonym: capital "Seoul"`},
		{"the Kyiv region", Place, "UKR", "Kyiv region", "Kyiv region", "place: Kyiv region (Ukraine)"},
		{"Sanaa", Metonym, "YEMREB", "Sanaa", "Yemen", ""},
		{"Kharkiv police", Place, "UKRCOP", "Kharkiv", "Kharkiv", ""},
	} {
		ms := kb.Resolve(kb.NewContext(day(t, "2024-06-01"), c.text), Tokens(c.text))
		if len(ms) != 1 {
			t.Errorf("%q: %d mentions, want 1", c.text, len(ms))
			continue
		}
		m := ms[0]
		if m.Kind != c.kind || m.Code != c.code || m.Place != c.place || m.Name != c.name || c.rule != "" && !strings.HasPrefix(m.Rule, c.rule) {
			t.Errorf("%q: got kind %v code %q place %q name %q rule %q; want %v %q %q %q %q", c.text, m.Kind, m.Code, m.Place, m.Name, m.Rule, c.kind, c.code, c.place, c.name, c.rule)
		}
	}
}
