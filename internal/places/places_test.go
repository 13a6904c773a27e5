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

const citiesFixture = "524901\tMoscow\tMoscow\tMoskva,Москва,موسكو,MOW\t55.75\t37.61\tP\tPPLC\tRU\t\t48\t\t\t\t10381222\t\t144\tEurope/Moscow\t2022-12-10\n" +
	"4400648\tMoscow\tMoscow\t\t46.73\t-116.99\tP\tPPL\tUS\t\tID\t\t\t\t25435\t\t786\tAmerica/Los_Angeles\t2011-05-14\n"

func TestParseCities(t *testing.T) {
	cities, err := ParseCities(strings.NewReader(citiesFixture), map[string]string{"RU.48": "Moscow"}, map[string]string{"RU": "Moscow"})
	if err != nil {
		t.Fatal(err)
	}
	if len(cities) != 2 || !cities[0].Capital || cities[0].Region != "Moscow" || cities[0].Population != 10381222 {
		t.Fatalf("cities = %+v", cities)
	}
	if strings.Join(cities[0].AltNames, ",") != "Moskva,Москва,موسكو" {
		t.Errorf("alt names = %v (codes such as MOW are dropped)", cities[0].AltNames)
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
