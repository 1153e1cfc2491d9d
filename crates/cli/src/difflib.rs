//! Python's `difflib.get_close_matches`, used for the AWS CLI's `Maybe you meant:` list.
//!
//! Written by hand because the suggestions must be exactly Python's: the same similarity
//! ratio (`2*M/T` over `SequenceMatcher`'s matching blocks, where the longest match is the
//! earliest in the first string, then in the second), the same cutoff and the same order
//! (best score first, ties by the larger string). Crates such as `strsim` use other metrics.
//! The inputs are short command names, so no junk heuristic applies (Python only enables
//! it for sequences of 200 items or more).

/// Number of matching characters (`sum(size for matching blocks)`).
fn matching_chars(a: &[char], b: &[char]) -> usize {
    fn longest(
        a: &[char],
        b: &[char],
        alo: usize,
        ahi: usize,
        blo: usize,
        bhi: usize,
    ) -> (usize, usize, usize) {
        let (mut bi, mut bj, mut bk) = (alo, blo, 0);
        // lengths of the match ending at (i, j), row by row.
        let mut prev = vec![0usize; bhi - blo + 1];
        for (i, ai) in a.iter().enumerate().take(ahi).skip(alo) {
            let mut cur = vec![0usize; bhi - blo + 1];
            for j in blo..bhi {
                if *ai == b[j] {
                    let k = prev[j - blo] + 1;
                    cur[j - blo + 1] = k;
                    if k > bk {
                        bi = i + 1 - k;
                        bj = j + 1 - k;
                        bk = k;
                    }
                }
            }
            prev = cur;
        }
        (bi, bj, bk)
    }
    let mut total = 0;
    let mut queue = vec![(0, a.len(), 0, b.len())];
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        if alo >= ahi || blo >= bhi {
            continue;
        }
        let (i, j, k) = longest(a, b, alo, ahi, blo, bhi);
        if k > 0 {
            total += k;
            queue.push((alo, i, blo, j));
            queue.push((i + k, ahi, j + k, bhi));
        }
    }
    total
}

/// `SequenceMatcher(None, a, b).ratio()`.
pub fn ratio(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    2.0 * matching_chars(&a, &b) as f64 / total as f64
}

/// `difflib.get_close_matches(word, possibilities, n, cutoff)`.
pub fn get_close_matches<'a>(
    word: &str,
    possibilities: &[&'a str],
    n: usize,
    cutoff: f64,
) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &'a str)> = possibilities
        .iter()
        .map(|p| (ratio(word, p), *p))
        .filter(|(score, _)| *score >= cutoff)
        .collect();
    // heapq.nlargest over (score, word) tuples.
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| y.1.cmp(x.1)));
    scored.into_iter().take(n).map(|(_, w)| w).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_matches_python() {
        // Python: 0.8571428571428571
        let r = ratio(
            "update-workspace-image-permissions",
            "describe-workspace-image-permissions",
        );
        assert!((r - 0.8571428571428571).abs() < 1e-12, "{r}");
        assert_eq!(ratio("abcd", "bcde"), 0.75);
    }

    #[test]
    fn close_matches_in_python_order() {
        let got = get_close_matches(
            "update-workspace-image-permissions",
            &[
                "describe-workspace-image-permissions",
                "update-workspace-image-permission",
            ],
            3,
            0.8,
        );
        assert_eq!(
            got,
            [
                "update-workspace-image-permission",
                "describe-workspace-image-permissions"
            ]
        );
        assert!(get_close_matches("xml", &["json", "text"], 3, 0.8).is_empty());
    }
}
