package places

// capitals is the built-in gazetteer of capital cities ("name|CC|population
// in thousands|other names, comma-separated"), so scanning works without a
// GeoNames import. Other names include the Arabic, Persian and Russian
// spellings that sanctions news uses for the cities listed people visit.
var capitals = []string{
	"Kabul|AF|4435|کابل", "Tirana|AL|418", "Algiers|DZ|3415|الجزائر", "Andorra la Vella|AD|22", "Luanda|AO|2776",
	"Buenos Aires|AR|13076", "Yerevan|AM|1093|Ереван", "Canberra|AU|367", "Vienna|AT|1691|Wien,فيينا,وین,Вена", "Baku|AZ|1116|باكو,باکو,Баку",
	"Manama|BH|147|المنامة", "Dhaka|BD|10356", "Minsk|BY|1742|Минск,مينسك", "Brussels|BE|1020|Bruxelles,بروكسل,بروکسل,Брюссель", "Belmopan|BZ|13",
	"Porto-Novo|BJ|234", "Thimphu|BT|98", "La Paz|BO|812|Sucre", "Sarajevo|BA|696", "Gaborone|BW|208",
	"Brasilia|BR|2207|Brasília", "Bandar Seri Begawan|BN|64", "Sofia|BG|1152|София", "Ouagadougou|BF|1086", "Gitega|BI|23|Bujumbura",
	"Phnom Penh|KH|1573", "Yaounde|CM|1299|Yaoundé", "Ottawa|CA|812", "Praia|CV|113", "Bangui|CF|542|بانغي",
	"N'Djamena|TD|721|انجامينا", "Santiago|CL|4837", "Beijing|CN|18000|Peking,بكين,پکن,Пекин", "Bogota|CO|7674|Bogotá", "Moroni|KM|42",
	"Kinshasa|CD|7785|كينشاسا", "Brazzaville|CG|1284", "San Jose|CR|335|San José", "Yamoussoukro|CI|194", "Zagreb|HR|698",
	"Havana|CU|2163|La Habana,هافانا,Гавана", "Nicosia|CY|330", "Prague|CZ|1165|Praha,براغ,Прага", "Copenhagen|DK|1153", "Djibouti|DJ|623|جيبوتي",
	"Santo Domingo|DO|2201", "Quito|EC|1399", "Cairo|EG|7734|القاهرة,قاهره,Каир", "San Salvador|SV|525", "Malabo|GQ|155",
	"Asmara|ER|563|أسمرة", "Tallinn|EE|394", "Mbabane|SZ|76", "Addis Ababa|ET|2757|أديس أبابا", "Suva|FJ|77",
	"Helsinki|FI|558", "Paris|FR|2138|باريس,پاریس,Париж", "Libreville|GA|578", "Banjul|GM|34", "Tbilisi|GE|1050|Тбилиси,تفليس",
	"Berlin|DE|3426|برلين,برلین,Берлин", "Accra|GH|1963", "Athens|GR|664|أثينا,آتن,Афины", "Guatemala City|GT|994", "Conakry|GN|1767",
	"Bissau|GW|388", "Georgetown|GY|235", "Port-au-Prince|HT|1235", "Tegucigalpa|HN|850", "Budapest|HU|1741|Будапешт",
	"Reykjavik|IS|118", "New Delhi|IN|317|نيودلهي,دهلی نو,Нью-Дели", "Jakarta|ID|8540|جاكرتا", "Tehran|IR|7153|طهران,تهران,Тегеран,Teheran", "Baghdad|IQ|5672|بغداد,Багдад",
	"Dublin|IE|1024", "Jerusalem|IL|714|القدس,اورشلیم,Иерусалим", "Rome|IT|2318|Roma,روما,رم,Рим", "Kingston|JM|937", "Tokyo|JP|8336|طوكيو,توکیو,Токио",
	"Amman|JO|1275|عمان,Амман", "Astana|KZ|1078|Nur-Sultan,Астана", "Nairobi|KE|2750|نيروبي", "Tarawa|KI|40", "Pyongyang|KP|3222|평양,بيونغ يانغ,پیونگ‌یانگ,Пхеньян",
	"Seoul|KR|10349|서울,سول,Сеул", "Pristina|XK|550", "Kuwait City|KW|60|الكويت,کویت,Эль-Кувейт", "Bishkek|KG|900|Бишкек", "Vientiane|LA|196",
	"Riga|LV|742|Рига", "Beirut|LB|1916|بيروت,بیروت,Бейрут", "Maseru|LS|118", "Monrovia|LR|939", "Tripoli|LY|1150|طرابلس,Триполи",
	"Vaduz|LI|5", "Vilnius|LT|543|Вильнюс", "Luxembourg|LU|76", "Antananarivo|MG|1391", "Lilongwe|MW|647",
	"Kuala Lumpur|MY|1453|كوالالمبور", "Male|MV|103", "Bamako|ML|1297|باماكو", "Valletta|MT|6", "Majuro|MH|25",
	"Nouakchott|MR|661|نواكشوط", "Port Louis|MU|155", "Mexico City|MX|12294|Ciudad de México", "Palikir|FM|7", "Chisinau|MD|635|Кишинёв,Кишинев",
	"Monaco|MC|32", "Ulaanbaatar|MN|844|Улан-Батор", "Podgorica|ME|136", "Rabat|MA|1655|الرباط", "Maputo|MZ|1191",
	"Naypyidaw|MM|925|Yangon", "Windhoek|NA|268", "Yaren|NR|1", "Kathmandu|NP|1442", "Amsterdam|NL|741|The Hague,أمستردام,Амстердам",
	"Wellington|NZ|381", "Managua|NI|973", "Niamey|NE|774", "Abuja|NG|590|أبوجا", "Skopje|MK|474",
	"Oslo|NO|580|Осло", "Muscat|OM|797|مسقط,Маскат", "Islamabad|PK|601|إسلام آباد,اسلام‌آباد,Исламабад", "Ngerulmud|PW|1", "Ramallah|PS|27|رام الله,Gaza City,غزة",
	"Panama City|PA|408", "Port Moresby|PG|283", "Asuncion|PY|1482|Asunción", "Lima|PE|7737", "Manila|PH|1600",
	"Warsaw|PL|1702|Warszawa,وارسو,Варшава", "Lisbon|PT|517|Lisboa", "Doha|QA|344|الدوحة,دوحه,Доха", "Bucharest|RO|1877|București,Бухарест", "Moscow|RU|10381|Moskva,Moskau,Moscou,موسكو,مسکو,Москва",
	"Kigali|RW|745", "Basseterre|KN|15", "Castries|LC|20", "Kingstown|VC|25", "Apia|WS|40",
	"San Marino|SM|4", "Sao Tome|ST|53", "Riyadh|SA|4205|الرياض,ریاض,Эр-Рияд", "Dakar|SN|2476", "Belgrade|RS|1273|Beograd,بلغراد,Белград",
	"Victoria|SC|22", "Freetown|SL|802", "Singapore|SG|3547|سنغافورة,Сингапур", "Bratislava|SK|424", "Ljubljana|SI|272",
	"Honiara|SB|56", "Mogadishu|SO|2587|مقديشو,Могадишо", "Pretoria|ZA|1619", "Juba|SS|300|جوبا", "Madrid|ES|3255|مدريد,مادرید,Мадрид",
	"Colombo|LK|648", "Khartoum|SD|1974|الخرطوم,خارطوم,Хартум", "Paramaribo|SR|223", "Stockholm|SE|1515|Стокгольм", "Bern|CH|121|Berne,Geneva,Genève,برن,Берн",
	"Damascus|SY|1569|دمشق,Dimashq,Дамаск", "Taipei|TW|7871", "Dushanbe|TJ|543|Душанбе", "Dodoma|TZ|180|Dar es Salaam", "Bangkok|TH|5104|بانكوك",
	"Dili|TL|150", "Lome|TG|749|Lomé", "Nuku'alofa|TO|22", "Port of Spain|TT|49", "Tunis|TN|693|تونس,Тунис",
	"Ankara|TR|3517|أنقرة,آنکارا,Анкара", "Ashgabat|TM|727|Ашхабад", "Funafuti|TV|6", "Kampala|UG|1353", "Kyiv|UA|2797|Kiev,Київ,Киев,كييف,کی‌یف",
	"Abu Dhabi|AE|603|أبوظبي,ابوظبی,Абу-Даби", "London|GB|8961|لندن,Лондон", "Washington|US|689|Washington, D.C.,واشنطن,واشنگتن,Вашингтон", "Montevideo|UY|1270", "Tashkent|UZ|1978|Ташкент,طشقند",
	"Port Vila|VU|35", "Vatican City|VA|1", "Caracas|VE|3000|كاراكاس,Каракас", "Hanoi|VN|1431|Ханой", "Sanaa|YE|1937|Sana'a,صنعاء,صنعا,Сана",
	"Lusaka|ZM|1267", "Harare|ZW|1542", "Hong Kong|HK|7482|香港", "Macau|MO|650",
}

// bigCities are well-known non-capital cities, for articles read without a
// GeoNames import.
var bigCities = []string{
	"St Petersburg|RU|5351|Saint Petersburg,Санкт-Петербург,سانت بطرسبرغ", "Sochi|RU|443|Сочи,سوتشي,سوچی", "Istanbul|TR|14804|إسطنبول,استانبول,Стамбул",
	"Dubai|AE|1137|دبي,دبی,Дубай", "Jeddah|SA|2867|جدة", "Mecca|SA|1323|مكة,مکه", "Aleppo|SY|1602|حلب,Алеппо", "Latakia|SY|340|اللاذقية",
	"Basra|IQ|2600|البصرة", "Mosul|IQ|1739|الموصل", "Erbil|IQ|932|أربيل,اربیل", "Najaf|IQ|482|النجف", "Karbala|IQ|572|كربلاء",
	"Mashhad|IR|2307|مشهد", "Isfahan|IR|1547|أصفهان,اصفهان", "Qom|IR|900|قم", "Shiraz|IR|1249|شيراز,شیراز", "Tabriz|IR|1424|تبريز,تبریز",
	"Karachi|PK|11624|كراتشي,کراچی", "Lahore|PK|6310|لاهور", "Peshawar|PK|1218|بيشاور,پیشاور", "Quetta|PK|733|كويتا,کویته",
	"Kandahar|AF|391|قندهار", "Herat|AF|272|هرات", "Benghazi|LY|650|بنغازي", "Misrata|LY|281|مصراتة", "Aden|YE|550|عدن",
	"Shanghai|CN|22315|上海", "Geneva|CH|183|Genève,جنيف,ژنو,Женева", "New York|US|8175|نيويورك,نیویورک,Нью-Йорк", "Vienna|AT|1691",
	"Minsk|BY|1742", "Lausanne|CH|116", "Munich|DE|1260|München", "Milan|IT|1236|Milano", "Barcelona|ES|1621",
	"Dar es Salaam|TZ|2698", "Lagos|NG|9000", "Goma|CD|144", "Bukavu|CD|225", "Nyala|SD|565|نيالا", "El Fasher|SD|217|الفاشر",
	"Kismayo|SO|183|كسمايو", "Hodeidah|YE|617|الحديدة", "Vladivostok|RU|604|Владивосток", "Kazan|RU|1104|Казань", "Grozny|RU|223|Грозный",
}

// metonyms are places named by an institution ("the Kremlin").
var metonyms = map[string]struct{ place, cc string }{
	"kremlin": {"Moscow", "RU"}, "white house": {"Washington", "US"}, "downing street": {"London", "GB"},
	"elysee": {"Paris", "FR"}, "elysee palace": {"Paris", "FR"}, "zhongnanhai": {"Beijing", "CN"},
	"quai dorsay": {"Paris", "FR"}, "pentagon": {"Washington", "US"}, "capitol hill": {"Washington", "US"},
	"whitehall": {"London", "GB"}, "kremlins": {"Moscow", "RU"},
}
