//! The local time zone, as the AWS CLI prints timestamps in it.
//!
//! botocore turns an epoch-seconds timestamp into `datetime.fromtimestamp(value, tzlocal())`
//! (dateutil's `tzlocal`) and the CLI prints its `isoformat()`. `tzlocal` does not use the
//! zone's history of offsets: it knows two offsets, which CPython's `time` module reads when
//! it is imported (`time.timezone` and `time.altzone`: the UTC offsets in force at the start
//! of the current year and half a year later, the smaller one "standard", the larger one
//! "daylight"), and asks libc's `localtime` only whether DST is in force at an instant
//! (`tm_isdst`). So an instant of a year whose offsets were other than this year's is printed
//! with this year's offsets (Moscow in 2012: `+03:00`, where it was `+04:00`), and a zone whose
//! tzdata marks winter as its DST period (Europe/Dublin) is printed `+01:00` in winter and
//! `+00:00` in summer. The AWS CLI prints that; so does this module.
//!
//! The zone is libc's (glibc's `tzset`), from the command's environment: `TZ`, else
//! `/etc/localtime`, else UTC. A leading `:` of `TZ` is dropped; an empty `TZ` is UTC, a bare
//! `:` is `/etc/localtime`; a name is looked up in `TZDIR` (default `/usr/share/zoneinfo`),
//! an absolute path read as is; a `TZ` that names no readable TZif file is a POSIX TZ string
//! (`JST-9`, `EST5EDT,M3.2.0,M11.1.0`); anything else (`Nowhere/Bogus`) is UTC. jiff reads
//! the TZif files and POSIX strings; which one is used, and the two glibc quirks below, are
//! written here because no crate follows glibc's choices.
//!
//! The zone is resolved once per process, on the first timestamp printed.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// glibc's zone directory when `TZDIR` is unset or empty.
const DEFAULT_TZDIR: &str = "/usr/share/zoneinfo";
/// glibc's zone when `TZ` is unset.
const DEFAULT_ZONE: &str = "/etc/localtime";
/// glibc's rules for a POSIX TZ string with a DST name but no rules (`ABC3DEF`), when no
/// `posixrules` file applies: the United States' rules since 2007.
const DEFAULT_DST_RULES: &str = ",M3.2.0,M11.1.0";
/// No TZif file is larger (the largest in tzdata is a few KB): a bound for `TZ=/dev/zero`.
const MAX_TZIF_BYTES: u64 = 1 << 20;
/// CPython's `YEAR` in `init_timezone`: a mean Julian year.
const PY_YEAR: i64 = (365 * 24 + 6) * 3600;

/// Which local zone a command prints timestamps in: its `TZ` and `TZDIR` (cheap to make;
/// the zone is read on first use).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalZone {
    tz: Option<String>,
    tzdir: Option<String>,
    /// The "now" whose year gives the standard and daylight offsets; `None`: the clock.
    now: Option<i64>,
}

/// The resolved zone of one [`LocalZone`] (the last one used, process-wide).
static RESOLVED: Mutex<Option<(LocalZone, Arc<Rules>)>> = Mutex::new(None);

impl LocalZone {
    /// The zone of a command with this environment (`TZ`, `TZDIR`).
    pub fn from_env(env: &HashMap<String, String>) -> Self {
        LocalZone {
            tz: env.get("TZ").cloned(),
            tzdir: env.get("TZDIR").cloned(),
            now: None,
        }
    }

    /// UTC (as `TZ=` empty).
    #[cfg(test)]
    pub fn utc() -> Self {
        LocalZone {
            tz: Some(String::new()),
            tzdir: None,
            now: None,
        }
    }

    /// The same zone with the current year taken from `now` (epoch seconds), for tests.
    #[cfg(test)]
    fn at(mut self, now: i64) -> Self {
        self.now = Some(now);
        self
    }

    /// `tzlocal().fromutc()` of the UTC instant `utc` (a time within Python's years): the
    /// local wall-clock time (as seconds from 1970-01-01T00:00 on the local calendar) and its
    /// fold. `Overflow` where Python's datetime arithmetic on the way leaves years 1-9999
    /// (botocore catches that `OverflowError`).
    pub fn local(&self, utc: i64) -> Result<(i64, bool), Overflow> {
        self.rules().wall_of_utc(utc)
    }

    /// `utcoffset()` (seconds) of a local wall-clock time with `fold`, as `isoformat()` asks
    /// for it. `Overflow` as for [`LocalZone::local`] (raised to the user there).
    pub fn utc_offset(&self, wall: i64, fold: bool) -> Result<i64, Overflow> {
        let rules = self.rules();
        Ok(if rules.is_dst(wall, fold)? {
            rules.dst
        } else {
            rules.std
        })
    }

    fn rules(&self) -> Arc<Rules> {
        let mut resolved = RESOLVED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((key, rules)) = resolved.as_ref()
            && key == self
        {
            return rules.clone();
        }
        let zone = Zone::resolve(self.tz.as_deref(), self.tzdir.as_deref());
        let now = self.now.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        });
        let rules = Arc::new(Rules::new(zone, now));
        *resolved = Some((self.clone(), rules.clone()));
        rules
    }
}

/// A zone as libc sees it: offset and DST flag at each instant.
struct Zone {
    tz: TimeZone,
    /// For a POSIX TZ string with DST: whether glibc says DST for every instant before 1970.
    /// (glibc computes the transitions of years before 1970 as those of 1970, so all of them
    /// fall after such an instant: DST when the rules end DST before they start it, as in
    /// the southern hemisphere.) TZif files do not have this quirk.
    posix_before_1970: Option<bool>,
}

impl Zone {
    fn utc() -> Self {
        Zone {
            tz: TimeZone::UTC,
            posix_before_1970: None,
        }
    }

    /// glibc's `tzset` choice for `TZ` (`None`: unset) and `TZDIR`.
    fn resolve(tz: Option<&str>, tzdir: Option<&str>) -> Self {
        let spec = match tz {
            None => {
                return Zone::tzif(Path::new(DEFAULT_ZONE), "localtime").unwrap_or_else(Zone::utc);
            }
            // glibc reads the `Universal` file, which is UTC.
            Some("") => return Zone::utc(),
            Some(s) => s.strip_prefix(':').unwrap_or(s),
        };
        if spec.is_empty() {
            return Zone::tzif(Path::new(DEFAULT_ZONE), "localtime").unwrap_or_else(Zone::utc);
        }
        let path = if spec.starts_with('/') {
            PathBuf::from(spec)
        } else {
            Path::new(tzdir.filter(|d| !d.is_empty()).unwrap_or(DEFAULT_TZDIR)).join(spec)
        };
        Zone::tzif(&path, spec)
            .or_else(|| Zone::posix(spec))
            .unwrap_or_else(Zone::utc)
    }

    /// A TZif file; `None` when it cannot be read or is not TZif.
    fn tzif(path: &Path, name: &str) -> Option<Self> {
        let mut data = Vec::new();
        std::fs::File::open(path)
            .ok()?
            .take(MAX_TZIF_BYTES)
            .read_to_end(&mut data)
            .ok()?;
        Some(Zone {
            tz: TimeZone::tzif(name, &data).ok()?,
            posix_before_1970: None,
        })
    }

    /// A POSIX TZ string; `None` when glibc would not read it either (it then uses UTC).
    fn posix(spec: &str) -> Option<Self> {
        let tz = TimeZone::posix(spec)
            .or_else(|e| {
                if spec.contains(',') {
                    Err(e)
                } else {
                    TimeZone::posix(&format!("{spec}{DEFAULT_DST_RULES}"))
                }
            })
            .ok()?;
        let dst_at = |secs: i64| {
            Timestamp::from_second(secs).is_ok_and(|t| tz.to_offset_info(t).dst().is_dst())
        };
        // 1970-01-01 and 1970-07-01: DST in January only is the southern ordering.
        let southern = dst_at(0) && !dst_at(181 * 86_400);
        Some(Zone {
            posix_before_1970: Some(southern),
            tz,
        })
    }

    /// `tm_isdst` of `localtime(secs)`.
    fn is_dst(&self, secs: i64) -> bool {
        if let Some(before) = self.posix_before_1970
            && secs < 0
        {
            return before;
        }
        self.tz.to_offset_info(timestamp(secs)).dst().is_dst()
    }

    /// `tm_gmtoff` of `localtime(secs)`.
    fn utc_offset(&self, secs: i64) -> i64 {
        i64::from(self.tz.to_offset(timestamp(secs)).seconds())
    }
}

/// An instant jiff can hold (it covers years -9999 to 9999; Python's datetimes years 1 to
/// 9999).
fn timestamp(secs: i64) -> Timestamp {
    Timestamp::from_second(secs).unwrap_or(if secs < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

/// dateutil's `tzlocal` over a zone: the standard and daylight offsets of the current year.
struct Rules {
    zone: Zone,
    /// `-time.timezone`.
    std: i64,
    /// `-time.altzone` when `time.daylight`, else `std`.
    dst: i64,
}

impl Rules {
    /// CPython's `init_timezone` (the branch glibc builds use): the offsets at the start of
    /// `now`'s year and half a year later.
    fn new(zone: Zone, now: i64) -> Self {
        let t = now / PY_YEAR * PY_YEAR;
        let jan = -zone.utc_offset(t);
        let july = -zone.utc_offset(t.saturating_add(PY_YEAR / 2));
        let (timezone, altzone) = if jan < july { (july, jan) } else { (jan, july) };
        Rules {
            zone,
            std: -timezone,
            dst: if jan == july { -timezone } else { -altzone },
        }
    }

    /// `_naive_is_dst`: `localtime(wall + time.timezone).tm_isdst`.
    fn naive_is_dst(&self, wall: i64) -> bool {
        self.zone.is_dst(wall.saturating_sub(self.std))
    }

    /// `is_ambiguous`: the wall time is not DST, but was DST-saved seconds earlier (a datetime
    /// subtraction, which can overflow).
    fn is_ambiguous(&self, wall: i64) -> Result<bool, Overflow> {
        Ok(!self.naive_is_dst(wall)
            && self.naive_is_dst(py_datetime(wall.saturating_sub(self.dst - self.std))?))
    }

    /// `_isdst(dt)` of a wall time with `dt.fold`.
    fn is_dst(&self, wall: i64, fold: bool) -> Result<bool, Overflow> {
        Ok(if self.std == self.dst {
            false
        } else if self.is_ambiguous(wall)? {
            !fold
        } else {
            self.naive_is_dst(wall)
        })
    }

    /// dateutil's `_tzinfo.fromutc(dt)`, step by step (each datetime operation that can
    /// overflow, in Python's order): the wall time and its fold.
    fn wall_of_utc(&self, utc: i64) -> Result<(i64, bool), Overflow> {
        // `dt.utcoffset() - dt.dst()` is always the standard offset, but both ask `_isdst`.
        self.is_dst(utc, false)?;
        let standard = py_datetime(utc.saturating_add(self.std))?;
        // Add `dst()` of the standard time with fold=1.
        let added = if self.is_dst(standard, true)? {
            self.dst - self.std
        } else {
            0
        };
        let wall = py_datetime(standard.saturating_add(added))?;
        // `_fold_status`: in the fold when ambiguous and no DST was added (it also asks the
        // UTC time's offsets again).
        let fold = if self.is_ambiguous(wall)? {
            self.is_dst(utc, false)?;
            added == 0
        } else {
            false
        };
        Ok((wall, fold))
    }
}

/// Python's `OverflowError: date value out of range`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

/// The whole seconds of Python's datetimes (0001-01-01T00:00:00 to 9999-12-31T23:59:59),
/// counted from 1970-01-01T00:00:00 on their calendar.
pub const PY_DATETIMES: std::ops::RangeInclusive<i64> = -62_135_596_800..=253_402_300_799;

/// The result of datetime arithmetic: whole seconds of a time within Python's years.
fn py_datetime(secs: i64) -> Result<i64, Overflow> {
    if PY_DATETIMES.contains(&secs) {
        Ok(secs)
    } else {
        Err(Overflow)
    }
}

/// A UTC offset as Python's `isoformat()` prints it: `+09:00`, `-03:30`, `+00:00`, and
/// `:SS` when there are seconds.
pub fn offset_text(offset: i64) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let abs = offset.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs % 3600 / 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}:{m:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-25T00:00:00Z: tests fix the year whose offsets `tzlocal` uses.
    const NOW: i64 = 1_795_564_800;

    fn zone(tz: &str) -> LocalZone {
        LocalZone {
            tz: Some(tz.to_owned()),
            tzdir: None,
            now: Some(NOW),
        }
    }

    fn tzdata() {
        let probe = Path::new(DEFAULT_TZDIR).join("Asia/Tokyo");
        assert!(
            probe.exists(),
            "{} is missing: these tests need the system's tzdata (apt-get install tzdata), \
             as the AWS CLI (through glibc) does",
            probe.display()
        );
    }

    /// Printed as the CLI prints it.
    fn print(tz: &LocalZone, epoch: f64) -> String {
        crate::response::iso8601(epoch, tz).unwrap_or_else(|e| format!("error: {e}"))
    }

    /// What `botocore.utils.parse_timestamp(value).isoformat()` printed on Python 3.11
    /// (glibc 2.36, tzdata 2025b) in 2026, for each `TZ`.
    const PYTHON: &[(&str, f64, &str)] = &[
        ("Asia/Tokyo", 1700000000.0, "2023-11-15T07:13:20+09:00"),
        ("Asia/Tokyo", 0.0, "1970-01-01T09:00:00+09:00"),
        ("Asia/Tokyo", -1.0, "1970-01-01T08:59:59+09:00"),
        (
            "Asia/Tokyo",
            1700000000.5,
            "2023-11-15T07:13:20.500000+09:00",
        ),
        (":Asia/Tokyo", 1700000000.0, "2023-11-15T07:13:20+09:00"),
        // New York: spring forward (2026-03-08T07:00Z), fall back (2026-11-01T06:00Z, the
        // hour before it printed twice, first with -04:00).
        (
            "America/New_York",
            1772953199.0,
            "2026-03-08T01:59:59-05:00",
        ),
        (
            "America/New_York",
            1772953200.0,
            "2026-03-08T03:00:00-04:00",
        ),
        (
            "America/New_York",
            1793509199.0,
            "2026-11-01T00:59:59-04:00",
        ),
        (
            "America/New_York",
            1793509200.0,
            "2026-11-01T01:00:00-04:00",
        ),
        (
            "America/New_York",
            1793512799.0,
            "2026-11-01T01:59:59-04:00",
        ),
        (
            "America/New_York",
            1793512800.0,
            "2026-11-01T01:00:00-05:00",
        ),
        (
            "America/New_York",
            1700000000.0,
            "2023-11-14T17:13:20-05:00",
        ),
        (
            "America/New_York",
            1782864000.0,
            "2026-06-30T20:00:00-04:00",
        ),
        // Lord Howe: DST is 30 minutes (ends 2026-04-04T15:00Z, starts 2026-10-03T15:30Z).
        (
            "Australia/Lord_Howe",
            1767225600.0,
            "2026-01-01T11:00:00+11:00",
        ),
        (
            "Australia/Lord_Howe",
            1782864000.0,
            "2026-07-01T10:30:00+10:30",
        ),
        (
            "Australia/Lord_Howe",
            1775312999.0,
            "2026-04-05T01:29:59+11:00",
        ),
        (
            "Australia/Lord_Howe",
            1775313000.0,
            "2026-04-05T01:30:00+11:00",
        ),
        (
            "Australia/Lord_Howe",
            1775314799.0,
            "2026-04-05T01:59:59+11:00",
        ),
        (
            "Australia/Lord_Howe",
            1775314800.0,
            "2026-04-05T01:30:00+10:30",
        ),
        (
            "Australia/Lord_Howe",
            1775316599.0,
            "2026-04-05T01:59:59+10:30",
        ),
        (
            "Australia/Lord_Howe",
            1775316600.0,
            "2026-04-05T02:00:00+10:30",
        ),
        (
            "Australia/Lord_Howe",
            1791041399.0,
            "2026-10-04T01:59:59+10:30",
        ),
        (
            "Australia/Lord_Howe",
            1791041400.0,
            "2026-10-04T02:30:00+11:00",
        ),
        (
            "Australia/Lord_Howe",
            1791043199.0,
            "2026-10-04T02:59:59+11:00",
        ),
        // tzdata marks Irish winter time as the DST period: tzlocal's offsets are swapped.
        ("Europe/Dublin", 1780000000.0, "2026-05-28T20:26:40+00:00"),
        ("Europe/Dublin", 1800000000.0, "2027-01-15T09:00:00+01:00"),
        // This year's offset for every year (Moscow was +04:00 in 2012).
        ("Europe/Moscow", 1300000000.0, "2011-03-13T10:06:40+03:00"),
        ("Europe/Moscow", 1350000000.0, "2012-10-12T03:00:00+03:00"),
        ("JST-9", 1700000000.0, "2023-11-15T07:13:20+09:00"),
        (
            "EST5EDT,M3.2.0,M11.1.0",
            1772953200.0,
            "2026-03-08T03:00:00-04:00",
        ),
        (
            "EST5EDT,M3.2.0,M11.1.0",
            1793512800.0,
            "2026-11-01T01:00:00-05:00",
        ),
        (
            "EST5EDT,M3.2.0,M11.1.0",
            -2000000000.0,
            "1906-08-16T15:26:40-05:00",
        ),
        (
            "NZST-12NZDT,M9.5.0,M4.1.0/3",
            1782864000.0,
            "2026-07-01T12:00:00+12:00",
        ),
        (
            "NZST-12NZDT,M9.5.0,M4.1.0/3",
            1767225600.0,
            "2026-01-01T13:00:00+13:00",
        ),
        // glibc: DST before 1970 for rules in the southern order.
        (
            "NZST-12NZDT,M9.5.0,M4.1.0/3",
            -2000000000.0,
            "1906-08-17T09:26:40+13:00",
        ),
        ("<+0330>-3:30", 1700000000.0, "2023-11-15T01:43:20+03:30"),
        // A DST name without rules: glibc's default (United States) rules.
        ("ABC3DEF", 1782864000.0, "2026-06-30T22:00:00-02:00"),
        ("ABC3DEF", 1767225600.0, "2025-12-31T21:00:00-03:00"),
        // Invalid or empty: UTC.
        ("Nowhere/Bogus", 1700000000.0, "2023-11-14T22:13:20+00:00"),
        ("", 1700000000.0, "2023-11-14T22:13:20+00:00"),
        ("UTC", 1700000000.0, "2023-11-14T22:13:20+00:00"),
    ];

    #[test]
    fn fixed_instants_print_like_python() {
        tzdata();
        for &(tz, epoch, want) in PYTHON {
            assert_eq!(print(&zone(tz), epoch), want, "TZ={tz:?} {epoch}");
        }
    }

    #[test]
    fn tzdir_absolute_paths_and_non_tzif_files() {
        tzdata();
        let dir = std::env::temp_dir().join(format!("awslice-tzdir-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("Mine")).expect("temp dir");
        std::fs::copy(
            Path::new(DEFAULT_TZDIR).join("Asia/Tokyo"),
            dir.join("Mine/Zone"),
        )
        .expect("copy a TZif file");
        std::fs::write(dir.join("not-tzif"), "JST-9\n").expect("temp file");
        let tzdir = |tz: &str| LocalZone {
            tz: Some(tz.to_owned()),
            tzdir: Some(dir.to_string_lossy().into_owned()),
            now: Some(NOW),
        };
        assert_eq!(print(&tzdir("Mine/Zone"), 0.0), "1970-01-01T09:00:00+09:00");
        // Names are looked up in TZDIR only.
        assert_eq!(
            print(&tzdir("Asia/Tokyo"), 0.0),
            "1970-01-01T00:00:00+00:00"
        );
        let path = dir.join("Mine/Zone").to_string_lossy().into_owned();
        assert_eq!(print(&zone(&path), 0.0), "1970-01-01T09:00:00+09:00");
        assert_eq!(
            print(&zone(&format!(":{path}")), 0.0),
            "1970-01-01T09:00:00+09:00"
        );
        // A file that is not TZif: its name is read as a POSIX string, here invalid: UTC.
        let other = dir.join("not-tzif").to_string_lossy().into_owned();
        assert_eq!(print(&zone(&other), 0.0), "1970-01-01T00:00:00+00:00");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn unset_tz_is_etc_localtime() {
        let unset = LocalZone {
            tz: None,
            tzdir: None,
            now: Some(NOW),
        };
        let want = if Path::new(DEFAULT_ZONE).exists() {
            print(&zone(DEFAULT_ZONE), 1_700_000_000.0)
        } else {
            "2023-11-14T22:13:20+00:00".to_owned()
        };
        assert_eq!(print(&unset, 1_700_000_000.0), want);
        // `TZ=:` is /etc/localtime too.
        assert_eq!(print(&zone(":"), 1_700_000_000.0), want);
    }

    #[test]
    fn the_current_year_gives_the_offsets() {
        tzdata();
        // Moscow had DST (+03:00/+04:00) until March 2011, then +04:00, then +03:00 from
        // October 2014. Python run in 2011 (time.timezone -10800, time.altzone -14400,
        // time.daylight 1) printed summer 2010 with +04:00 and 2011-07 (+04:00 as standard
        // time) with +03:00; run in 2026 it prints +03:00 throughout.
        let moscow_2011 = zone("Europe/Moscow").at(1_300_000_000);
        let moscow_2026 = zone("Europe/Moscow");
        assert_eq!(
            print(&moscow_2011, 1_280_000_000.0),
            "2010-07-24T23:33:20+04:00"
        );
        assert_eq!(
            print(&moscow_2011, 1_310_000_000.0),
            "2011-07-07T03:53:20+03:00"
        );
        assert_eq!(
            print(&moscow_2026, 1_280_000_000.0),
            "2010-07-24T22:33:20+03:00"
        );
    }

    /// The test venv's Python, skipped (or failing, when peers are required) without it.
    fn python() -> Option<PathBuf> {
        awslice_test_support::peers::python()
    }

    /// Prints `parse_timestamp(value).isoformat()` (what the AWS CLI prints) or `error: ` and
    /// the error's message for each `TZ` (`null`: unset) and value of the JSON list of cases
    /// on stdin, one per line.
    const PY_PRINT: &str = r#"
import json, os, sys, time
from botocore.utils import parse_timestamp
for tz, values in json.load(sys.stdin):
    if tz is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = tz
    time.tzset()
    for v in values:
        try:
            print(parse_timestamp(v).isoformat())
        except Exception as e:
            print(f"error: {e}")
"#;

    /// Zones and strings of many kinds: DST in either hemisphere, 30-minute DST, negative
    /// DST (Dublin), DST during Ramadan (Casablanca), two-hour DST (Troll), changed offsets
    /// (Moscow), POSIX strings with and without DST, with extensions, invalid, empty, unset.
    const PY_ZONES: &[Option<&str>] = &[
        Some("Asia/Tokyo"),
        Some(":Asia/Tokyo"),
        Some("America/New_York"),
        Some("Australia/Lord_Howe"),
        Some("Australia/Sydney"),
        Some("Europe/Dublin"),
        Some("Europe/Moscow"),
        Some("Europe/London"),
        Some("America/Sao_Paulo"),
        Some("Africa/Casablanca"),
        Some("Antarctica/Troll"),
        Some("America/Nuuk"),
        Some("Asia/Kolkata"),
        Some("/usr/share/zoneinfo/Pacific/Chatham"),
        Some("EST5EDT"),
        Some("JST-9"),
        Some("EST5EDT,M3.2.0,M11.1.0"),
        Some("NZST-12NZDT,M9.5.0,M4.1.0/3"),
        Some("<+0330>-3:30"),
        Some("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1"),
        Some("AAA3BBB,J60/25,J300/-1"),
        Some("Nowhere/Bogus"),
        Some("XYZ"),
        Some(""),
        Some("UTC"),
        None,
    ];

    /// The instants: every 2,000,003 s over 1901-2096 (odd steps, so all times of day
    /// occur), each zone's offset changes of this year and the next, and fractions.
    fn py_instants(zone: &LocalZone) -> Vec<f64> {
        let mut out: Vec<f64> = (-2_140_000_000_i64..4_000_000_000)
            .step_by(2_000_003)
            .map(|s| s as f64)
            .collect();
        let now = Timestamp::now().as_second();
        let rules = zone.rules();
        let end = now + 800 * 86_400;
        for change in rules.zone.tz.following(timestamp(now - 400 * 86_400)) {
            let at = change.timestamp().as_second();
            if at > end {
                break;
            }
            for d in [-3601, -3600, -1801, -1800, -1, 0, 1, 1799, 1800, 3599, 3600] {
                out.push((at + d) as f64);
            }
        }
        out.extend([0.5, -0.5, 1_700_000_000.25, 1_700_000_000.000_000_5, -1.5]);
        // The ends of Python's datetimes (errors, and botocore's fallback).
        for edge in [253_402_300_799.0, -62_135_596_800.0] {
            for hours in -15..=15 {
                out.push(edge + f64::from(hours) * 1800.0);
            }
        }
        out.extend([1e12, -1e12, 1e20, 253_402_300_799.5]);
        out
    }

    #[test]
    fn many_instants_print_like_the_aws_cli() {
        tzdata();
        let Some(py) = python() else {
            return;
        };
        let cases: Vec<(Option<&str>, Vec<f64>)> = PY_ZONES
            .iter()
            .map(|tz| {
                let zone = LocalZone {
                    tz: tz.map(str::to_owned),
                    tzdir: None,
                    now: None,
                };
                (*tz, py_instants(&zone))
            })
            .collect();
        let input = serde_json::to_string(&cases).expect("cases as JSON");
        let mut child = std::process::Command::new(&py)
            .args(["-c", PY_PRINT])
            .env_remove("TZDIR")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", py.display()));
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().expect("stdin");
            stdin.write_all(input.as_bytes()).expect("write the cases");
        }
        let out = child.wait_with_output().expect("Python runs");
        assert!(
            out.status.success(),
            "Python failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        let mut lines = text.lines();
        let mut checked = 0;
        let mut wrong = Vec::new();
        for (tz, values) in &cases {
            let zone = LocalZone {
                tz: tz.map(str::to_owned),
                tzdir: None,
                now: None,
            };
            for v in values {
                let theirs = lines.next().expect("one line per value");
                let ours = print(&zone, *v);
                checked += 1;
                if ours != theirs {
                    wrong.push(format!("TZ={tz:?} {v}: ours {ours}, Python {theirs}"));
                }
            }
        }
        assert!(lines.next().is_none(), "more lines than values");
        assert!(
            wrong.is_empty(),
            "{} of {checked} differ, first ones:\n{}",
            wrong.len(),
            wrong[..wrong.len().min(20)].join("\n")
        );
        println!("{checked} timestamps printed as Python prints them");
    }

    #[test]
    fn offsets_print_like_python() {
        assert_eq!(offset_text(0), "+00:00");
        assert_eq!(offset_text(32_400), "+09:00");
        assert_eq!(offset_text(-12_600), "-03:30");
        assert_eq!(offset_text(3_630), "+01:00:30");
        assert_eq!(offset_text(-37_800), "-10:30");
    }
}
