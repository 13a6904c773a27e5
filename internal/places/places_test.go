package places

import (
	"compress/gzip"
	"os"
	"strings"
	"testing"

	"github.com/vigilhq/vigil/internal/limits/limitstest"
	"github.com/vigilhq/vigil/internal/names"
	"github.com/vigilhq/vigil/internal/realdata"
)

func TestBuiltin(t *testing.T) {
	g := Builtin()
	tests := []struct{ name, country string }{
		{"Moscow", "RU"}, {"Москва", "RU"}, {"в Москву", ""}, {"Москву", "RU"}, {"موسكو", "RU"}, {"مسکو", "RU"},
		{"Tehran", "IR"}, {"Iran (Islamic Republic of)", "IR"}, {"Saudi Arabia", "SA"}, {"US", "US"},
		{"the Kremlin", ""}, {"Kremlin", "RU"}, {"Damascus", "SY"}, {"Atlantis", ""},
	}
	for _, tt := range tests {
		got := g.Lookup(names.Fold(tt.name))
		switch {
		case tt.country == "" && len(got) > 0:
			t.Errorf("Lookup(%q) = %v, want nothing", tt.name, got)
		case tt.country != "" && (len(got) == 0 || got[0].Country != tt.country):
			t.Errorf("Lookup(%q) = %v, want %s", tt.name, got, tt.country)
		}
	}
	if g.MaxWords() < 2 {
		t.Error("multi-word names missing")
	}
}

const citiesFixture = "524901\tMoscow\tMoscow\tMoskva,Москва,موسكو,MOW,mskw,莫斯科,모스크바,Μόσχα\t55.75\t37.61\tP\tPPLC\tRU\t\t48\t\t\t\t10381222\t\t144\tEurope/Moscow\t2022-12-10\n" +
	"4400648\tMoscow\tMoscow\t\t46.73\t-116.99\tP\tPPL\tUS\t\tID\t\t\t\t25435\t\t786\tAmerica/Los_Angeles\t2011-05-14\n"

func TestParseCities(t *testing.T) {
	cities, err := ParseCities(strings.NewReader(citiesFixture), map[string]string{"RU.48": "Moscow"}, map[string]string{"RU": "Moscow"})
	if err != nil {
		t.Fatal(err)
	}
	if len(cities) != 2 || !cities[0].Capital || cities[0].Region != "Moscow" || cities[0].Population != 10381222 {
		t.Fatalf("cities = %+v", cities)
	}
	if strings.Join(cities[0].AltNames, ",") != "Moskva,Москва,موسكو,莫斯科,모스크바" {
		t.Errorf("alt names = %v (codes such as MOW, lower-case romanisations and Greek are dropped)", cities[0].AltNames)
	}
	g := New(cities)
	if got := g.Lookup("moscow"); len(got) < 2 || got[0].Country != "RU" {
		t.Errorf("ambiguous Moscow: %+v (the capital first)", got)
	}
	for _, bad := range []string{"1\tX\n", "x\tMoscow\tMoscow\t\t0\t0\tP\tPPL\tRU\t\t\t\t\t\t1\t\t\t\t\n", "1\tA\tA\t\t0\t0\tP\tPPL\tRUS\t\t\t\t\t\t1\t\t\t\t\n"} {
		if _, err := ParseCities(strings.NewReader(bad), nil, nil); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("ParseCities(%q) err = %v, want a line-1 error", bad, err)
		}
	}
}

func TestRealGeoNames(t *testing.T) {
	path := realdata.Path(t, "geonames", "cities15000.txt.gz")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	af, err := os.Open(realdata.Path(t, "geonames", "admin1CodesASCII.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer af.Close()
	admin1, err := ParseAdmin1(af)
	if err != nil || len(admin1) != 3893 {
		t.Fatalf("admin1: %d entries, %v", len(admin1), err)
	}
	cf, err := os.Open(realdata.Path(t, "geonames", "countryInfo.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer cf.Close()
	caps, err := ParseCountryCapitals(cf)
	if err != nil || caps["RU"] != "Moscow" {
		t.Fatalf("capitals: %v %v", caps["RU"], err)
	}
	cities, err := ParseCities(zr, admin1, caps)
	if err != nil {
		t.Fatal(err)
	}
	if len(cities) != 32847 {
		t.Errorf("%d cities, want 32,847 (the data README's count)", len(cities))
	}
	g := New(cities)
	for _, q := range []string{"Moscow", "Москва", "موسكو", "Sochi", "Qom"} {
		if got := g.Lookup(names.Fold(q)); len(got) == 0 {
			t.Errorf("%s not found", q)
		}
	}
}

func FuzzParseCities(f *testing.F) {
	limitstest.AddSeeds(f, citiesFixture, "1\t\t\t,,,\t\t\t\t\tXX\t\t\t\t\t\tabc\t\t\t\t\n")
	f.Fuzz(func(t *testing.T, data string) {
		r, ok := limitstest.Unpack(data)
		if !ok {
			return
		}
		cities, err := ParseCities(r, nil, nil)
		if err != nil {
			return
		}
		for _, c := range cities {
			if len(c.Country) != 2 {
				t.Fatalf("country %q accepted", c.Country)
			}
		}
	})
}

func TestRussianForms(t *testing.T) {
	tests := []struct{ name, want string }{
		{"Москва", "Москва Москвы Москве Москву Москвой"},
		{"Доха", "Доха Дохи Дохе Доху Дохой"},
		{"Сирия", "Сирия Сирии Сирию Сирией"},
		{"Иран", "Иран Ирана Ирану Ираном Иране"},
		{"Китай", "Китай Китая Китаю Китаем Китае"},
		{"Северная Корея", "Северная Корея|Северной Кореи|Северной Корее|Северную Корею|Северной Кореей"},
		{"Соединённые Штаты", "Соединённые Штаты|Соединённых Штатов|Соединённым Штатам|Соединёнными Штатами|Соединённых Штатах"},
		{"Санкт-Петербург", "Санкт-Петербург Санкт-Петербурга Санкт-Петербургу Санкт-Петербургом Санкт-Петербурге"},
		{"США", "США"},
		{"Сочи", "Сочи"},
	}
	for _, tt := range tests {
		sep := " "
		if strings.Contains(tt.name, " ") {
			sep = "|"
		}
		if got := strings.Join(russianForms(tt.name), sep); got != tt.want {
			t.Errorf("russianForms(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestCountriesInEveryLanguage: the built-in gazetteer knows countries by
// their names in the languages Vigil reads, in their scripts.
func TestCountriesInEveryLanguage(t *testing.T) {
	g := Builtin()
	tests := []struct {
		sc   Script
		name string
		want string
	}{
		{ScriptLatin, "Corée du Nord", "KP"}, {ScriptLatin, "Nordkorea", "KP"}, {ScriptLatin, "Estados Unidos", "US"},
		{ScriptLatin, "Stati Uniti", "US"}, {ScriptLatin, "Irã", "IR"}, {ScriptLatin, "Irão", "IR"}, {ScriptLatin, "Kuzey Kore", "KP"},
		{ScriptLatin, "Verenigde Staten", "US"}, {ScriptLatin, "Centrafrique", "CF"}, {ScriptLatin, "Suriye", "SY"},
		{ScriptCyrillic, "Иране", "IR"}, {ScriptCyrillic, "КНДР", "KP"}, {ScriptCyrillic, "Афганистане", "AF"},
		{ScriptArabic, "اليمن", "YE"}, {ScriptArabic, "كوريا الشمالية", "KP"}, {ScriptArabic, "ایران", "IR"}, {ScriptArabic, "عربستان", "SA"},
		{ScriptHangul, "북한", "KP"}, {ScriptHangul, "미국", "US"}, {ScriptHan, "朝鲜", "KP"}, {ScriptHan, "阿富汗", "AF"}, {ScriptHan, "伊朗", "IR"},
	}
	for _, tt := range tests {
		key := names.Fold(tt.name)
		switch tt.sc {
		case ScriptArabic:
			key = strings.ReplaceAll(key, " ", "")
		case ScriptHan, ScriptHangul:
			key = strings.ReplaceAll(tt.name, " ", "")
		}
		if got := g.Find(tt.sc, key); len(got) == 0 || got[0].Country != tt.want || got[0].Kind != KindCountry {
			t.Errorf("Find(%q) = %v, want the country %s", tt.name, got, tt.want)
		}
	}
}

// TestScriptsKeptApart: a word of one script does not meet a name of
// another that folds alike.
func TestScriptsKeptApart(t *testing.T) {
	g := New([]Place{{ID: 1, Name: "Alti", Country: "CN", Kind: KindCity, Population: 20000}})
	arabic := strings.ReplaceAll(names.Fold("التي"), " ", "")
	if got := g.Find(ScriptLatin, "alti"); len(got) != 1 {
		t.Fatalf("Latin Alti: %v", got)
	}
	if got := g.Find(ScriptArabic, arabic); len(got) != 0 {
		t.Errorf("Arabic %q (\"which\") found %v", arabic, got)
	}
}

// TestPrimaryNameFirst: a place so called comes before a bigger one that
// GeoNames also calls so.
func TestPrimaryNameFirst(t *testing.T) {
	g := New([]Place{
		{ID: 1, Name: "Hong Kong", Country: "HK", Kind: KindCity, Population: 7000000, AltNames: []string{"Victoria"}},
		{ID: 2, Name: "Victoria", Country: "CA", Kind: KindCity, Population: 90000},
		{ID: 3, Name: "Casablanca", Country: "MA", Kind: KindCity, Population: 3000000, AltNames: []string{"White House"}},
	})
	if got := g.Find(ScriptLatin, "victoria"); len(got) != 3 || got[0].Country != "CA" || got[2].Country != "HK" {
		t.Errorf("victoria: %v", got)
	}
	if got := g.Find(ScriptLatin, "white house"); len(got) != 1 || got[0].Country != "US" {
		t.Errorf("white house: %v, want the metonym alone", got)
	}
}

func TestPlaceWords(t *testing.T) {
	w := PlaceWords()
	for _, before := range []string{"in", "to", "a", "v", names.Fold("في"), names.Fold("در"), "nach"} {
		if !w.Before(before) {
			t.Errorf("Before(%q) = false", before)
		}
	}
	if w.Before("said") {
		t.Error(`Before("said")`)
	}
	for _, tt := range []struct {
		rest         string
		locative, ok bool
	}{{"에서", true, true}, {"을", false, true}, {"da", true, true}, {"nin", false, true}, {"xnin", false, false}, {"xyz", false, false}} {
		if loc, ok := w.Suffix(tt.rest); loc != tt.locative || ok != tt.ok {
			t.Errorf("Suffix(%q) = %v, %v", tt.rest, loc, ok)
		}
	}
	if !w.HanCueBefore("代表团访问") || w.HanCueBefore("代表团") {
		t.Error("HanCueBefore")
	}
	for _, o := range []string{"Sky News Arabia", "Al-Arabiya", "Al Arabiya", "TEHRAN TIMES", "سكاي نيوز عربية"} {
		if !w.Outlet(joinFolded(o)) {
			t.Errorf("Outlet(%q) = false", o)
		}
	}
	if w.Outlet(joinFolded("Tehran")) {
		t.Error("Tehran is no outlet")
	}
}

func TestFoldName(t *testing.T) {
	for _, s := range []string{"Port-au-Prince", "N'Djamena", "  Saint  Petersburg ", "Washington, D.C.", "St. John's", "A`b\"c", "Abu Dhabi", "x-", "-x", "", "Mūsā", "Москва"} {
		if got, want := foldName(s), names.Fold(s); got != want {
			t.Errorf("foldName(%q) = %q, want %q", s, got, want)
		}
	}
}
