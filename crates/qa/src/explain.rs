//! The plan and its risk in words, for supervisors (Vietnamese first) and in English.
use crate::bound::fmt_vi;
use crate::counting::CountingMode;
use crate::plan::Plan;

impl Plan {
    /// The counting mode the explanation uses when none is given: entries, or fields when the AQL
    /// only exists for nonconformities per 100 entries (> 10).
    pub fn default_mode(&self) -> CountingMode {
        if self.aql.allows_percent_nonconforming() {
            CountingMode::Entries
        } else {
            CountingMode::Fields
        }
    }

    /// One paragraph for a supervisor: lot → code letter → sample → Ac/Re → the risk.
    pub fn explain_vi(&self) -> String {
        self.explain_vi_for(self.default_mode())
    }

    pub fn explain_vi_for(&self, mode: CountingMode) -> String {
        let risk = self.risk(mode);
        let (unit, what) = match mode {
            CountingMode::Entries => ("% mục có sai sót", "mục có sai sót (mục có ít nhất một trường sai)"),
            CountingMode::Fields => ("trường sai trên 100 mục", "trường sai"),
        };
        let mut s = format!("Sổ có {} mục, {} bậc {}, mã chữ {}", self.lot_size, self.severity.name_vi(), self.level, self.lot_code);
        if self.arrow_followed() {
            s.push_str(&format!(" (theo mũi tên của bảng chuyển sang mã {})", self.code));
        }
        if self.full_inspection {
            s.push_str(&format!(": cỡ mẫu của bảng ({}) không nhỏ hơn số mục của sổ nên kiểm tra toàn bộ {} mục", self.n, self.lot_size));
        } else {
            s.push_str(&format!(": chọn ngẫu nhiên {} mục, rải đều theo các trang, để nhập lại và đối chiếu", self.n));
        }
        s.push_str(&format!(
            ". Với AQL {}, sổ được chấp nhận nếu có không quá {} {what}, và bị trả lại nếu có từ {} trở lên. \
             Rủi ro của phương án: một sổ có {} {unit} vẫn được chấp nhận 95 lần trong 100; \
             một sổ có {} {unit} chỉ được chấp nhận 10 lần trong 100, tức là bị trả lại 90 lần trong 100.",
            self.aql.label_vi(),
            self.ac,
            self.re,
            fmt_vi(risk.p95, 2),
            fmt_vi(risk.p10, 2),
        ));
        s
    }

    /// English counterpart of [`Plan::explain_vi`].
    pub fn explain_en(&self) -> String {
        self.explain_en_for(self.default_mode())
    }

    pub fn explain_en_for(&self, mode: CountingMode) -> String {
        let risk = self.risk(mode);
        let (unit, what) = match mode {
            CountingMode::Entries => ("% nonconforming entries", "nonconforming entries (entries with at least one wrong field)"),
            CountingMode::Fields => ("wrong fields per 100 entries", "wrong fields"),
        };
        let mut s = format!(
            "A book of {} entries, {} inspection at level {}, code letter {}",
            self.lot_size, self.severity, self.level, self.lot_code
        );
        if self.arrow_followed() {
            s.push_str(&format!(" (the table's arrow leads to code letter {})", self.code));
        }
        if self.full_inspection {
            s.push_str(&format!(
                ": the table's sample size ({}) is not below the book's size, so all {} entries are inspected",
                self.n, self.lot_size
            ));
        } else {
            s.push_str(&format!(": {} entries drawn at random, spread over the pages, are re-keyed and compared", self.n));
        }
        s.push_str(&format!(
            ". At AQL {} the book is accepted with at most {} {what} and returned with {} or more. \
             Risk: a book with {:.2} {unit} is still accepted 95 times in 100; a book with {:.2} {unit} \
             is accepted only 10 times in 100, i.e. returned 90 times in 100.",
            self.aql, self.ac, self.re, risk.p95, risk.p10
        ));
        s
    }
}
