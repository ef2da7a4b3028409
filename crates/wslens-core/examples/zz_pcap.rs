use wslens_core::*;
fn main() {
    let data = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let options = Options { format: Format::Pcap, ..Options::default() };
    let whole = inspect(&data, &options);
    let size = usize::from(data[0]) + 1;
    let mut c = CaptureReader::new();
    for p in data.chunks(size) {
        c.feed(p);
    }
    let pieces = inspect_prepared(c.finish(), &options);
    println!("WHOLE {}\n", serde_json::to_string_pretty(&whole.source).unwrap());
    println!("PIECES {}\n", serde_json::to_string_pretty(&pieces.source).unwrap());
    println!(
        "{:?}\n{:?}",
        whole.findings.iter().map(|f| (f.code, &f.message)).collect::<Vec<_>>(),
        pieces.findings.iter().map(|f| (f.code, &f.message)).collect::<Vec<_>>()
    );
}
