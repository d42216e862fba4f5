//! Partial dates as written in old registers: year, optional month, optional day, plus the text.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
    /// The text exactly as written (NFC).
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("empty date")]
    Empty,
    #[error("unreadable date: {0}")]
    Unreadable(String),
    #[error("impossible date: {0}")]
    Impossible(String),
}

impl PartialDate {
    /// Accepts `12/3/1985`, `3/1985`, `1985`, `12-03-1985`, `12.03.1985`, `1985-03-12`.
    pub fn parse(input: &str) -> Result<PartialDate, DateError> {
        let text = crate::normalize::clean(input);
        if text.is_empty() {
            return Err(DateError::Empty);
        }
        let parts: Vec<&str> = text.split(['/', '-', '.', ' ']).filter(|p| !p.is_empty()).collect();
        let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok()).collect();
        let nums = nums.ok_or_else(|| DateError::Unreadable(text.clone()))?;
        let (y, m, d) = match nums.as_slice() {
            [y] => (*y, None, None),
            [m, y] => (*y, Some(*m), None),
            [a, b, c] if parts[0].len() == 4 => (*a, Some(*b), Some(*c)),
            [d, m, y] => (*y, Some(*m), Some(*d)),
            _ => return Err(DateError::Unreadable(text)),
        };
        if !(1000..=2999).contains(&y) {
            return Err(DateError::Impossible(text));
        }
        if let Some(m) = m {
            if !(1..=12).contains(&m) {
                return Err(DateError::Impossible(text));
            }
        }
        if let Some(d) = d {
            if d < 1 || d > days_in_month(y as i32, m.unwrap_or(1) as u8) as u32 {
                return Err(DateError::Impossible(text));
            }
        }
        Ok(PartialDate { year: y as i32, month: m.map(|m| m as u8), day: d.map(|d| d as u8), text })
    }

    /// The template's format: `dd/mm/yyyy`, `mm/yyyy` or `yyyy`.
    pub fn to_template(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d:02}/{m:02}/{:04}", self.year),
            (Some(m), None) => format!("{m:02}/{:04}", self.year),
            _ => format!("{:04}", self.year),
        }
    }
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}
