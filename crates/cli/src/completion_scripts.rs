//! `awslice completion bash|zsh|fish` and the hidden `awslice __complete` command the
//! scripts call.
//!
//! The scripts hold no knowledge of the commands: on every <kbd>Tab</kbd> they ask the
//! binary (found on `PATH`, or the path typed as the command word) for candidates. No
//! request is sent and no credentials are read: `__complete` runs before anything else,
//! and reads at most the shared config file for `--profile` names.
//!
//! # The `__complete` protocol
//!
//! ```text
//! awslice __complete FORMAT -- WORD... CURRENT
//! awslice __complete FORMAT --line LINE POINT [WORDBREAKS]
//! ```
//!
//! The first form gets the words after the program name already split and unquoted by the
//! shell: the last one is the (possibly empty) word under the cursor. The second form gets
//! the raw command line (bash's `COMP_LINE`, program name included) and the cursor's byte
//! offset (`COMP_POINT`); the binary splits it with shell quoting rules itself, so words
//! with spaces or quotes need no `eval` in the script.
//!
//! One candidate per line on stdout, exit code 0 (also when there are none):
//! - `plain`: the value;
//! - `bash`: the value, with the part of the current word before bash's last word-break
//!   character (`WORDBREAKS`, bash's `COMP_WORDBREAKS`; `=` and `:` by default) removed, as
//!   bash replaces only the text after it, and shell-special characters backslash-escaped
//!   unless the word was opened with a quote;
//! - `zsh`: `value:description` for `_describe` (`\` and `:` in the value escaped with `\`),
//!   except a folder (a value ending with `/`, no description), printed as is for
//!   `compadd -S ''` (no space after it);
//! - `fish`: `value<TAB>description` (just `value` without a description).

use crate::complete::{self, Candidate, SHELLS, Stage};
use crate::failure::Failure;
use crate::{Command, RC_OK};

/// The bash script: a completion function registered with `complete -F`.
pub const BASH: &str = r#"# bash completion for awslice
# Load it in the current shell:    source <(awslice completion bash)
# or install it for every shell:   awslice completion bash > ~/.local/share/bash-completion/completions/awslice
_awslice_completion() {
    local prog=${COMP_WORDS[0]}
    if [[ $prog != */* || ! -x $prog ]]; then
        prog=awslice
    fi
    COMPREPLY=()
    local candidate
    while IFS= read -r candidate; do
        COMPREPLY+=("$candidate")
    done < <(command "$prog" __complete bash --line "$COMP_LINE" "$COMP_POINT" "$COMP_WORDBREAKS" 2>/dev/null)
    # A folder (`file://dir/`) takes no space after it.
    if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == */ ]]; then
        compopt -o nospace 2>/dev/null
    fi
}
complete -o nosort -F _awslice_completion awslice 2>/dev/null || complete -F _awslice_completion awslice
"#;

/// The zsh script: a `#compdef` function using `_describe` (needs `compinit`).
pub const ZSH: &str = r#"#compdef awslice
# zsh completion for awslice
# Load it in the current shell (after compinit):  source <(awslice completion zsh)
# or install it as `_awslice` in a directory of $fpath.
_awslice() {
    local prog=${words[1]}
    if [[ $prog != */* || ! -x $prog ]]; then
        prog=awslice
    fi
    local -a candidates
    candidates=("${(@f)$(command $prog __complete zsh -- "${(@Q)words[2,CURRENT-1]}" "${(Q)PREFIX}" 2>/dev/null)}")
    candidates=("${(@)candidates:#}")
    # Folders (`file://dir/`) take no space after them: added apart, unescaped.
    local -a folders
    folders=("${(@M)candidates:#*/}")
    candidates=("${(@)candidates:#*/}")
    local ret=1
    if (( ${#candidates} )); then
        _describe -V -t awslice 'awslice' candidates && ret=0
    fi
    if (( ${#folders} )); then
        compadd -V awslice-folders -S '' -- "${(@)folders}" && ret=0
    fi
    return ret
}
if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then
    _awslice "$@"
else
    compdef _awslice awslice
fi
"#;

/// The fish script: a `complete -c awslice` rule calling the binary.
pub const FISH: &str = r#"# fish completion for awslice
# Load it in the current shell:    awslice completion fish | source
# or install it for every shell:   awslice completion fish > ~/.config/fish/completions/awslice.fish
function __awslice_complete
    set -l tokens (commandline -opc)
    set -l prog $tokens[1]
    if not string match -q -- '*/*' "$prog"; or not test -x "$prog"
        set prog awslice
    end
    set -e tokens[1]
    # The word under the cursor as typed, unquoted (`'my pro` -> `my pro`).
    set -l current (commandline -ct | string unescape)
    command $prog __complete fish -- $tokens "$current" 2>/dev/null
end
complete -c awslice -f -k -a '(__awslice_complete)'
"#;

/// The completion script for `shell` (`bash`, `zsh` or `fish`).
pub fn script(shell: &str) -> Option<&'static str> {
    match shell {
        "bash" => Some(BASH),
        "zsh" => Some(ZSH),
        "fish" => Some(FISH),
        _ => None,
    }
}

const COMPLETION_HELP: &str = "NAME\n       completion -\n\nDESCRIPTION\n       Prints a shell completion script for bash, zsh or fish on standard\n       output. Load it with:\n\n          bash:  source <(awslice completion bash)\n          zsh:   source <(awslice completion zsh)   (after compinit)\n          fish:  awslice completion fish | source\n\nSYNOPSIS\n            completion <shell>\n";

/// Runs `__complete` or `completion SHELL` when `args` ask for one of them (`None`
/// otherwise). Called first thing in command dispatch, before auto-prompt and parsing.
pub(crate) fn dispatch(cmd: &mut Command<'_>, args: &[String]) -> Option<Result<i32, Failure>> {
    if args.first().map(String::as_str) == Some("__complete") {
        return Some(hidden(cmd, &args[1..]));
    }
    // `completion` as the command word, global options before it allowed.
    let at = (0..args.len()).find(|&i| {
        args[i] == "completion" && {
            let ctx = complete::context(cmd.services, &args[..i]);
            matches!(ctx.stage, Stage::TopLevel)
                && ctx.expecting.is_none()
                && ctx.open_list.is_none()
        }
    })?;
    Some(completion_command(cmd, &args[at + 1..]))
}

fn completion_command(cmd: &mut Command<'_>, rest: &[String]) -> Result<i32, Failure> {
    let Some(shell) = rest.first() else {
        return Err(Failure::Usage(
            "the following arguments are required: shell".to_owned(),
        ));
    };
    if shell == "help" && rest.len() == 1 {
        cmd.out(COMPLETION_HELP)?;
        return Ok(RC_OK);
    }
    let Some(text) = script(shell) else {
        let mut msg = format!(
            "argument shell: {}",
            crate::argparse::invalid_choice(shell, SHELLS)
        );
        msg.push_str("\nValid choices are:\n");
        for s in SHELLS {
            msg.push_str(&format!("\n  * {s}"));
        }
        msg.push('\n');
        return Err(Failure::Usage(msg));
    };
    if rest.len() > 1 {
        return Err(Failure::UnknownOptions(rest[1..].to_vec()));
    }
    cmd.out(text)?;
    Ok(RC_OK)
}

/// Output format of `__complete`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Plain,
    Bash,
    Zsh,
    Fish,
}

/// bash's default `COMP_WORDBREAKS`.
const DEFAULT_WORDBREAKS: &str = " \t\n\"'><=;|&(:";

fn hidden(cmd: &mut Command<'_>, args: &[String]) -> Result<i32, Failure> {
    let bad = || {
        Failure::Usage(
            "usage: awslice __complete plain|bash|zsh|fish (-- WORD... CURRENT | --line LINE POINT [WORDBREAKS])"
                .to_owned(),
        )
    };
    let format = match args.first().map(String::as_str) {
        Some("plain") => Format::Plain,
        Some("bash") => Format::Bash,
        Some("zsh") => Format::Zsh,
        Some("fish") => Format::Fish,
        _ => return Err(bad()),
    };
    // (words, current as typed, current unquoted) — the raw form only from `--line`.
    let (words, current_raw, current): (Vec<String>, Option<String>, String) =
        match args.get(1).map(String::as_str) {
            Some("--") => {
                let mut words = args[2..].to_vec();
                let current = words.pop().unwrap_or_default();
                (words, None, current)
            }
            Some("--line") => {
                let (Some(line), Some(point)) = (args.get(2), args.get(3)) else {
                    return Err(bad());
                };
                let mut point = point.trim().parse::<usize>().unwrap_or(line.len());
                point = point.min(line.len());
                while !line.is_char_boundary(point) {
                    point -= 1;
                }
                let split = split_line(&line[..point]);
                // The program is the first word that is not a variable assignment
                // (`AWS_PROFILE=dev awslice …`: bash's COMP_LINE starts at the assignment).
                let words = split
                    .words
                    .into_iter()
                    .skip_while(|w| is_assignment(w))
                    .skip(1)
                    .collect();
                (words, Some(split.current_raw), split.current)
            }
            _ => return Err(bad()),
        };
    let wordbreaks = args
        .get(4)
        .filter(|_| args.get(1).map(String::as_str) == Some("--line"))
        .map_or(DEFAULT_WORDBREAKS, String::as_str);
    let candidates = complete::complete_with_env(cmd.services, &words, &current, &cmd.env);
    let mut out = String::new();
    for c in &candidates {
        let line = match format {
            Format::Plain => Some(c.value.clone()),
            Format::Bash => bash_line(c, current_raw.as_deref().unwrap_or(&current), wordbreaks),
            Format::Zsh => Some(zsh_line(c)),
            Format::Fish => Some(fish_line(c)),
        };
        if let Some(line) = line {
            out.push_str(&line);
            out.push('\n');
        }
    }
    cmd.out(&out)?;
    Ok(RC_OK)
}

/// `NAME=value` with a shell variable name.
fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        let mut chars = name.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn zsh_line(c: &Candidate) -> String {
    if c.value.ends_with('/') && c.description.is_empty() {
        // A folder: the script adds it with `compadd -S ''`, which takes it as is.
        return one_line(&c.value);
    }
    let value = c.value.replace('\\', "\\\\").replace(':', "\\:");
    if c.description.is_empty() {
        value
    } else {
        format!("{value}:{}", one_line(&c.description))
    }
}

fn fish_line(c: &Candidate) -> String {
    let value = one_line(&c.value);
    if c.description.is_empty() {
        value
    } else {
        format!("{value}\t{}", one_line(&c.description))
    }
}

/// The candidate as bash must insert it, or `None` when it does not fit the text before
/// bash's word start.
fn bash_line(c: &Candidate, current_raw: &str, wordbreaks: &str) -> Option<String> {
    // Where bash's word starts: after the last word-break character outside quotes
    // (whitespace and quotes are handled by the splitting itself).
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut start = 0;
    for (i, ch) in current_raw.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match (quote, ch) {
            (Some('\''), '\'') => quote = None,
            (Some('\''), _) => {}
            (_, '\\') => escaped = true,
            (Some('"'), '"') => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(ch),
            (None, _) => {
                if !ch.is_whitespace() && ch != '\'' && ch != '"' && wordbreaks.contains(ch) {
                    start = i + ch.len_utf8();
                }
            }
        }
    }
    let before = split_line(&current_raw[..start]).current;
    let rest = c.value.strip_prefix(before.as_str())?;
    let quoted = current_raw[start..].starts_with(['\'', '"']);
    Some(if quoted {
        rest.to_owned()
    } else {
        bash_escape(rest)
    })
}

fn bash_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, ch) in s.chars().enumerate() {
        let special = ch.is_whitespace()
            || "'\"\\$`&;|<>()*?[]!{}".contains(ch)
            || (i == 0 && (ch == '#' || ch == '~'));
        if special {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// A command line split with POSIX shell quoting rules.
#[derive(Debug, Default, PartialEq, Eq)]
struct SplitLine {
    /// Complete words, unquoted.
    words: Vec<String>,
    /// The last, unfinished word, unquoted (empty after a separator).
    current: String,
    /// The last, unfinished word as typed.
    current_raw: String,
}

/// Splits `line` into words: blanks separate words outside quotes; `'…'` is literal;
/// `"…"` keeps everything but `\` before `"`, `\`, `$` or `` ` ``; `\` outside quotes
/// escapes the next character. An unclosed quote runs to the end (the word being typed).
/// No crate does this with the raw text of the last word kept (shlex drops it).
fn split_line(line: &str) -> SplitLine {
    let mut out = SplitLine::default();
    let mut word = String::new();
    let mut in_word = false;
    let mut word_start = 0;
    let mut quote: Option<char> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        match quote {
            Some('\'') => {
                if ch == '\'' {
                    quote = None;
                } else {
                    word.push(ch);
                }
            }
            Some(_) => match ch {
                '"' => quote = None,
                '\\' => match chars.peek() {
                    Some(&(_, n)) if matches!(n, '"' | '\\' | '$' | '`') => {
                        word.push(n);
                        chars.next();
                    }
                    Some(&(_, '\n')) => {
                        chars.next();
                    }
                    _ => word.push('\\'),
                },
                _ => word.push(ch),
            },
            None => {
                if ch.is_whitespace() {
                    if in_word {
                        out.words.push(std::mem::take(&mut word));
                        in_word = false;
                    }
                    continue;
                }
                if !in_word {
                    in_word = true;
                    word_start = i;
                }
                match ch {
                    '\'' | '"' => quote = Some(ch),
                    '\\' => match chars.next() {
                        Some((_, '\n')) => {}
                        Some((_, n)) => word.push(n),
                        None => {}
                    },
                    _ => word.push(ch),
                }
            }
        }
    }
    if in_word {
        out.current = word;
        out.current_raw = line[word_start..].to_owned();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complete::CandidateKind;

    fn cand(v: &str, d: &str) -> Candidate {
        Candidate {
            value: v.to_owned(),
            description: d.to_owned(),
            kind: CandidateKind::Value,
        }
    }

    #[test]
    fn splitting_follows_shell_quoting() {
        let s = split_line("awslice --query 'a b' \"c\\\"d\" e\\ f --out");
        assert_eq!(s.words, ["awslice", "--query", "a b", "c\"d", "e f"]);
        assert_eq!(s.current, "--out");
        assert_eq!(s.current_raw, "--out");
        let s = split_line("awslice workspaces ");
        assert_eq!(s.words, ["awslice", "workspaces"]);
        assert_eq!(s.current, "");
        let s = split_line("awslice --profile 'my pro");
        assert_eq!(s.current, "my pro");
        assert_eq!(s.current_raw, "'my pro");
        assert_eq!(split_line(""), SplitLine::default());
    }

    #[test]
    fn assignments() {
        assert!(is_assignment("AWS_PROFILE=dev"));
        assert!(is_assignment("_x1="));
        assert!(!is_assignment("--output=json"));
        assert!(!is_assignment("1A=b"));
        assert!(!is_assignment("awslice"));
    }

    #[test]
    fn bash_lines() {
        let wb = DEFAULT_WORDBREAKS;
        assert_eq!(
            bash_line(&cand("--output=json", ""), "--output=js", wb).as_deref(),
            Some("json")
        );
        assert_eq!(
            bash_line(&cand("--output", ""), "--out", wb).as_deref(),
            Some("--output")
        );
        assert_eq!(
            bash_line(&cand("my profile", ""), "my", wb).as_deref(),
            Some("my\\ profile")
        );
        assert_eq!(
            bash_line(&cand("my profile", ""), "'my", wb).as_deref(),
            Some("my profile")
        );
        // Without `=` among the word breaks bash replaces the whole word.
        assert_eq!(
            bash_line(&cand("--output=json", ""), "--output=js", " \t\n").as_deref(),
            Some("--output=json")
        );
    }

    #[test]
    fn zsh_and_fish_lines() {
        assert_eq!(zsh_line(&cand("a:b", "Doc\nmore")), "a\\:b:Doc more");
        assert_eq!(zsh_line(&cand("json", "")), "json");
        assert_eq!(fish_line(&cand("--x", "Doc.")), "--x\tDoc.");
        assert_eq!(fish_line(&cand("json", "")), "json");
    }

    #[test]
    fn scripts_exist_for_every_shell() {
        for s in SHELLS {
            let text = script(s).unwrap_or_default();
            assert!(text.contains("__complete"), "{s}");
        }
        assert!(script("tcsh").is_none());
    }
}
