//! Prints the parsed document model of a manuscript (for looking at what the parser made).
fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "manuscript".into());
    let ms = guidebuild::manuscript::load(std::path::Path::new(&dir))
        .unwrap_or_else(|d| panic!("{}", d.message));
    let (doc, diags) = guidebuild::parse::document(&ms).into_parts();
    for d in &diags {
        eprintln!("{}", d.one_line(&ms.sources));
    }
    println!("{:#?}", doc.meta);
    for ch in &doc.chapters {
        println!("== {} [{}] #{}", ch.title_text, ch.id, ch.heading_id);
        for b in &ch.blocks {
            let s = format!("{:?}", b.kind);
            println!("  {}", &s[..s.len().min(160)]);
        }
    }
}
