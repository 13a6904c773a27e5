package country

import "testing"

func TestCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Iran (Islamic Republic of)", "IR"},
		{"IRAN", "IR"},
		{"Democratic People's Republic of Korea", "KP"},
		{"Korea, North", "KP"},
		{"Russian Federation", "RU"},
		{"Russia", "RU"},
		{"Côte d’Ivoire", "CI"},
		{"Syrian Arab Republic", "SY"},
		{"United Kingdom of Great Britain and Northern Ireland", "GB"},
		{"the Netherlands", "NL"},
		{"Tunisian", "TN"},
		{"Venezuela (Bolivarian Republic of)", "VE"},
		{"de", "DE"},
		{"Atlantis", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := Code(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Code(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestValidAndName(t *testing.T) {
	if !Valid("ru") || !Valid("IR") || Valid("XX") || Valid("UK") {
		t.Error("Valid gives wrong answers for ru/IR/XX/UK")
	}
	if Name("IR") != "Iran" {
		t.Errorf("Name(IR) = %q", Name("IR"))
	}
	if n := len(Codes()); n < 245 || n > 260 {
		t.Errorf("got %d codes, want about 250", n)
	}
}

func TestDemonym(t *testing.T) {
	if c, ok := Demonym("Iranian"); !ok || c != "IR" {
		t.Errorf("Demonym(Iranian) = %q, %v", c, ok)
	}
}

func TestLocalNames(t *testing.T) {
	byLang := map[string]map[string]string{}
	for _, n := range LocalNames() {
		if byLang[n.Lang] == nil {
			byLang[n.Lang] = map[string]string{}
		}
		byLang[n.Lang][n.Name] = n.Code
	}
	for _, lang := range Languages {
		if len(byLang[lang]) < 200 {
			t.Errorf("%s: %d names, want CLDR's 200 and more", lang, len(byLang[lang]))
		}
	}
	for _, tt := range []struct{ lang, name, code string }{
		{"ru", "КНДР", "KP"}, {"ru", "Иран", "IR"}, {"ar", "اليمن", "YE"}, {"fa", "عربستان", "SA"}, {"tr", "ABD", "US"},
		{"ko", "북한", "KP"}, {"zh", "朝鲜", "KP"}, {"zh", "北韓", "KP"}, {"pt", "Irão", "IR"}, {"fr", "RDC", "CD"},
	} {
		if got := byLang[tt.lang][tt.name]; got != tt.code {
			t.Errorf("%s %q = %q, want %s", tt.lang, tt.name, got, tt.code)
		}
	}
}

func TestParseNameFile(t *testing.T) {
	got := ParseNameFile("xx", "# comment\nIR\tA|B # trailing\nZZ\tUnknown\nbad line\nkp\tC\n")
	if len(got) != 3 || got[0] != (LocalName{"A", "IR", "xx"}) || got[2] != (LocalName{"C", "KP", "xx"}) {
		t.Errorf("ParseNameFile = %v", got)
	}
}

func TestAdjective(t *testing.T) {
	for _, tt := range []struct{ word, code string }{
		{"Eritrean", "ER"}, {"российскую", "RU"}, {"iranienne", "IR"}, {"iraní", "IR"}, {"iranische", "IR"}, {"Iraanse", "IR"},
		{"الإيرانية", "IR"}, {"العراقي", "IQ"}, {"اللبنانية", "LB"}, {"libyen", "LY"}, {"Moscow", ""}, {"iranienneries", ""}, {"", ""},
	} {
		if got, ok := Adjective(tt.word); got != tt.code || ok != (tt.code != "") {
			t.Errorf("Adjective(%q) = %q, %v; want %q", tt.word, got, ok, tt.code)
		}
	}
}
