//! Migration folder names: `<YYYYMMDDHHMMSS>_<name>` in UTC, like drizzle-kit 1.0.

use crate::error::{Error, Result};

const ADJECTIVES: &[&str] = &[
    "amber", "brisk", "calm", "dapper", "eager", "fuzzy", "gentle", "hardy", "icy", "jolly",
    "keen", "lucid", "mellow", "nimble", "odd", "plucky", "quiet", "rapid", "sly", "tidy",
    "upbeat", "vivid", "wry", "young", "zesty", "bold", "crisp", "dusky", "frosty", "glassy",
    "hazy", "misty",
];
const NOUNS: &[&str] = &[
    "avalanche",
    "blizzard",
    "cirrus",
    "drift",
    "flurry",
    "glacier",
    "hail",
    "iceberg",
    "frost",
    "monsoon",
    "nimbus",
    "permafrost",
    "rime",
    "squall",
    "thaw",
    "tundra",
    "whiteout",
    "cornice",
    "graupel",
    "icicle",
    "hoarfrost",
    "snowpack",
    "sleet",
    "gale",
    "crevasse",
    "firn",
    "serac",
    "moraine",
    "floe",
    "sastrugi",
    "virga",
    "polynya",
];

/// A readable random name from a seed the shim supplies (the core has no randomness of its own).
pub fn random_name(seed: u32) -> String {
    let a = ADJECTIVES[(seed as usize) % ADJECTIVES.len()];
    let n = NOUNS[((seed / ADJECTIVES.len() as u32) as usize) % NOUNS.len()];
    format!("{a}_{n}")
}

/// A `--name` must make a single, portable folder name.
pub fn validate_name(name: &str) -> Result<String> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && name.len() <= 200;
    if ok {
        Ok(name.to_string())
    } else {
        Err(Error::input(format!(
            "--name {name:?} cannot be a folder name: use letters, digits, '_' or '-'"
        )))
    }
}

/// Folder timestamp: the clock, but always at least one second after the newest parent folder so a
/// child sorts after its parents even when the clock is behind (rc.5 does this for Postgres).
pub fn folder_name(now_ms: f64, newest_parent_ms: Option<i64>, name: &str) -> String {
    let mut secs = (now_ms / 1000.0).floor() as i64;
    if let Some(p) = newest_parent_ms {
        secs = secs.max(p / 1000 + 1);
    }
    format!("{}_{name}", format_utc_seconds(secs))
}

/// `YYYYMMDDHHMMSS` of a Unix time in seconds (UTC).
pub fn format_utc_seconds(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}{m:02}{d:02}{:02}{:02}{:02}",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Milliseconds since the epoch of a folder name's leading `YYYYMMDDHHMMSS`, as drizzle-orm computes
/// `folderMillis`; `None` when the name does not start with 14 digits forming a valid time.
pub fn folder_millis(folder: &str) -> Option<i64> {
    let digits = folder.get(0..14)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |a: usize, b: usize| digits[a..b].parse::<i64>().ok();
    let (y, mo, d, h, mi, s) = (
        n(0, 4)?,
        n(4, 6)?,
        n(6, 8)?,
        n(8, 10)?,
        n(10, 12)?,
        n(12, 14)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some((days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s) * 1000)
}

// Howard Hinnant's civil-calendar conversions.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_like_drizzle_kit() {
        // 2026-11-25T21:20:32Z, a folder rc.5 wrote: 20261125212032_init
        assert_eq!(format_utc_seconds(1_795_641_632), "20261125212032");
        assert_eq!(
            folder_millis("20261125212032_init"),
            Some(1_795_641_632_000)
        );
        assert_eq!(folder_millis("0000_init"), None);
    }

    #[test]
    fn child_folder_sorts_after_parent_even_with_a_slow_clock() {
        let parent = folder_millis("20261125212032_a").unwrap();
        assert_eq!(folder_name(1_000.0, Some(parent), "b"), "20261125212033_b");
        assert_eq!(
            folder_name(1_795_641_700_000.0, Some(parent), "b"),
            "20261125212140_b"
        );
    }

    #[test]
    fn names_are_validated() {
        assert!(validate_name("add_users").is_ok());
        assert!(validate_name("../evil").is_err());
        assert!(validate_name("").is_err());
        assert_ne!(random_name(1), random_name(2));
    }
}
