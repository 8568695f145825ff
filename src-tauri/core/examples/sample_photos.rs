//! Draws the sample photos kept in tests/fixtures/ (a wide JPEG, a tall PNG), so the
//! fixtures can be made again: `cargo run -p plm-core --example sample_photos -- DIR`.

fn scene(w: u32, h: u32, sky: [u8; 3], ground: [u8; 3], seed: u32) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, |x, y| {
        let t = y as f32 / h as f32;
        let mix = |a: u8, b: u8| (a as f32 * (1.0 - t) + b as f32 * t) as u8;
        let mut p = [
            mix(sky[0], ground[0]),
            mix(sky[1], ground[1]),
            mix(sky[2], ground[2]),
        ];
        // a table and people as coloured discs
        if y > h * 6 / 10 && y < h * 8 / 10 && x > w / 8 && x < w * 7 / 8 {
            p = [244, 227, 193];
        }
        for k in 0..5u32 {
            let cx = w / 6 * (k + 1);
            let cy = h / 2;
            let r = h / 10 + (seed * (k + 3)) % 20;
            let (dx, dy) = (x as i64 - cx as i64, y as i64 - cy as i64);
            if dx * dx + dy * dy < (r * r) as i64 {
                p = [
                    [192, 57, 43],
                    [41, 128, 185],
                    [243, 156, 18],
                    [39, 174, 96],
                    [142, 68, 173],
                ][k as usize];
            }
        }
        image::Rgb(p)
    })
}

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: sample_photos DIR"));
    let wide = scene(2400, 1600, [142, 202, 230], [42, 111, 78], 7);
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80)
        .encode_image(&wide)
        .unwrap();
    std::fs::write(dir.join("photo-opening.jpg"), jpeg).unwrap();
    let tall = scene(900, 1200, [247, 214, 224], [109, 89, 122], 3);
    tall.save(dir.join("photo-discussion.png")).unwrap();
}
