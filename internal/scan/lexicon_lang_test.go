package scan

import (
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/places"
)

// TestCuesEveryLanguage reads a report of a journey in each language: the
// presence cue, the place it points at (after a preposition, as a direct
// object, or before a verb-final cue with its case ending), and whether
// negation or modality cancels it.
func TestCuesEveryLanguage(t *testing.T) {
	tests := []struct {
		lang, text, place string
		travelled         bool
	}{
		{"en", "The minister flew to Moscow on Monday.", "Moscow", true},
		{"en", "He did not travel to Moscow.", "Moscow", false},
		{"en", "She planned to visit Kabul next month.", "Kabul", false},
		{"fr", "Le ministre s'est rendu à Moscou lundi.", "Moscou", true},
		{"fr", "Il a visité l'Iran en mai.", "Iran", true},
		{"fr", "Il n'a pas voyagé à Moscou.", "Moscou", false},
		{"es", "El general viajó a Bagdad en enero.", "Bagdad", true},
		{"es", "El general no viajó a Bagdad.", "Bagdad", false},
		{"pt", "O ministro chegou a Luanda na segunda-feira.", "Luanda", true},
		{"pt", "Ele não viajou para Luanda.", "Luanda", false},
		{"pt", "O general, no domingo, viajou para Luanda.", "Luanda", true},
		{"it", "Il generale è atterrato a Istanbul.", "Istanbul", true},
		{"it", "Il figlio potrebbe recarsi in Egitto.", "Egitto", false},
		{"de", "Der Minister reiste nach Moskau.", "Moskau", true},
		{"de", "Der Minister reiste nicht nach Moskau.", "Moskau", false},
		{"nl", "De minister reisde naar Moskou.", "Moskou", true},
		{"nl", "Hij is niet naar Moskou gereisd.", "Moskou", false},
		{"de", "Er war in die Innenstadt von Kabul gezogen.", "Kabul", true},
		{"de", "Er ist in Kabul bei einem Angriff getötet worden.", "Kabul", true},
		{"es", "El jefe fue detenido en Bogotá.", "Bogotá", true},
		{"ru", "Министр прибыл в аэропорт Дохи.", "Дохи", true},
		{"ar", "وصل الوزير إلى مطار عمان", "عمان", true},
		{"fa", "وزیر به شهر تهران سفر کرد", "تهران", true},
		{"ru", "Министр прибыл в Москву.", "Москву", true},
		{"ru", "Министр посетила Тегеран в мае.", "Тегеран", true},
		{"ru", "Он не посетил Москву.", "Москву", false},
		{"ru", "Визит главы МИД страны в Москву завершился.", "Москву", true},
		{"ar", "زيارة وزير خارجية البلاد إلى موسكو", "موسكو", true},
		{"ar", "تلقى القائد تدريبات عسكرية في بيروت", "بيروت", true},
		{"en", "The commander trained in Beirut for a year.", "Beirut", true},
		{"en", "The minister will hold talks in Doha.", "Doha", false},
		{"ru", "Министр планирует посетить Тегеран.", "Тегеран", false},
		{"tr", "Bakan Moskova'ya gitti.", "Moskova", true},
		{"tr", "Bakan Tahran'ı ziyaret etmedi.", "Tahran", false},
		{"ar", "وصل الوزير إلى موسكو", "موسكو", true},
		{"ar", "الوزير لن يزور موسكو", "موسكو", false},
		{"ar", "التقى الوزير نظيره بموسكو أمس", "موسكو", true},
		{"ar", "وصل الوزير لبغداد", "بغداد", true},
		{"fa", "وزیر به مسکو سفر کرد", "مسکو", true},
		{"fa", "وزیر به مسکو سفر نکرد", "مسکو", false},
		{"fa", "وزیر هفته گذشته در مسکو بود", "مسکو", true},
		{"ko", "장관은 베이징에 도착했다", "베이징", true},
		{"ko", "장관은 평양에 방문 예정이다", "평양", false},
		{"zh", "外交部长访问北京。", "北京", true},
		{"zh", "他没有访问北京。", "北京", false},
		{"zh", "他将前往莫斯科。", "莫斯科", false},
	}
	for _, tt := range tests {
		words := tokenize(tt.text)
		at := -1
		for i, w := range words {
			if strings.HasSuffix(w.text, tt.place) {
				at = i // the place, or the place with a preposition written on
			}
		}
		if at < 0 {
			t.Errorf("%s %q: the tokenizer gave no word %q: %v", tt.lang, tt.text, tt.place, texts(words))
			continue
		}
		ps := []placeSpan{{a: at, b: at + 1, start: words[at].end - len(tt.place), end: words[at].end, place: places.Place{Name: tt.place}}}
		found := false
		for c := range words {
			if !presenceCues[words[c].lower] {
				continue
			}
			if _, ok := pickPlace(tt.text, words, ps, c, len(words)); ok {
				found = true
				if got := !cancelled(words, 0, c, tt.lang); got != tt.travelled {
					t.Errorf("%s %q: cue %q travelled %v, want %v", tt.lang, tt.text, words[c].text, got, tt.travelled)
				}
				break
			}
		}
		if !found {
			t.Errorf("%s %q: no cue points at %q: %v", tt.lang, tt.text, tt.place, texts(words))
		}
	}
}

func texts(words []word) string {
	var ts []string
	for _, w := range words {
		ts = append(ts, w.text)
	}
	return strings.Join(ts, "|")
}

// TestWordParts: the tokenizer splits what the lists read apart and keeps
// names whole.
func TestWordParts(t *testing.T) {
	tests := []struct{ text, want string }{
		{"visite à l'Iran et d'Abeïbara", "visite|à|l|Iran|et|d|Abeïbara"},
		{"all'Italia, dell'Udinese", "all|Italia|dell|Udinese"},
		{"N'Djamena aujourd'hui", "N'Djamena|aujourd'hui"},
		{"Moskova'ya, Tahran'da, Süleymani'nin", "Moskova|ya|Tahran|da|Süleymani|nin"},
		{"Qa'ida and Mas'ud", "Qa'ida|and|Mas'ud"},
		{"김정은이 평양에서 베이징으로", "김정은이|평양|에서|베이징|으로"},
		{"방문했다 방문을", "방문했다|방문을"},
		{"2026년 5월 8일", "2026|년|5|월|8|일"},
		{"2016年7月18日至22日期间访问北京", "2016|年|7|月|18|日|至|22|日|期间|访问|北京"},
		{"代表团由位于卡塔尔的塔利班政治办主任率领", "代表团|由|位于|卡塔尔的塔利班政治办|主任|率领"},
	}
	for _, tt := range tests {
		if got := texts(tokenize(tt.text)); got != tt.want {
			t.Errorf("tokenize(%q) = %s, want %s", tt.text, got, tt.want)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ lang, text string }{
		{"en", "The minister said that he was in Moscow with the delegation for talks."},
		{"fr", "Le ministre est arrivé dans la capitale pour des entretiens avec les autorités."},
		{"es", "El ministro llegó a la capital para una reunión con los dirigentes del país."},
		{"pt", "O ministro não foi à capital, mas enviou uma delegação pelo segundo ano."},
		{"it", "Il ministro è arrivato nella capitale per una visita che non era prevista."},
		{"de", "Der Minister ist nicht nach Moskau gereist, sagte die Regierung am Montag."},
		{"nl", "De minister is niet naar Moskou gereisd, zei een woordvoerder van het ministerie."},
		{"tr", "Bakan bu hafta Moskova'ya gitti ve bir görüşme için orada olduğu bildirildi."},
		{"tr", "Talibanın lideri geçen temmuz ayında Çin'e gitti. Yetkililerle görüştü."},
		{"en", "President Recep Tayyip Erdoğan met the minister in Ankara on Monday, the presidency said in a statement."},
		{"ru", "Министр прибыл в Москву."},
		{"ar", "وصل الوزير إلى موسكو"},
		{"fa", "وزیر به مسکو سفر کرد و گفت"},
		{"ko", "장관은 베이징에 도착했다"},
		{"zh", "外交部长访问北京。"},
	}
	for _, tt := range tests {
		if got := DetectLanguage(tt.text); got != tt.lang {
			t.Errorf("DetectLanguage(%q) = %s, want %s", tt.text, got, tt.lang)
		}
		if got := detectLanguage(tt.text, tokenize(tt.text)); got != tt.lang {
			t.Errorf("detectLanguage(%q) = %s, want %s", tt.text, got, tt.lang)
		}
	}
}

// TestLexiconCoverage: every language has the word lists a trip needs.
func TestLexiconCoverage(t *testing.T) {
	files, err := lexiconFiles.ReadDir("lexicon")
	if err != nil {
		t.Fatal(err)
	}
	need := []string{"presence", "negation", "modal", "conjunction", "weekday", "relative-day", "delegation", "residence", "later"}
	langs := 0
	for _, f := range files {
		if !strings.HasSuffix(f.Name(), ".txt") {
			continue
		}
		langs++
		data, err := lexiconFiles.ReadFile("lexicon/" + f.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, sec := range need {
			if !strings.Contains(string(data), "["+sec) {
				t.Errorf("%s has no [%s] section", f.Name(), sec)
			}
		}
	}
	if langs != 13 {
		t.Errorf("%d languages, want 13", langs)
	}
}

// TestHanWordsKeptWhole: words holding a character the lists cut at stay
// whole ("将军" is a general, not "will" and "army").
func TestHanWordsKeptWhole(t *testing.T) {
	tests := []struct{ text, want string }{
		{"苏莱曼尼将军前往大马士革", "苏莱曼尼|将军|前往|大马士革"},
		{"他将前往大马士革", "他|将|前往|大马士革"},
		{"和平会谈在日内瓦举行", "和平|会谈|在|日内瓦|举行"},
	}
	for _, tt := range tests {
		if got := texts(tokenize(tt.text)); got != tt.want {
			t.Errorf("tokenize(%q) = %s, want %s", tt.text, got, tt.want)
		}
	}
}

// TestHanPlacesKeptWhole: characters the lists use as words do not cut
// the names of places that hold them.
func TestHanPlacesKeptWhole(t *testing.T) {
	for _, place := range []string{"的黎波里", "埃及", "土耳其", "伊朗伊斯兰共和国", "那不勒斯", "日内瓦", "成都"} {
		if got := texts(tokenize(place)); got != place {
			t.Errorf("tokenize(%q) = %s", place, got)
		}
	}
}
