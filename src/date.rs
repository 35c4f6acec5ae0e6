//! Civil (proleptic Gregorian) dates and day numbers, counted from 1970-01-01: the one
//! conversion behind the config's `YYYY-MM-DD` dates, the EPUB's stamps and the PDF's Info dates. Uses only std.

/// Days in a 400-year era (the Gregorian calendar repeats every 400 years).
const ERA_DAYS: i64 = 146_097;
/// Days from 0000-03-01 to 1970-01-01: the years are counted from March, so that the leap
/// day is the last day of a year.
const EPOCH_SHIFT: i64 = 719_468;

/// The day number (days since 1970-01-01, negative before) of `year`-`month`-`day`.
/// `month` is 1..=12 and `day` 1..=31; a day past a month's end runs into the next month.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    // the year of a March-based calendar: January and February end the previous one
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * ERA_DAYS + day_of_era - EPOCH_SHIFT
}

/// The (year, month 1..=12, day 1..=31) of a day number (days since 1970-01-01).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + EPOCH_SHIFT;
    let era = z.div_euclid(ERA_DAYS);
    let day_of_era = z - era * ERA_DAYS;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // day is 1..=31 and month 1..=12 by construction
    (year, month as u32, day as u32)
}

/// Splits seconds since the Unix epoch (UTC) into the day number and the seconds of that day.
pub fn split_timestamp(ts: i64) -> (i64, i64) {
    (ts.div_euclid(86_400), ts.rem_euclid(86_400))
}

/// The day number of a `YYYY-MM-DD` date (a longer ISO timestamp is read by its date), for a
/// year 1000..=9999 and a day that exists: `2026-02-30` is refused, not moved to March.
pub fn parse_ymd(s: &str) -> Option<i64> {
    let d = s.get(..10)?;
    let mut it = d.split('-');
    let (y, m, day) = (it.next()?, it.next()?, it.next()?);
    if [y.len(), m.len(), day.len()] != [4, 2, 2] {
        return None;
    }
    let y: i64 = y.parse().ok()?;
    let (m, day): (u32, u32) = (m.parse().ok()?, day.parse().ok()?);
    if !(1000..=9999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(y, m, day);
    (civil_from_days(days) == (y, m, day)).then_some(days)
}

/// The UTC calendar date and time of day of a timestamp (seconds since 1970-01-01):
/// (year, month, day, hour, minute, second).
pub fn utc(ts: i64) -> (i64, u32, u32, u32, u32, u32) {
    let (days, secs) = split_timestamp(ts);
    let (y, m, d) = civil_from_days(days);
    // secs is 0..86_400
    let secs = secs as u32;
    (y, m, d, secs / 3600, secs / 60 % 60, secs % 60)
}

/// `YYYY-MM-DDTHH:MM:SSZ` of a timestamp, or `None` when its year has not four digits.
pub fn iso_stamp(ts: i64) -> Option<String> {
    let (y, m, d, hh, mm, ss) = utc(ts);
    (0..=9999)
        .contains(&y)
        .then(|| format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2000, 2, 29), 11_016);
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        // 2026-11-28 is 1_795_824_000 s after the epoch
        assert_eq!(days_from_civil(2026, 11, 28) * 86_400, 1_795_824_000);
    }

    #[test]
    fn century_leap_rules() {
        // 1900 and 2100 are not leap years, 2000 is
        assert_eq!(
            civil_from_days(days_from_civil(1900, 2, 28) + 1),
            (1900, 3, 1)
        );
        assert_eq!(
            civil_from_days(days_from_civil(2100, 2, 28) + 1),
            (2100, 3, 1)
        );
        assert_eq!(
            civil_from_days(days_from_civil(2000, 2, 28) + 1),
            (2000, 2, 29)
        );
    }

    #[test]
    fn round_trips_and_counts_up_by_one_day() {
        let mut prev = civil_from_days(days_from_civil(1599, 12, 31));
        for n in days_from_civil(1600, 1, 1)..days_from_civil(2401, 1, 1) {
            let (y, m, d) = civil_from_days(n);
            assert_eq!(days_from_civil(y, m, d), n);
            assert!((1..=12).contains(&m) && (1..=31).contains(&d));
            let next_day = (y, m, d) == (prev.0, prev.1, prev.2 + 1);
            let next_month = d == 1 && (y, m) == (prev.0, prev.1 + 1);
            let next_year = (m, d) == (1, 1) && y == prev.0 + 1 && prev.1 == 12;
            assert!(
                next_day || next_month || next_year,
                "{prev:?} -> {y}-{m}-{d}"
            );
            prev = (y, m, d);
        }
    }

    #[test]
    fn timestamps_split_at_midnight_utc() {
        assert_eq!(split_timestamp(0), (0, 0));
        assert_eq!(split_timestamp(86_399), (0, 86_399));
        assert_eq!(split_timestamp(-1), (-1, 86_399));
    }

    #[test]
    fn dates_are_read_strictly() {
        assert_eq!(parse_ymd("1970-01-01"), Some(0));
        assert_eq!(parse_ymd("2000-02-29T10:00:00Z"), Some(11_016));
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-1-05",
            "26-01-05",
            "x",
        ] {
            assert_eq!(parse_ymd(bad), None, "{bad}");
        }
    }

    #[test]
    fn stamps_have_four_digit_years() {
        assert_eq!(utc(3_661), (1970, 1, 1, 1, 1, 1));
        assert_eq!(
            iso_stamp(951_782_400).as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
        assert_eq!(iso_stamp(400_000_000_000), None);
    }
}
