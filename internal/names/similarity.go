package names

// JaroWinkler is the Jaro–Winkler similarity of two ASCII strings, in
// [0, 1]. It is written here rather than taken from a library because it
// runs millions of times a second on the screening hot path and must not
// allocate (names are short; the match flags live on the stack).
func JaroWinkler(a, b string) float64 {
	if a == b {
		if a == "" {
			return 0
		}
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	if la > 64 || lb > 64 {
		return jaroLong(a, b)
	}
	var ma, mb [64]bool
	window := max(la, lb)/2 - 1
	if window < 0 {
		window = 0
	}
	matches := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	trans, j := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[j] {
			j++
		}
		if a[i] != b[j] {
			trans++
		}
		j++
	}
	m := float64(matches)
	jaro := (m/float64(la) + m/float64(lb) + (m-float64(trans)/2)/m) / 3
	prefix := 0
	for prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}

// jaroLong handles the rare over-long token by comparing prefixes.
func jaroLong(a, b string) float64 {
	return JaroWinkler(a[:min(len(a), 64)], b[:min(len(b), 64)])
}

// EditDistance is the optimal-string-alignment distance (Levenshtein plus
// adjacent transpositions) of two ASCII strings, capped at limit+1 so that
// it can stop early. Only the band of cells within limit of the diagonal is
// computed, and nothing is allocated for strings up to 31 bytes: it runs
// for every pair of words of every candidate.
func EditDistance(a, b string, limit int) int {
	la, lb := len(a), len(b)
	if d := la - lb; d > limit || -d > limit {
		return limit + 1
	}
	if la > 31 || lb > 31 {
		a, b = a[:min(la, 31)], b[:min(lb, 31)]
		la, lb = len(a), len(b)
	}
	inf := int16(limit + 1) // any cell outside the band
	var rows [3][33]int16
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= lb; j++ {
		prev[j] = min(int16(j), inf)
	}
	prev[min(lb+1, 32)] = inf
	for i := 1; i <= la; i++ {
		lo, hi := max(1, i-limit), min(lb, i+limit)
		cur[lo-1] = inf
		if lo == 1 {
			cur[0] = min(int16(i), inf)
		}
		best := cur[lo-1]
		for j := lo; j <= hi; j++ {
			cost := int16(1)
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			v = min(v, inf)
			cur[j] = v
			best = min(best, v)
		}
		if hi+1 <= lb {
			cur[hi+1] = inf
		}
		if best > int16(limit) {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return int(prev[lb])
}

// VowelShape writes one class per vowel group of a Latin token: A for a,
// I for e/i/y, U for o/u, taking the group's last vowel so that the
// diphthongs ei/ai/ey/ay count as I and ou/aw as U. Soleimani and Sulaimani
// share "UIAI"; Jiang ("A") and Jong ("U") do not.
func VowelShape(token string) string {
	var buf [16]byte
	out := buf[:0]
	inGroup := false
	var last byte
	flush := func() {
		if inGroup && len(out) < len(buf) {
			out = append(out, last)
		}
		inGroup = false
	}
	for i := 0; i < len(token); i++ {
		var c byte
		switch token[i] {
		case 'a':
			c = 'A'
		case 'e', 'i', 'y':
			c = 'I'
		case 'o', 'u', 'w':
			c = 'U' // aw/ow sound as o: Jawlani = Joulani
		}
		if c == 0 {
			flush()
			continue
		}
		inGroup, last = true, c
	}
	flush()
	return string(out)
}
