package country

// demonyms map adjectives of nationality to codes. Lists write them in
// nationality fields ("Tunisian"), and news writes them everywhere.
var demonyms = map[string]string{
	"Afghan": "AF", "Albanian": "AL", "Algerian": "DZ", "American": "US", "Angolan": "AO",
	"Argentine": "AR", "Argentinian": "AR", "Armenian": "AM", "Australian": "AU", "Austrian": "AT",
	"Azerbaijani": "AZ", "Bahraini": "BH", "Bangladeshi": "BD", "Belarusian": "BY", "Belgian": "BE",
	"Bosnian": "BA", "Brazilian": "BR", "British": "GB", "Bulgarian": "BG", "Burmese": "MM",
	"Burundian": "BI", "Cambodian": "KH", "Cameroonian": "CM", "Canadian": "CA", "Central African": "CF",
	"Chadian": "TD", "Chilean": "CL", "Chinese": "CN", "Colombian": "CO", "Congolese": "CD",
	"Croatian": "HR", "Cuban": "CU", "Cypriot": "CY", "Czech": "CZ", "Danish": "DK",
	"Djiboutian": "DJ", "Dutch": "NL", "Egyptian": "EG", "Emirati": "AE", "Eritrean": "ER",
	"Estonian": "EE", "Ethiopian": "ET", "Finnish": "FI", "French": "FR", "Georgian": "GE",
	"German": "DE", "Ghanaian": "GH", "Greek": "GR", "Guinean": "GN", "Haitian": "HT",
	"Hungarian": "HU", "Indian": "IN", "Indonesian": "ID", "Iranian": "IR", "Iraqi": "IQ",
	"Irish": "IE", "Israeli": "IL", "Italian": "IT", "Ivorian": "CI", "Japanese": "JP",
	"Jordanian": "JO", "Kazakh": "KZ", "Kenyan": "KE", "Kosovar": "XK", "Kuwaiti": "KW",
	"Kyrgyz": "KG", "Lao": "LA", "Latvian": "LV", "Lebanese": "LB", "Liberian": "LR",
	"Libyan": "LY", "Lithuanian": "LT", "Malaysian": "MY", "Malian": "ML", "Mauritanian": "MR",
	"Mexican": "MX", "Moldovan": "MD", "Mongolian": "MN", "Montenegrin": "ME", "Moroccan": "MA",
	"Mozambican": "MZ", "Nicaraguan": "NI", "Nigerian": "NG", "Nigerien": "NE", "North Korean": "KP",
	"Norwegian": "NO", "Omani": "OM", "Pakistani": "PK", "Palestinian": "PS", "Panamanian": "PA",
	"Filipino": "PH", "Philippine": "PH", "Polish": "PL", "Portuguese": "PT", "Qatari": "QA",
	"Romanian": "RO", "Russian": "RU", "Rwandan": "RW", "Saudi": "SA", "Saudi Arabian": "SA",
	"Senegalese": "SN", "Serbian": "RS", "Singaporean": "SG", "Slovak": "SK", "Slovenian": "SI",
	"Somali": "SO", "South African": "ZA", "South Korean": "KR", "South Sudanese": "SS", "Spanish": "ES",
	"Sri Lankan": "LK", "Sudanese": "SD", "Swedish": "SE", "Swiss": "CH", "Syrian": "SY",
	"Taiwanese": "TW", "Tajik": "TJ", "Tanzanian": "TZ", "Thai": "TH", "Tunisian": "TN",
	"Turkish": "TR", "Turkmen": "TM", "Ugandan": "UG", "Ukrainian": "UA", "Uzbek": "UZ",
	"Venezuelan": "VE", "Vietnamese": "VN", "Yemeni": "YE", "Zambian": "ZM", "Zimbabwean": "ZW",
	"Belarussian": "BY", "Comorian": "KM", "Guinea-Bissauan": "GW", "Bissau-Guinean": "GW",
	"Soviet": "SU", "Persian": "IR",
}

// more long forms seen in list nationality fields.
var longForms = map[string]string{
	"Sultanate of Oman": "OM", "Union of the Comoros": "KM", "RPDC": "KP",
	"China, Hong Kong Special Administrative Region": "HK", "Hong Kong Special Administrative Region": "HK",
	"former Soviet Union": "SU", "Kingdom of Saudi Arabia": "SA", "Arab Republic of Egypt": "EG",
	"Hashemite Kingdom of Jordan": "JO", "State of Kuwait": "KW", "State of Qatar": "QA",
	"Kingdom of Bahrain": "BH", "Republic of Iraq": "IQ", "Islamic Republic of Afghanistan": "AF",
	"Islamic Republic of Pakistan": "PK", "Federal Republic of Somalia": "SO", "Republic of the Sudan": "SD",
	"Republic of South Sudan": "SS", "Central African Republic": "CF", "Republic of Guinea-Bissau": "GW",
}

// Demonym maps an adjective of nationality ("Iranian") to a code.
func Demonym(word string) (string, bool) {
	once.Do(load)
	c, ok := tbl.demonyms[Normalize(word)]
	return c, ok
}

// DemonymFolded is Demonym for a word already in lower-case ASCII (the
// scanner's hot path skips the normalisation).
func DemonymFolded(word string) (string, bool) {
	once.Do(load)
	c, ok := tbl.demonyms[word]
	return c, ok
}
