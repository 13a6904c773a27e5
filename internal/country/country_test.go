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
