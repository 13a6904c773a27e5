package scan

import (
	"strings"

	"github.com/vigilhq/vigil/internal/names"
)

// Word lists for travel events, in the forms the tokenizer produces
// (lower case, other scripts romanised by the names package).

// presenceCues are words that report a person present in, or travelling
// to, a place. directObject marks verbs that take the place without a
// preposition ("visited Moscow").
var presenceCues = map[string]bool{
	// English
	"visit": true, "visits": true, "visited": true, "visiting": true, "trip": true, "trips": true,
	"travel": true, "travels": true, "travelled": true, "traveled": true, "travelling": true, "traveling": true,
	"flew": true, "fly": true, "flies": true, "flying": true, "arrived": true, "arrive": true, "arrives": true, "arriving": true,
	"landed": true, "lands": true, "went": true, "came": true, "met": true, "meets": true, "meeting": true, "meet": true,
	"talks": true, "appeared": true, "appears": true, "attended": true, "attends": true, "attending": true,
	"caught": true, "spotted": true, "seen": true, "photographed": true, "stayed": true, "toured": true,
	"journey": true, "journeyed": true, "headed": true, "returned": true, "returns": true, "sighted": true, "was": true, "were": true,
	"received": true, "receives": true, "hosted": true, "hosts": true, "welcomed": true, "welcomes": true, "greeted": true,
	"fled": true, "flees": true, "moved": true, "relocated": true, "escaped": true,
	// French, Spanish
	"visite": true, "visita": true, "rendu": true, "rendue": true, "arrivee": true, "viaje": true, "viajo": true, "llego": true, "voyage": true,
	"rencontre": true, "sejourne": true, "visito": true, "reunio": true,
	// Arabic (romanised)
	"zar": true, "ziara": true, "ziarh": true, "wsl": true, "safr": true, "tujh": true, "uasl": true, "zyara": true, "wasl": true, "hl": true, "wusul": true,
	// Persian (romanised)
	"sfr": true, "bazdid": true, "didar": true, "rft": true, "ward": true, "safr ": true, "sfrsh": true, "sfri": true, "rsid": true, "amd": true,
	// Russian (romanised)
	"posetil": true, "posetit": true, "pribyl": true, "vizit": true, "vizita": true, "priyekhal": true, "priletel": true,
	"nakhodilsya": true, "pobyval": true, "vstretilsya": true, "poyezdka": true, "poyezdku": true, "vizitom": true,
	"peregovory": true, "peregovorakh": true, "vstrecha": true, "vstreche": true, "pribyla": true, "posetila": true,
}

// directObject verbs take the place right after them.
var directObject = map[string]bool{
	"visit": true, "visits": true, "visited": true, "visiting": true, "toured": true, "visite": true, "visita": true,
	"zar": true, "posetil": true, "posetit": true, "bazdid": true,
}

// nounCues name a journey; the place follows at once ("trip to Moscow"),
// or the noun is about travel in general ("trip abroad since … in Kabul").
var nounCues = map[string]bool{"trip": true, "trips": true, "journey": true, "voyage": true, "viaje": true, "poyezdka": true, "poyezdku": true}

// journeyVerbs name a movement whose origin ("from Doha") the traveller
// was in as well.
var journeyVerbs = map[string]bool{"returned": true, "returns": true, "arrived": true, "arrives": true, "flew": true, "came": true,
	"travelled": true, "traveled": true, "landed": true, "headed": true}

// hostCues report the subject as the guest of someone in a place
// ("received Sirajuddin Haqqani … in Abu Dhabi"): the subject is their
// object, named right after them.
var hostCues = map[string]bool{"received": true, "receives": true, "hosted": true, "hosts": true, "welcomed": true, "welcomes": true, "greeted": true}

// weakCues need a preposition and a nearby place; "was" alone is too
// common to stand for presence unless "in <place>" follows at once.
var weakCues = map[string]bool{"was": true, "were": true, "came": true, "returned": true, "returns": true, "headed": true}

// prepositions introduce the place of a presence cue.
var prepositions = map[string]bool{
	"in": true, "to": true, "at": true, "into": true, "inside": true, "toward": true, "towards": true,
	"a": true, "en": true, "au": true, "aux": true,
	"fi": true, "ila": true, "la": true, "ba": true, "bh": true, "dr": true, "v": true, "vo": true, "na": true,
}

// modal words before a cue make the trip hypothetical.
var modal = map[string]bool{
	"plan": true, "plans": true, "planned": true, "planning": true, "expected": true, "expects": true, "scheduled": true,
	"will": true, "would": true, "intends": true, "intended": true, "hopes": true, "hoped": true, "wants": true, "wanted": true,
	"set": true, "due": true, "proposed": true, "invited": true, "could": true, "may": true, "might": true, "should": true,
	"sytwjh": true, "sywzr": true, "khwahd": true, "budet": true, "planiruyet": true, "sobirayetsya": true,
}

// negations before or just after a cue cancel the trip.
var negations = map[string]bool{
	"not": true, "never": true, "denied": true, "refused": true, "barred": true, "cancelled": true, "canceled": true,
	"postponed": true, "prevented": true, "blocked": true, "rejected": true, "didnt": true, "wasnt": true, "no": true,
	"lm": true, "ln": true, "ne": true, "nikogda": true, "otkazano": true, "nakrd": true, "nrft": true,
}

// exemptionWords and grantWords make a sentence that reports a travel-ban
// exemption granted.
var exemptionWords = map[string]bool{"exemption": true, "exemptions": true, "waiver": true, "waivers": true, "exempted": true, "istithna": true, "muafiyat": true}
var grantWords = map[string]bool{
	"granted": true, "grants": true, "approved": true, "approves": true, "issued": true, "obtained": true, "received": true,
	"secured": true, "gave": true, "given": true, "allowed": true, "cleared": true, "authorised": true, "authorized": true, "exempted": true,
}

// hedges lower the confidence of a trip.
var hedges = map[string]bool{
	"reportedly": true, "allegedly": true, "rumoured": true, "rumored": true, "unconfirmed": true, "apparently": true,
	"believed": true, "possibly": true, "confirm": true, "deny": true, "claimed": true, "claims": true,
}

// conjunctions join places of one journey (and, or; French et, Spanish y,
// Russian i, Arabic and Persian wa).
var conjunctions = map[string]bool{"and": true, "or": true, "et": true, "y": true, "i": true, "wa": true, "w": true, "va": true, "u": true}

// collectiveNouns after a surname make it name a group, not a person.
var collectiveNouns = map[string]bool{"family": true, "families": true, "clan": true, "network": true, "brothers": true, "sisters": true,
	"regime": true, "government": true, "administration": true, "dynasty": true, "era": true, "tribe": true, "group": true, "movement": true, "loyalists": true}

// pronounGender: the gender a pronoun agrees with, as lists write it.
var pronounGender = map[string]string{"he": "Male", "him": "Male", "his": "Male", "il": "Male", "on": "Male",
	"she": "Female", "her": "Female", "elle": "Female", "ona": "Female"}

// pronouns that can stand for the person last named.
var pronouns = map[string]bool{"he": true, "she": true, "his": true, "her": true, "him": true, "il": true, "elle": true, "on": true, "ona": true, "wa": true}

// stopwords are ignored when comparing an article with a subject's
// designations.
var stopwords = map[string]bool{
	"the": true, "of": true, "and": true, "in": true, "to": true, "a": true, "for": true, "on": true, "with": true, "by": true,
	"at": true, "from": true, "is": true, "was": true, "as": true, "an": true, "that": true, "this": true, "he": true, "his": true,
	"who": true, "which": true, "has": true, "have": true, "had": true, "be": true, "been": true, "are": true, "were": true, "it": true,
	"its": true, "or": true, "but": true, "not": true, "also": true, "said": true, "their": true, "they": true, "listed": true, "pursuant": true,
	"resolution": true, "paragraph": true, "reference": true, "old": true, "believed": true, "status": true, "location": true,
}

// scriptNewsWords are words of Arabic and Persian news that are never part
// of a name, though a script without capitals cannot show it: function
// words, titles with their article, offices and institutions, and common
// verbs, some with the conjunction و written on. They are added to
// stopwords in their romanised form, as the tokenizer sees them.
var scriptNewsWords = []string{
	// Arabic
	"في", "من", "إلى", "الى", "على", "عن", "مع", "بعد", "قبل", "الذي", "التي", "الذين", "هذا", "هذه", "ذلك", "كان", "كانت", "أن", "إن", "لا", "لم", "قد",
	"الشيخ", "الرئيس", "رئيس", "وزير", "الوزير", "الملك", "الأمير", "السفير", "المتحدث", "القائد", "زعيم",
	"دولة", "حكومة", "الحكومة", "الداخلية", "الخارجية", "الدفاع", "مجلس", "الأمن", "الدولي", "الأمم", "المتحدة", "وكالة", "أنباء", "الإمارات",
	"عقوبات", "العقوبات", "حظر", "السفر", "تجميد", "الأصول", "يوم", "الجانبين", "سبل", "تعزيز", "التعاون",
	"قال", "وقال", "وقالت", "قالت", "أضاف", "وأضاف", "أعلن", "وأعلن", "استقبل", "يستقبل", "التقى", "بحث", "بحثا", "ويخضع", "يخضع", "تشمل", "التي",
	// Persian
	"در", "از", "به", "با", "که", "این", "آن", "را", "برای", "وزیر", "رئیس", "دولت", "امور", "خارجه", "کشور", "گفت", "کرد", "شد", "است", "بود", "سفر", "دیدار",
	"سازمان", "ملل", "متحد", "متحده", "شورای", "امنیت", "تحریم", "تحریم‌های", "تحت", "جمله", "ممنوعیت", "قرار", "دارد", "عربی", "روز", "امارات", "استقبال",
}

// scriptHostCues are host verbs of verb-first languages: the host follows
// the verb and the guest comes later ("استقبل رئيس الإمارات … سراج الدين حقاني").
var scriptHostCues = map[string]bool{}

func init() {
	fold := func(s string) string { return strings.ReplaceAll(names.Fold(s), " ", "") }
	for _, w := range scriptNewsWords {
		stopwords[fold(w)] = true
	}
	presenceCues[fold("استقبال")] = true // Persian "از X استقبال کرد", the guest before the verb
	for _, w := range []string{"استقبل", "يستقبل", "استقبلت"} {
		f := fold(w)
		presenceCues[f], hostCues[f], scriptHostCues[f] = true, true, true
	}
}

// transportCues report a person carried somewhere by someone else: the
// traveller is their object ("the plane carried Aweys back to Somalia"),
// unless the verb is passive ("was flown to Doha").
var transportCues = map[string]bool{"carried": true, "brought": true, "took": true, "flown": true, "deported": true, "expelled": true,
	"extradited": true, "escorted": true, "evacuated": true, "smuggled": true, "transferred": true, "drove": true, "ferried": true, "airlifted": true}

// passiveAux before a transport verb makes its subject the traveller.
var passiveAux = map[string]bool{"was": true, "were": true, "been": true, "being": true, "is": true, "be": true, "got": true}

// relativeNouns after a possessive name someone other than the pronoun's
// person ("his son travelled").
var relativeNouns = map[string]bool{"son": true, "sons": true, "daughter": true, "daughters": true, "wife": true, "wives": true, "brother": true,
	"brothers": true, "sister": true, "father": true, "mother": true, "family": true, "deputy": true, "deputies": true, "aide": true, "aides": true,
	"spokesman": true, "spokeswoman": true, "envoy": true, "lawyer": true, "lawyers": true, "successor": true, "predecessor": true,
	"office": true, "men": true, "forces": true, "fighters": true, "group": true, "associates": true, "bodyguards": true, "children": true}

// pronounLanguage restricts a pronoun to the language it is one in.
var pronounLanguage = map[string]string{"il": "fr", "elle": "fr", "on": "ru", "ona": "ru", "wa": "ar"}

// delegationWords make the persons a sentence names members of one party
// travelling together.
var delegationWords = map[string]bool{"delegation": true, "delegations": true, "accompanied": true, "accompanying": true, "entourage": true,
	"comprising": true, "alongside": true, "retinue": true, "delegates": true}

// originPrepositions name where a journey started; transitPrepositions the
// places it passed through. Both were places the traveller was in.
var originPrepositions = map[string]bool{"from": true}
var transitPrepositions = map[string]bool{"via": true, "through": true}

func init() {
	for _, w := range []string{"spent", "spends", "spending", "stay", "stays", "staying", "remained", "remains", "remain", "lived", "lives", "living",
		"resided", "resides", "residing", "based", "hiding", "hid", "sheltered", "settled", "entered", "enters", "entering", "left", "leaves",
		"crossed", "reached", "mission", "tour", "tours", "touring", "speaking", "spoke", "addressed", "killed", "died", "arrested", "detained",
		"captured", "ambushed", "exile", "exiled", "been", "is", "are", "attend", "inspected", "led", "gathered", "prayed", "participated"} {
		presenceCues[w] = true
	}
	for _, w := range []string{"been", "is", "are", "remains", "remained", "remain", "stay", "stays", "exile", "exiled"} {
		weakCues[w] = true
	}
	for _, w := range []string{"entered", "enters", "entering", "left", "leaves", "crossed", "reached"} {
		directObject[w] = true
	}
	for _, w := range []string{"mission", "tour", "tours", "exile", "stay"} {
		nounCues[w] = true
	}
	for _, w := range []string{"entered", "fled", "moved", "escaped", "relocated", "went", "travelling", "traveling", "journeyed"} {
		journeyVerbs[w] = true
	}
}

// residenceCues report a stay rather than a journey: a date after "since"
// dates its start.
var residenceCues = map[string]bool{"lived": true, "lives": true, "living": true, "resided": true, "resides": true, "residing": true, "based": true,
	"exile": true, "exiled": true, "been": true, "remained": true, "remains": true, "settled": true, "hiding": true, "stayed": true}
