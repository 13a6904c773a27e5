package scan

import (
	"strings"
	"sync"
	"testing"

	"github.com/vigilhq/vigil/internal/places"
	"github.com/vigilhq/vigil/internal/screening"
)

var (
	placeScannerOnce sync.Once
	placeScanner     *Scanner
)

// testPlaceScanner has the built-in gazetteer and a few towns whose names
// are also words or people's names, as GeoNames holds them.
func testPlaceScanner() *Scanner {
	placeScannerOnce.Do(func() {
		cities := []places.Place{
			{ID: 1, Name: "Mobile", Country: "US", Kind: places.KindCity, Population: 187000},
			{ID: 2, Name: "Most", Country: "CZ", Kind: places.KindCity, Population: 66000},
			{ID: 3, Name: "Castro", Country: "BR", Kind: places.KindCity, Population: 70000},
			{ID: 4, Name: "Union", Country: "US", Kind: places.KindCity, Population: 58000},
			{ID: 5, Name: "Tripoli", Country: "LB", Kind: places.KindCity, Population: 229000, AltNames: []string{"طرابلس"}},
			{ID: 6, Name: "Tikrit", Country: "IQ", Kind: places.KindCity, Population: 160000, AltNames: []string{"티크리트"}},
			{ID: 7, Name: "Sabha", Country: "LY", Kind: places.KindCity, Population: 149000, AltNames: []string{"Sebha"}},
			{ID: 8, Name: "Moscow", Country: "US", Kind: places.KindCity, Population: 25000, AltNames: []string{"Москва", "موسكو"}},
			{ID: 9, Name: "Alti", Country: "CN", Kind: places.KindCity, Population: 20000, AltNames: []string{"التي"}},
			{ID: 10, Name: "Soran", Country: "IQ", Kind: places.KindCity, Population: 125000, AltNames: []string{"Diana"}},
			{ID: 11, Name: "Beijing", Country: "CN", Kind: places.KindCity, Population: 18960744, Capital: true, AltNames: []string{"北京", "베이징", "Pékin"}},
			{ID: 12, Name: "Tehran", Country: "IR", Kind: places.KindCity, Population: 7153000, Capital: true, AltNames: []string{"Tahran"}},
			{ID: 13, Name: "Thane", Country: "IN", Kind: places.KindCity, Population: 1841000, AltNames: []string{"ثاني"}},
			{ID: 14, Name: "Sochi", Country: "RU", Kind: places.KindCity, Population: 443000, AltNames: []string{"Сочи"}},
			{ID: 15, Name: "Kerkrade", Country: "NL", Kind: places.KindCity, Population: 45000, AltNames: []string{"Kirkuk"}},
		}
		placeScanner = New(screening.Build(nil, nil), nil, places.New(cities))
	})
	return placeScanner
}

// foundPlaces lists "text→CC" for each place found, in text order.
func foundPlaces(s *Scanner, text string) string {
	words := tokenize(text)
	_, countries := s.articleContext(words)
	var out []string
	for _, p := range s.findPlaces(text, words, make([]bool, len(words)), countries) {
		out = append(out, text[p.start:p.end]+"→"+p.place.Country)
	}
	return strings.Join(out, " ")
}

func TestFindPlaces(t *testing.T) {
	s := testPlaceScanner()
	tests := []struct{ name, text, want string }{
		// towns named like common words and people need a cue
		{"town with a cue", "US officials said the envoy flew to Mobile last week.", "Mobile→US"},
		{"far town with a cue", "The plane landed at Castro airfield.", ""},
		{"common word", "Most officials declined to comment on the Union vote.", ""},
		{"surname after a first name", "Fidel Castro met the delegation.", ""},
		{"surname after a title, even with a cue", "The letter went to President Castro yesterday.", ""},
		{"big city named like a person", "Kingston Reif, an analyst, disagreed.", ""},
		{"alternate name unlike the place's own", "Diana said nothing to Pyongyang.", "Pyongyang→KP"},
		{"alternate name with a cue", "He flew to Pékin on Monday.", "Pékin→CN"},
		{"demonym", "Yemeni officials met Egyptian diplomats.", ""},
		// outlets
		{"outlet", "The Tehran Times reported that he had arrived in Doha.", "Doha→QA"},
		{"outlet of three words", "Sky News Arabia said the minister was in Cairo.", "Cairo→EG"},
		{"hyphenated outlet", "Al-Arabiya reported the talks in Beirut.", "Beirut→LB"},
		// abbreviations name the actor unless a cue places someone there
		{"abbreviation as actor", "US officials and the U.N. said the UAE would act.", ""},
		{"abbreviation with a cue", "He travelled to the US and then to the UAE.", "US→US UAE→AE"},
		{"organisation after a cued city", "He served in the Quds Force for years.", ""},
		// which of several places of one name
		{"the article's country", "Lebanon said the minister spent a night in Tripoli.", "Lebanon→LB Tripoli→LB"},
		{"capital not dwarfed by a namesake", "The United States said he was seen in Moscow.", "United States→US Moscow→RU"},
		{"a town in a country the sentence names", "In Iraq, the militias hold Tikrit.", "Iraq→IQ Tikrit→IQ"},
		{"a town with a cue in a country the article names", "Libya's south is lawless. He hid near Sebha.", "Libya→LY Sebha→LY"},
		{"a town in a country the article's adjective names", "Il se cache dans le Sud libyen, près de Sebha.", "Sebha→LY"},
		{"a town far away needs more than a cue", "He grew up in Kirkuk before the war.", ""},
		{"possessive place before a town", "He spoke in Iraq's Tikrit province.", "Iraq→IQ Tikrit→IQ"},
		// other languages
		{"French cue", "Il s'est rendu à Moscou puis en Corée du Nord.", "Moscou→RU Corée du Nord→KP"},
		{"German", "Er reiste nach Nordkorea und in die Vereinigten Staaten.", "Nordkorea→KP"},
		{"Spanish", "Viajó a Teherán y a Estados Unidos.", "Teherán→IR Estados Unidos→US"},
		{"Italian", "È arrivato negli Stati Uniti e poi in Turchia.", "Stati Uniti→US Turchia→TR"},
		{"Portuguese", "Ele visitou o Irã e a Guiné-Bissau.", "Irã→IR Guiné-Bissau→GW"},
		{"Dutch", "Hij reisde naar Noord-Korea en de Verenigde Staten.", "Noord-Korea→KP Verenigde Staten→US"},
		{"Turkish case endings", "Heyet İran'a gitti, sonra Tahran'da kaldı.", "İran→IR Tahran→IR"},
		{"Russian cases", "Он прилетел в Москву, а затем был в Северной Корее и в Сирии.", "Москву→RU Северной Корее→KP Сирии→SY"},
		{"Russian genitive and abbreviation", "Делегация из Дохи посетила КНДР.", "Дохи→QA КНДР→KP"},
		{"Russian undeclined", "Встреча прошла в Сочи.", "Сочи→RU"},
		{"Arabic prefixes", "وصل الوفد إلى طهران ثم بالعراق وللعراق.", "طهران→IR العراق→IQ للعراق→IQ"},
		{"Arabic word folding like a town", "الزيارة التي قام بها ثاني أيام العيد.", ""},
		{"Arabic Oman alone", "وصل إلى عمان أمس.", "عمان→OM"},
		{"Arabic Amman in a Jordanian story", "أعلن الأردن أن الوفد وصل إلى عمان.", "الأردن→JO عمان→JO"},
		{"Persian", "او به تهران و پیونگ‌یانگ سفر کرد.", "تهران→IR پیونگ‌یانگ→KP"},
		{"Korean particles", "대표단은 베이징에서 평양으로 갔고 중국을 떠났다.", "베이징→CN 평양→KP 중국→CN"},
		{"Korean common word", "수도 서울 지난 주에", "서울→KR"},
		// a word for "capital" next to a country names its capital
		{"demonym and capital", "He has lived in the Eritrean capital since 2009.", "Eritrean capital→ER"},
		{"possessive and capital", "He flew to Iran's capital on Monday.", "Iran→IR Iran's capital→IR"},
		{"capital named after", "He reached the Syrian capital Damascus at night.", "Damascus→SY"},
		{"capital alone", "The capital was quiet.", ""},
		{"French capital", "Il est arrivé dans la capitale iranienne.", "capitale iranienne→IR"},
		{"Russian capital", "Делегация прибыла в российскую столицу.", "российскую столицу→RU"},
		{"Russian capital of", "Он прилетел в столицу Эритреи.", "столицу Эритреи→ER Эритреи→ER"},
		{"Arabic capital", "وصل إلى العاصمة الإيرانية.", "العاصمة الإيرانية→IR"},
		{"Persian capital", "او به پایتخت ایران رفت.", "پایتخت ایران→IR ایران→IR"},
		{"border", "Il a traversé la frontière tchadienne hier.", "frontière tchadienne→TD"},
		{"soil", "He was seen on Iranian soil last week.", "Iranian soil→IR"},
		{"border of a named country", "They crossed the border of Chad.", "Chad→TD"},
		// a noun such as "city" places the name after it
		{"city of", "He was seen near the Iraqi city of Tikrit.", "Tikrit→IQ"},
		{"Congo in a DRC story", "The DRC army said he fled into the forests of eastern Congo.", "Congo→CD"},
		// institutions standing for their city need a cue
		{"metonym as actor", "The Kremlin said it would reply.", ""},
		{"metonym with a cue", "He was received at the White House.", "White House→US"},
		{"metonym in Russian", "Его приняли в Кремле.", "Кремле→RU"},
		{"metonym in Arabic", "استقبله بوتين في الكرملين.", "الكرملين→RU"},
		{"Turkish endings on exonyms", "Heyet Tahran'a ve Pekin'e gitti.", "Tahran→IR Pekin→CN"},
		{"Korean particle on a town", "그는 이라크 티크리트에서 목격됐다.", "이라크→IQ 티크리트→IQ"},
		{"Korean town without a particle", "이라크 정부는 티크리트 문제를 논의했다.", "이라크→IQ"},
		{"Chinese visit compound", "塔利班代表团访华。", "访华→CN"},
		{"Korean visit compound", "김 위원장의 방중은 네 번째다.", "방중→CN"},
		{"Chinese without spaces", "代表团访问了北京和上海，美国官员说。", "北京→CN 上海→CN 美国→US"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := foundPlaces(s, tt.text); got != tt.want {
				t.Errorf("%s\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}
