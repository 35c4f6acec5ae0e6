//! Images for the PDF. A JPEG goes in as it is (`/DCTDecode`); a PNG as its own zlib data with
//! the PNG predictor (`/FlateDecode`, `/Predictor 15`) — gray, RGB and palette images, 8 bits
//! (palette and gray also 1, 2, 4), not interlaced. A PNG with an alpha channel (8-bit gray or
//! RGB + alpha) is decoded here and split into colour and a soft mask. Anything else is refused
//! with a reason, and layout draws a framed placeholder and warns.
//!
//! Before either output takes a PNG or a JPEG, its data is decoded in full ([`verify`], with
//! the `png` and `zune-jpeg` decoders) within a budget of [`MAX_PIXELS`] pixels and
//! [`MAX_DECODED_BYTES`] bytes of decoded samples: a damaged file, a header that lies about
//! the size, a decompression bomb or a JPEG without image data is refused with a reason (the
//! PDF draws its placeholder, the EPUB leaves the image out), never passed through. The PDF
//! still embeds the file's own compressed data; the decoding only checks it.
//!
//! An image is decoded once per build, by whichever stage asks first ([`Decoded`], kept with
//! the asset): layout needs its size and whether it can be placed, the writer its data, the
//! EPUB whether it is sound. The pixel size the EPUB writes on `<img>` comes from
//! [`pixel_size`], which reads only the header (and knows GIF too).

use std::sync::OnceLock;

#[cfg(any(test, feature = "testing"))]
pub mod samples;

/// Most pixels (width × height) an image may have.
pub const MAX_PIXELS: u64 = 40_000_000;
/// Most bytes an image's decoded samples may take (a 40-megapixel 8-bit RGBA image fits).
pub const MAX_DECODED_BYTES: u64 = 160_000_000;

/// What the header says, enough to write the image XObject.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageInfo {
    pub width: u32,
    pub height: u32,
    pub data: ImageData,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImageData {
    Jpeg {
        components: u8,
    },
    Png {
        /// 1 gray, 3 RGB, or 1 index into `palette` (RGB triples).
        colors: u8,
        bits: u8,
        palette: Option<Vec<u8>>,
        /// The concatenated IDAT chunks: one zlib stream.
        idat: Vec<u8>,
    },
    /// 8-bit gray or RGB with an alpha channel, as read: [`decode`] turns it into `Masked`.
    PngAlpha {
        /// 1 gray or 3 RGB (the alpha channel not counted).
        colors: u8,
        idat: Vec<u8>,
    },
    /// An alpha PNG decoded: zlib-compressed 8-bit colour samples and alpha samples.
    Masked {
        /// 1 gray or 3 RGB.
        colors: u8,
        color: Vec<u8>,
        mask: Vec<u8>,
    },
}

/// Why an image cannot go in the PDF; its text ends a `GB302` warning's message.
#[derive(Debug, Clone, PartialEq)]
pub enum ImageError {
    NotJpegOrPng,
    DamagedJpeg,
    JpegFormat {
        components: u8,
        bits: u8,
    },
    DamagedPng,
    TransparentPalette,
    Interlaced,
    PngFormat {
        ctype: u8,
        bits: u8,
    },
    TooLarge,
    /// The decoded samples would be more than [`MAX_DECODED_BYTES`].
    TooMuchData,
    Short,
    Undecodable(String),
    /// The JPEG's image data could not be decoded.
    JpegData(String),
    /// A GIF too short to hold its header.
    DamagedGif,
    /// Asked to split the alpha of an image that has none (a bug, never shown).
    NotAlpha,
}

impl std::fmt::Display for ImageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImageError::NotJpegOrPng => {
                write!(f, "only JPEG and PNG images can be placed in the PDF")
            }
            ImageError::DamagedJpeg => write!(f, "the JPEG header could not be read"),
            ImageError::JpegFormat { components, bits } => write!(
                f,
                "this JPEG has {components} colour components at {bits} bits; only 8-bit gray or RGB JPEGs are supported"
            ),
            ImageError::DamagedPng => write!(f, "the PNG file is damaged"),
            ImageError::TransparentPalette => write!(
                f,
                "PNG images with a transparent palette colour are not supported; save it with an alpha channel or without transparency"
            ),
            ImageError::Interlaced => write!(
                f,
                "interlaced PNG images are not supported; save it without interlacing"
            ),
            ImageError::PngFormat { ctype, bits } => {
                write!(f, "PNG colour type {ctype} at {bits} bits is not supported")
            }
            ImageError::TooLarge => write!(f, "the image is too large (over 40 megapixels)"),
            ImageError::TooMuchData => write!(
                f,
                "the image is too large (over {} MB of decoded samples)",
                MAX_DECODED_BYTES / 1_000_000
            ),
            ImageError::JpegData(e) => write!(f, "the JPEG data could not be decoded ({e})"),
            ImageError::DamagedGif => write!(f, "the GIF header could not be read"),
            ImageError::Short => write!(f, "the PNG data is shorter than its size says"),
            ImageError::Undecodable(e) => write!(f, "the PNG data could not be decoded ({e})"),
            ImageError::NotAlpha => write!(f, "not an alpha PNG"),
        }
    }
}

/// Pixel size from a PNG, JPEG or GIF header.
pub fn pixel_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(b"\x89PNG") {
        // IHDR is the first chunk: its width and height follow the chunk's length and type
        return Some((be32(bytes, 16)?, be32(bytes, 20)?));
    }
    if bytes.starts_with(b"GIF8") && bytes.len() >= 10 {
        return Some((
            u16::from_le_bytes([bytes[6], bytes[7]]) as u32,
            u16::from_le_bytes([bytes[8], bytes[9]]) as u32,
        ));
    }
    if bytes.starts_with(&[0xff, 0xd8]) {
        return jpeg_frame(bytes).map(|f| (f.width, f.height));
    }
    None
}

/// Checks a PNG or JPEG by decoding all its data within the budget ([`MAX_PIXELS`],
/// [`MAX_DECODED_BYTES`]); of a GIF only the size its header gives is checked, and other
/// files (SVG) are not checked here.
pub fn verify(bytes: &[u8]) -> Result<(), ImageError> {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        verify_jpeg(bytes)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        verify_png(bytes)
    } else if bytes.starts_with(b"GIF8") {
        let (w, h) = pixel_size(bytes).ok_or(ImageError::DamagedGif)?;
        within_budget(w, h, 8)
    } else {
        Ok(())
    }
}

/// Whether a size fits the budget, at `bits_per_pixel` bits of decoded samples per pixel.
fn within_budget(width: u32, height: u32, bits_per_pixel: u64) -> Result<(), ImageError> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(ImageError::TooLarge);
    }
    if pixels * bits_per_pixel / 8 > MAX_DECODED_BYTES {
        return Err(ImageError::TooMuchData);
    }
    Ok(())
}

/// Decodes every row of a PNG (one row in memory at a time). Chunk checksums are not checked
/// (what matters is that the data decodes, and the PDF holds only the data).
fn verify_png(bytes: &[u8]) -> Result<(), ImageError> {
    let damaged = |e: png::DecodingError| ImageError::Undecodable(e.to_string());
    let limits = png::Limits { bytes: 64 << 20 };
    let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(bytes), limits);
    decoder.ignore_checksums(true);
    let info = decoder.read_header_info().map_err(damaged)?;
    let bits = info.color_type.samples() as u64 * info.bit_depth as u8 as u64;
    within_budget(info.width, info.height, bits)?;
    let mut reader = decoder.read_info().map_err(damaged)?;
    while reader.next_row().map_err(damaged)?.is_some() {}
    reader.finish().map_err(damaged)
}

/// Decodes a JPEG's image data (the header's size checked first).
fn verify_jpeg(bytes: &[u8]) -> Result<(), ImageError> {
    use zune_jpeg::zune_core::options::DecoderOptions;
    let damaged = |e: zune_jpeg::errors::DecodeErrors| ImageError::JpegData(e.to_string());
    let opts = DecoderOptions::default()
        .set_max_width(1 << 16)
        .set_max_height(1 << 16)
        .set_strict_mode(true);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(bytes, opts);
    decoder.decode_headers().map_err(damaged)?;
    let (w, h) = decoder.dimensions().ok_or(ImageError::DamagedJpeg)?;
    let size = decoder
        .output_buffer_size()
        .ok_or(ImageError::DamagedJpeg)?;
    let (w, h) = (w as u32, h as u32);
    within_budget(w, h, 0)?;
    if size as u64 > MAX_DECODED_BYTES {
        return Err(ImageError::TooMuchData);
    }
    decoder.decode().map(drop).map_err(damaged)
}

/// Reads an image for the PDF: its header and data (checked by [`verify`]), an alpha PNG
/// decoded into colour and mask (never `PngAlpha`), or why it cannot be placed.
pub fn decode(bytes: &[u8]) -> Result<ImageInfo, ImageError> {
    verify(bytes)?;
    decode_verified(bytes)
}

/// [`decode`] of an image [`verify`] has passed.
fn decode_verified(bytes: &[u8]) -> Result<ImageInfo, ImageError> {
    let info = probe(bytes)?;
    let ImageData::PngAlpha { colors, .. } = info.data else {
        return Ok(info);
    };
    let (color, mask) = split_alpha(&info)?;
    Ok(ImageInfo {
        width: info.width,
        height: info.height,
        data: ImageData::Masked {
            colors,
            color,
            mask,
        },
    })
}

/// An asset's image as [`verify`] checks it and [`decode`] reads it, each done on first use
/// and then kept (any thread may ask first). Two of them always compare equal: it is a cache
/// of the bytes beside it.
#[derive(Default, Clone)]
pub struct Decoded {
    checked: OnceLock<Result<(), ImageError>>,
    pdf: OnceLock<Result<ImageInfo, ImageError>>,
}

impl Decoded {
    /// Whether the image in `bytes` (the same bytes at every call) is sound ([`verify`]).
    pub fn verified(&self, bytes: &[u8]) -> Result<(), &ImageError> {
        self.checked.get_or_init(|| verify(bytes)).as_ref().copied()
    }

    /// The image decoded from `bytes` (the same bytes at every call).
    pub fn get(&self, bytes: &[u8]) -> Result<&ImageInfo, &ImageError> {
        self.pdf
            .get_or_init(|| match self.verified(bytes) {
                Ok(()) => decode_verified(bytes),
                Err(e) => Err(e.clone()),
            })
            .as_ref()
    }
}

impl PartialEq for Decoded {
    fn eq(&self, _: &Decoded) -> bool {
        true
    }
}

impl std::fmt::Debug for Decoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match self.pdf.get() {
            None => "not yet",
            Some(Ok(_)) => "decoded",
            Some(Err(_)) => "refused",
        };
        f.debug_tuple("Decoded").field(&state).finish()
    }
}

/// Decodes an alpha PNG's data into zlib-compressed colour samples and alpha samples.
fn split_alpha(info: &ImageInfo) -> Result<(Vec<u8>, Vec<u8>), ImageError> {
    use std::io::Write;
    let ImageData::PngAlpha { colors, idat } = &info.data else {
        return Err(ImageError::NotAlpha);
    };
    let (w, h, c) = (
        info.width as usize,
        info.height as usize,
        usize::from(*colors),
    );
    if (w as u64).saturating_mul(h as u64) > MAX_PIXELS {
        return Err(ImageError::TooLarge);
    }
    let mut parms = lopdf::Dictionary::new();
    parms.set("Predictor", 15);
    parms.set("Colors", (c + 1) as i64);
    parms.set("BitsPerComponent", 8);
    parms.set("Columns", w as i64);
    let mut dict = lopdf::Dictionary::new();
    dict.set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
    dict.set("DecodeParms", parms);
    let stream = lopdf::Stream::new(dict, idat.clone());
    let raw = stream
        .decompressed_content_with_limit(w * h * (c + 1) + h + 64)
        .map_err(|e| ImageError::Undecodable(e.to_string()))?;
    if raw.len() < w * h * (c + 1) {
        return Err(ImageError::Short);
    }
    let mut color = Vec::with_capacity(w * h * c);
    let mut alpha = Vec::with_capacity(w * h);
    for px in raw.chunks_exact(c + 1).take(w * h) {
        color.extend_from_slice(&px[..c]);
        alpha.push(px[c]);
    }
    let pack = |data: &[u8]| -> Result<Vec<u8>, ImageError> {
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
        let packed = enc.write_all(data).and_then(|()| enc.finish());
        packed.map_err(|e| ImageError::Undecodable(e.to_string()))
    };
    Ok((pack(&color)?, pack(&alpha)?))
}

/// Reads the image's header (and for PNG, its data chunks).
fn probe(bytes: &[u8]) -> Result<ImageInfo, ImageError> {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg(bytes)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(bytes)
    } else {
        Err(ImageError::NotJpegOrPng)
    }
}

fn be16(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from(*b.get(i)?) << 8 | u32::from(*b.get(i + 1)?))
}

fn be32(b: &[u8], i: usize) -> Option<u32> {
    Some(be16(b, i)? << 16 | be16(b, i + 2)?)
}

/// What a JPEG's frame header (its first SOF segment) says.
struct JpegFrame {
    bits: u8,
    width: u32,
    height: u32,
    components: u8,
}

/// Walks a JPEG's segments to its frame header; `None` when the markers break off first.
fn jpeg_frame(b: &[u8]) -> Option<JpegFrame> {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = be16(b, i + 2)? as usize;
        // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC)
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            return Some(JpegFrame {
                bits: *b.get(i + 4)?,
                height: be16(b, i + 5)?,
                width: be16(b, i + 7)?,
                components: *b.get(i + 9)?,
            });
        }
        i += 2 + len;
    }
    None
}

fn jpeg(b: &[u8]) -> Result<ImageInfo, ImageError> {
    let f = jpeg_frame(b).ok_or(ImageError::DamagedJpeg)?;
    let (bits, components) = (f.bits, f.components);
    if bits != 8 || !(components == 1 || components == 3) {
        return Err(ImageError::JpegFormat { components, bits });
    }
    if f.width == 0 || f.height == 0 {
        return Err(ImageError::DamagedJpeg);
    }
    Ok(ImageInfo {
        width: f.width,
        height: f.height,
        data: ImageData::Jpeg { components },
    })
}

fn png(b: &[u8]) -> Result<ImageInfo, ImageError> {
    let bad = || ImageError::DamagedPng;
    let mut i = 8;
    let mut head = None;
    let mut palette = None;
    let mut idat = Vec::new();
    while i + 8 <= b.len() {
        let len = be32(b, i).ok_or_else(bad)? as usize;
        let kind = &b[i + 4..i + 8];
        let data = b.get(i + 8..i + 8 + len).ok_or_else(bad)?;
        match kind {
            // the header is the first chunk, and there is one: a second one (say, inside
            // what a reader took for image data) makes the file damaged, not resized
            b"IHDR" => {
                if len < 13 || i != 8 {
                    return Err(bad());
                }
                head = Some((
                    be32(data, 0).ok_or_else(bad)?,
                    be32(data, 4).ok_or_else(bad)?,
                    data[8],
                    data[9],
                    data[12],
                ));
            }
            b"PLTE" => palette = Some(data.to_vec()),
            b"IDAT" => idat.extend_from_slice(data),
            b"IEND" => break,
            b"tRNS" => return Err(ImageError::TransparentPalette),
            _ => {}
        }
        i += 12 + len;
    }
    let (width, height, bits, ctype, interlace) = head.ok_or_else(bad)?;
    if width == 0 || height == 0 || idat.is_empty() {
        return Err(bad());
    }
    if interlace != 0 {
        return Err(ImageError::Interlaced);
    }
    let colors = match (ctype, bits) {
        (0, 1 | 2 | 4 | 8) => 1,
        (2, 8) => 3,
        (3, 1 | 2 | 4 | 8) => 1,
        (4 | 6, 8) => {
            return Ok(ImageInfo {
                width,
                height,
                data: ImageData::PngAlpha {
                    colors: if ctype == 4 { 1 } else { 3 },
                    idat,
                },
            })
        }
        _ => return Err(ImageError::PngFormat { ctype, bits }),
    };
    if ctype == 3 && palette.is_none() {
        return Err(bad());
    }
    Ok(ImageInfo {
        width,
        height,
        data: ImageData::Png {
            colors,
            bits,
            palette: if ctype == 3 { palette } else { None },
            idat,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3 × 2 PNG of colour type `ctype` whose data is not checked by `probe`.
    fn png_bytes(ctype: u8) -> Vec<u8> {
        samples::png_with(3, 2, ctype, 8, &[0x78, 0x9c, 1, 2, 3])
    }

    #[test]
    fn reads_rgb_and_alpha_png_headers() {
        let info = probe(&png_bytes(2)).unwrap();
        assert_eq!((info.width, info.height), (3, 2));
        assert!(matches!(
            info.data,
            ImageData::Png {
                colors: 3,
                bits: 8,
                ..
            }
        ));
        let info = probe(&png_bytes(6)).unwrap();
        assert!(matches!(info.data, ImageData::PngAlpha { colors: 3, .. }));
        // the data of this fake file is not a zlib stream: refused, not a panic
        assert!(split_alpha(&info).is_err());
    }

    #[test]
    fn splits_an_alpha_png_into_colour_and_mask() {
        use std::io::{Read, Write};
        // 2×1 RGBA: red opaque, green half transparent; filter byte 0 (None)
        let raw = [0u8, 255, 0, 0, 255, 0, 255, 0, 128];
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
        enc.write_all(&raw).unwrap();
        let info = ImageInfo {
            width: 2,
            height: 1,
            data: ImageData::PngAlpha {
                colors: 3,
                idat: enc.finish().unwrap(),
            },
        };
        let (c, a) = split_alpha(&info).unwrap();
        let unpack = |z: &[u8]| {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(z)
                .read_to_end(&mut out)
                .unwrap();
            out
        };
        assert_eq!(unpack(&c), vec![255, 0, 0, 0, 255, 0]);
        assert_eq!(unpack(&a), vec![255, 128]);
    }

    #[test]
    fn reads_jpeg_frame_header() {
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0];
        j.extend_from_slice(&[0xFF, 0xC0, 0, 11, 8, 0, 20, 0, 30, 3, 0, 0, 0]);
        let info = probe(&j).unwrap();
        assert_eq!((info.width, info.height), (30, 20));
        assert!(probe(b"GIF89a").is_err());
    }

    #[test]
    fn an_image_is_decoded_once_and_kept() {
        let d = Decoded::default();
        let first = d.get(&samples::good_png(3, 2, 2)).unwrap() as *const ImageInfo;
        // a second call does not read the bytes again: even other bytes give the kept image
        let again = d.get(b"not an image").unwrap() as *const ImageInfo;
        assert_eq!(first, again);
        let refused = Decoded::default();
        assert!(refused.get(b"GIF89a").is_err());
        assert!(refused.get(&png_bytes(2)).is_err());
        // a decoded alpha PNG is colour and mask, never the raw alpha form
        assert!(decode(&png_bytes(6)).is_err());
        assert!(matches!(
            decode(&samples::good_png(3, 2, 2)).unwrap().data,
            ImageData::Png { .. }
        ));
        assert!(matches!(
            decode(&samples::good_png(3, 2, 6)).unwrap().data,
            ImageData::Masked { .. }
        ));
    }

    #[test]
    fn sound_images_pass_verification() {
        for ctype in [0, 2, 4, 6] {
            assert_eq!(verify(&samples::good_png(17, 9, ctype)), Ok(()), "{ctype}");
        }
        assert_eq!(verify(&samples::good_jpeg()), Ok(()));
        let info = decode(&samples::good_jpeg()).unwrap();
        assert_eq!((info.width, info.height), (8, 8));
        // of a GIF only its size is checked; SVG is not this module's to check
        assert_eq!(verify(b"GIF89a\x10\x00\x10\x00"), Ok(()));
        assert_eq!(verify(b"GIF89a\xff\xff\xff\xff"), Err(ImageError::TooLarge));
        assert_eq!(verify(b"GIF89a"), Err(ImageError::DamagedGif));
        assert_eq!(verify(b"<svg/>"), Ok(()));
    }

    #[test]
    fn broken_and_oversized_images_are_refused() {
        assert_eq!(
            verify(&samples::png_huge_header()),
            Err(ImageError::TooLarge)
        );
        assert_eq!(verify(&samples::png_bomb()), Err(ImageError::TooLarge));
        assert!(matches!(
            verify(&samples::png_not_zlib()),
            Err(ImageError::Undecodable(_))
        ));
        assert!(matches!(
            verify(&samples::jpeg_no_scan()),
            Err(ImageError::JpegData(_))
        ));
        // the header alone (what `probe` reads) would have let each of them through
        assert!(probe(&samples::png_not_zlib()).is_ok());
        assert!(probe(&samples::jpeg_no_scan()).is_ok());
        // so `decode`, and the asset's cache, refuse them too
        let d = Decoded::default();
        assert!(d.verified(&samples::png_not_zlib()).is_err());
        assert!(d.get(&samples::png_not_zlib()).is_err());
    }

    #[test]
    fn a_truncated_png_is_refused() {
        let good = samples::good_png(40, 30, 2);
        // cut inside the data: the chunk is short
        assert!(verify(&good[..good.len() / 2]).is_err());
        // the byte budget: 16-bit RGBA at 6000 × 6000 is 288 MB of samples
        let big = samples::png_with(6000, 6000, 6, 16, &[0x78, 0x9c, 3, 0, 0, 0, 0, 1]);
        assert_eq!(verify(&big), Err(ImageError::TooMuchData));
    }
}

/// An image's pixels, 8 bits a sample: 1 (gray) or 3 (RGB) colour samples a pixel, and
/// the alpha samples when it has any. For a print-shop interior, whose images are turned
/// into DeviceGray or DeviceCMYK and flattened onto white.
#[derive(Debug, Clone, PartialEq)]
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub colors: u8,
    pub samples: Vec<u8>,
    pub alpha: Option<Vec<u8>>,
}

/// Decodes a PNG or JPEG (checked first, within the budget) into its [`Pixels`]: a PNG's
/// palette and transparency expanded, 16-bit samples cut to 8.
pub fn pixels(bytes: &[u8]) -> Result<Pixels, ImageError> {
    verify(bytes)?;
    if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg_pixels(bytes)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png_pixels(bytes)
    } else {
        Err(ImageError::NotJpegOrPng)
    }
}

fn png_pixels(bytes: &[u8]) -> Result<Pixels, ImageError> {
    let damaged = |e: png::DecodingError| ImageError::Undecodable(e.to_string());
    let limits = png::Limits {
        bytes: MAX_DECODED_BYTES as usize,
    };
    let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(bytes), limits);
    decoder.ignore_checksums(true);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(damaged)?;
    let size = reader.output_buffer_size().ok_or(ImageError::TooMuchData)?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(damaged)?;
    buf.truncate(frame.buffer_size());
    let (w, h) = (frame.width, frame.height);
    let split = |c: usize| {
        let mut color = Vec::with_capacity(buf.len() / (c + 1) * c);
        let mut alpha = Vec::with_capacity(buf.len() / (c + 1));
        for px in buf.chunks_exact(c + 1) {
            color.extend_from_slice(&px[..c]);
            alpha.push(px[c]);
        }
        (color, Some(alpha))
    };
    let (colors, (samples, alpha)) = match frame.color_type {
        png::ColorType::Grayscale => (1, (buf.clone(), None)),
        png::ColorType::Rgb => (3, (buf.clone(), None)),
        png::ColorType::GrayscaleAlpha => (1, split(1)),
        png::ColorType::Rgba => (3, split(3)),
        png::ColorType::Indexed => {
            return Err(ImageError::PngFormat {
                ctype: 3,
                bits: frame.bit_depth as u8,
            })
        }
    };
    Ok(Pixels {
        width: w,
        height: h,
        colors,
        samples,
        alpha,
    })
}

fn jpeg_pixels(bytes: &[u8]) -> Result<Pixels, ImageError> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let damaged = |e: zune_jpeg::errors::DecodeErrors| ImageError::JpegData(e.to_string());
    let opts = DecoderOptions::default()
        .set_max_width(1 << 16)
        .set_max_height(1 << 16)
        .jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(bytes, opts);
    let samples = decoder.decode().map_err(damaged)?;
    let (w, h) = decoder.dimensions().ok_or(ImageError::DamagedJpeg)?;
    Ok(Pixels {
        width: w as u32,
        height: h as u32,
        colors: 3,
        samples,
        alpha: None,
    })
}
