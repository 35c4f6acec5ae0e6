//! Image files made byte by byte for tests: sound ones (a small PNG, a baseline JPEG) and the
//! broken ones [`super::verify`] must refuse — a PNG whose header lies about its size, a PNG
//! whose data is not zlib, a decompression bomb and a JPEG with no image data.

use std::io::Write;

/// A PNG chunk with its CRC.
fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
    let mut v = (data.len() as u32).to_be_bytes().to_vec();
    v.extend_from_slice(kind);
    v.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    v.extend_from_slice(&crc.sum().to_be_bytes());
    v
}

/// A PNG of `width` × `height` at colour type `ctype`, 8 bits, with `idat` as its data.
pub fn png_with(width: u32, height: u32, ctype: u8, bits: u8, idat: &[u8]) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[bits, ctype, 0, 0, 0]);
    v.extend(chunk(b"IHDR", &ihdr));
    v.extend(chunk(b"IDAT", idat));
    v.extend(chunk(b"IEND", &[]));
    v
}

/// A sound 8-bit PNG (`ctype` 0 gray, 2 RGB, 4 gray + alpha, 6 RGBA) of a small gradient.
pub fn good_png(width: u32, height: u32, ctype: u8) -> Vec<u8> {
    let channels = match ctype {
        0 => 1,
        2 => 3,
        4 => 2,
        _ => 4,
    };
    let mut raw = Vec::new();
    for y in 0..height {
        raw.push(0); // filter: none
        for x in 0..width * channels {
            raw.push(((x * 7 + y * 13) % 251) as u8);
        }
    }
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    enc.write_all(&raw).expect("in memory");
    png_with(width, height, ctype, 8, &enc.finish().expect("in memory"))
}

/// A PNG whose header says 100000 × 100000 pixels (its data is one row).
pub fn png_huge_header() -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    enc.write_all(&[0; 64]).expect("in memory");
    png_with(100_000, 100_000, 0, 8, &enc.finish().expect("in memory"))
}

/// A 3 × 2 RGB PNG whose data is not a zlib stream.
pub fn png_not_zlib() -> Vec<u8> {
    png_with(3, 2, 2, 8, &[0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde])
}

/// A 20000 × 20000 gray PNG whose 400 MB of zeros are a real zlib stream of about 2.5 MB
/// (written as fixed-Huffman matches, so making it costs nothing).
pub fn png_bomb() -> Vec<u8> {
    let (w, h) = (20_000u32, 20_000u32);
    let total = u64::from(h) * (u64::from(w) + 1);
    let mut bits = BitWriter::default();
    bits.put(1, 1); // final block
    bits.put(1, 2); // fixed Huffman codes
    bits.put_code(0b0011_0000, 8); // literal 0
    let mut left = total - 1;
    while left >= 258 {
        bits.put_code(0b1100_0101, 8); // length 258
        bits.put_code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        bits.put_code(0b0011_0000, 8);
    }
    bits.put_code(0, 7); // end of block
    let mut z = vec![0x78, 0x01];
    z.extend(bits.finish());
    let adler_b = (total % 65521) as u32;
    z.extend_from_slice(&(adler_b << 16 | 1).to_be_bytes());
    png_with(w, h, 0, 8, &z)
}

/// A baseline 8 × 8 gray JPEG, all mid-gray: one DC and one AC Huffman code, one block.
pub fn good_jpeg() -> Vec<u8> {
    let mut j = jpeg_headers();
    // scan header: one component, tables 0/0, spectral 0..63
    j.extend_from_slice(&[0xFF, 0xDA, 0, 8, 1, 1, 0x00, 0, 63, 0]);
    // DC category 0 ('0'), AC end of block ('0'), padded with ones
    j.push(0x3F);
    j.extend_from_slice(&[0xFF, 0xD9]);
    j
}

/// The headers of [`good_jpeg`] and its end, with no scan (no image data) between them.
pub fn jpeg_no_scan() -> Vec<u8> {
    let mut j = jpeg_headers();
    j.extend_from_slice(&[0xFF, 0xD9]);
    j
}

fn jpeg_headers() -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8];
    // quantisation table 0: all ones
    j.extend_from_slice(&[0xFF, 0xDB, 0, 67, 0]);
    j.extend_from_slice(&[1; 64]);
    // frame: 8 bits, 8 × 8, one component (id 1, sampling 1×1, table 0)
    j.extend_from_slice(&[0xFF, 0xC0, 0, 11, 8, 0, 8, 0, 8, 1, 1, 0x11, 0]);
    // Huffman tables: DC 0 and AC 0, each one code of length 1 for symbol 0
    for class in [0x00, 0x10] {
        j.extend_from_slice(&[0xFF, 0xC4, 0, 20, class, 1]);
        j.extend_from_slice(&[0; 15]);
        j.push(0);
    }
    j
}

/// Bits packed least significant first, as deflate wants them.
#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl BitWriter {
    fn put(&mut self, value: u64, len: u32) {
        self.acc |= value << self.n;
        self.n += len;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code: most significant bit first.
    fn put_code(&mut self, code: u64, len: u32) {
        let reversed = (0..len).fold(0, |r, i| r | ((code >> i) & 1) << (len - 1 - i));
        self.put(reversed, len);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}
