use crate::WorkspaceArgs;
use sohoa_core::model;
use sohoa_core::{CoreError, EntryStatus};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct BooksArgs {
    #[command(flatten)]
    ws: WorkspaceArgs,
    /// Print JSON instead of a table
    #[arg(long)]
    json: bool,
}

pub fn run(a: BooksArgs) -> Result<ExitCode, CoreError> {
    let s = crate::auth::open(&a.ws)?;
    let books = model::book::list(s.conn())?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&books).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} — {} sổ", s.workspace().commune_name, books.len());
    print!("{:>4}  {:<5} {:<10} {:<28} {:>5}", "id", "loại", "quyển", "nơi đăng ký", "năm");
    for st in EntryStatus::ALL {
        print!(" {:>7}", st.as_str());
    }
    println!(" {:>6}", "tổng");
    for b in books {
        let name: String = b.registry_name.chars().take(28).collect();
        print!("{:>4}  {:<5} {:<10} {:<28} {:>5}", b.id, b.book_type, b.quyen_so, name, b.year_from);
        for st in EntryStatus::ALL {
            print!(" {:>7}", b.counts.get(st.as_str()).copied().unwrap_or(0));
        }
        println!(" {:>6}", b.total);
    }
    Ok(ExitCode::SUCCESS)
}
