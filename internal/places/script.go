package places

import (
	"unicode"
	"unicode/utf8"
)

// Script is the writing system a name or word is in, as far as matching
// places cares: Persian is written in Arabic script, Turkish and Vietnamese
// in Latin.
type Script uint8

const (
	ScriptLatin Script = iota
	ScriptArabic
	ScriptCyrillic
	ScriptHangul
	ScriptHan
	ScriptOther
	numScripts
)

func (s Script) tag() string { return string(rune('0' + s)) }

// ScriptOf is the script of the first letter of s.
func ScriptOf(s string) Script {
	for _, r := range s {
		if r < 0x80 {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				return ScriptLatin
			}
			continue
		}
		if r == utf8.RuneError || !unicode.IsLetter(r) {
			continue
		}
		return scriptOfLetter(r)
	}
	return ScriptOther
}

func scriptOfLetter(r rune) Script {
	switch {
	case r < 0x250 || unicode.Is(unicode.Latin, r):
		return ScriptLatin
	case unicode.Is(unicode.Arabic, r):
		return ScriptArabic
	case unicode.Is(unicode.Cyrillic, r):
		return ScriptCyrillic
	case unicode.Is(unicode.Hangul, r):
		return ScriptHangul
	case unicode.Is(unicode.Han, r):
		return ScriptHan
	}
	return ScriptOther
}
