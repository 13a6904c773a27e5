package scan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkTokenize measures the tokenizer on the test articles (English,
// Arabic, Persian, Russian, French) and on Korean and Chinese text, whose
// words the tokenizer cuts apart.
func BenchmarkTokenize(b *testing.B) {
	files, _ := filepath.Glob("testdata/articles/*.txt")
	var sb strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		sb.Write(data)
	}
	for range 20 {
		sb.WriteString("김정은 국무위원장이 2025년 9월 2일 베이징에 도착했다. 장관은 평양에서 출발했으며 모스크바를 방문했다.\n")
		sb.WriteString("塔利班代表团于2016年7月18日至22日期间访问北京，与中国官员举行了会谈。他没有前往莫斯科。\n")
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	var out []word
	for b.Loop() {
		out = tokenizeInto(out[:0], text)
	}
}
