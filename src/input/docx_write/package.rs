//! The zip package of a `.docx`, rewritten with one part replaced and every
//! other byte kept: each other entry's local header, data and data
//! descriptor, the central directory records (only their offsets moved) and
//! the end record (with its comment) are copied as they are, in their order.
//!
//! Only what Word, WPS and LibreOffice write is handled: a single-disk
//! archive without Zip64, entries stored or deflated, nothing encrypted.
//! Anything else is refused rather than rewritten.

use super::FixError;
use std::io::{Read, Write};
use std::ops::Range;

const LOCAL_SIG: u32 = 0x0403_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const END_SIG: u32 = 0x0605_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
const DESCRIPTOR_SIG: u32 = 0x0807_4b50;
const STORED: u16 = 0;
const DEFLATED: u16 = 8;
/// General purpose flags: encrypted, sizes in a data descriptor.
const FLAG_ENCRYPTED: u16 = 1;
const FLAG_DESCRIPTOR: u16 = 1 << 3;
/// The most bytes of entries a package may expand to while it is checked
/// (every entry is read once, to check its CRC).
const MAX_EXPANDED: u64 = 1 << 30;

fn u16_at(b: &[u8], at: usize) -> Result<u16, FixError> {
    let s = b
        .get(at..at + 2)
        .ok_or_else(|| damaged("truncated record"))?;
    Ok(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Result<u32, FixError> {
    let s = b
        .get(at..at + 4)
        .ok_or_else(|| damaged("truncated record"))?;
    Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn put_u32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

fn damaged(what: &str) -> FixError {
    FixError::Damaged(what.to_string())
}

/// One entry: its central directory record, and its local record (header,
/// data, descriptor and whatever lies before the next local record).
#[derive(Debug)]
struct Entry {
    name: Vec<u8>,
    central: Range<usize>,
    local: Range<usize>,
    /// Where its local header's fixed part and names end (its data starts).
    data_start: usize,
    flags: u16,
    method: u16,
}

/// The layout of a zip archive.
#[derive(Debug)]
pub struct Package {
    /// In central directory order.
    entries: Vec<Entry>,
    central: Range<usize>,
    end: usize,
}

impl Package {
    /// Reads the layout of `bytes` and checks every entry (its CRC, by
    /// reading it through the zip reader).
    pub fn read(bytes: &[u8]) -> Result<Package, FixError> {
        let end = find_end(bytes)?;
        if u16_at(bytes, end + 4)? != 0 || u16_at(bytes, end + 6)? != 0 {
            return Err(FixError::Unsupported("multi-disk archive".into()));
        }
        let count = u16_at(bytes, end + 10)? as usize;
        let size = u32_at(bytes, end + 12)? as usize;
        let offset = u32_at(bytes, end + 16)? as usize;
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            return Err(FixError::Unsupported("Zip64".into()));
        }
        if end >= 20 && u32_at(bytes, end - 20)? == ZIP64_LOCATOR_SIG {
            return Err(FixError::Unsupported("Zip64".into()));
        }
        if offset.checked_add(size) != Some(end) {
            return Err(damaged("central directory not where the end record says"));
        }
        let mut entries = Vec::with_capacity(count);
        let mut at = offset;
        for _ in 0..count {
            let e = central_entry(bytes, at)?;
            at = e.central.end;
            entries.push(e);
        }
        if at != end {
            return Err(damaged("central directory size"));
        }
        let package = Package {
            entries,
            central: offset..end,
            end,
        };
        package.check_layout()?;
        package.check_contents(bytes)?;
        Ok(package)
    }

    /// Checks that the local records (each from its header to the next one,
    /// or to the central directory) do not overlap.
    fn check_layout(&self) -> Result<(), FixError> {
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by_key(|&i| self.entries[i].local.start);
        let mut prev_end = 0;
        for (k, &i) in order.iter().enumerate() {
            let e = &self.entries[i];
            let next = order
                .get(k + 1)
                .map_or(self.central.start, |&j| self.entries[j].local.start);
            if e.local.start < prev_end || e.data_start > next {
                return Err(damaged("overlapping entries"));
            }
            prev_end = next;
        }
        Ok(())
    }

    /// Reads every entry through the zip reader (which checks each CRC), so
    /// that a damaged package is refused, not copied.
    fn check_contents(&self, bytes: &[u8]) -> Result<(), FixError> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| FixError::Damaged(e.to_string()))?;
        if zip.len() != self.entries.len() {
            return Err(damaged("entry count"));
        }
        let mut budget = MAX_EXPANDED;
        for i in 0..zip.len() {
            let mut f = zip
                .by_index(i)
                .map_err(|e| FixError::Damaged(e.to_string()))?;
            let e = &self.entries[i];
            if f.header_start() as usize != e.local.start || f.name_raw() != e.name {
                return Err(damaged("central directory and local headers disagree"));
            }
            let n = std::io::copy(&mut (&mut f).take(budget + 1), &mut std::io::sink())
                .map_err(|e| FixError::Damaged(e.to_string()))?;
            budget = budget.checked_sub(n).ok_or(FixError::TooLarge)?;
        }
        Ok(())
    }

    /// Whether the package has an entry named `name`.
    pub fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name == name.as_bytes())
    }

    /// `bytes` with the entry `name` holding `content` instead, compressed as
    /// it was; every other byte is copied.
    pub fn replace(&self, bytes: &[u8], name: &str, content: &[u8]) -> Result<Vec<u8>, FixError> {
        let target = self
            .entries
            .iter()
            .position(|e| e.name == name.as_bytes())
            .ok_or_else(|| damaged("no such entry"))?;
        let data = compress(self.entries[target].method, content)?;
        let mut crc = flate2::Crc::new();
        crc.update(content);
        let crc = crc.sum();
        let sizes = (
            u32::try_from(data.len()).map_err(|_| FixError::TooLarge)?,
            u32::try_from(content.len()).map_err(|_| FixError::TooLarge)?,
        );
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by_key(|&i| self.entries[i].local.start);
        let first = order
            .first()
            .map_or(self.central.start, |&i| self.entries[i].local.start);
        let mut out = Vec::with_capacity(bytes.len() + data.len());
        out.extend_from_slice(&bytes[..first]);
        let mut offsets = vec![0u32; self.entries.len()];
        for (k, &i) in order.iter().enumerate() {
            let e = &self.entries[i];
            offsets[i] = u32::try_from(out.len()).map_err(|_| FixError::TooLarge)?;
            let next = order
                .get(k + 1)
                .map_or(self.central.start, |&j| self.entries[j].local.start);
            if i != target {
                out.extend_from_slice(&bytes[e.local.start..next]);
                continue;
            }
            let mut header = bytes[e.local.start..e.data_start].to_vec();
            let flags = e.flags & !FLAG_DESCRIPTOR;
            header[6..8].copy_from_slice(&flags.to_le_bytes());
            put_u32(&mut header, 14, crc);
            put_u32(&mut header, 18, sizes.0);
            put_u32(&mut header, 22, sizes.1);
            out.extend_from_slice(&header);
            out.extend_from_slice(&data);
        }
        let central_start = u32::try_from(out.len()).map_err(|_| FixError::TooLarge)?;
        for (i, e) in self.entries.iter().enumerate() {
            let mut record = bytes[e.central.clone()].to_vec();
            put_u32(&mut record, 42, offsets[i]);
            if i == target {
                let flags = e.flags & !FLAG_DESCRIPTOR;
                record[8..10].copy_from_slice(&flags.to_le_bytes());
                put_u32(&mut record, 16, crc);
                put_u32(&mut record, 20, sizes.0);
                put_u32(&mut record, 24, sizes.1);
            }
            out.extend_from_slice(&record);
        }
        let mut end = bytes[self.end..].to_vec();
        put_u32(&mut end, 16, central_start);
        out.extend_from_slice(&end);
        Ok(out)
    }
}

/// The end of central directory record: the last signature whose comment
/// length reaches exactly to the end of the file.
fn find_end(bytes: &[u8]) -> Result<usize, FixError> {
    let lowest = bytes.len().saturating_sub(22 + 0xFFFF);
    let mut at = bytes
        .len()
        .checked_sub(22)
        .ok_or_else(|| damaged("no end record"))?;
    loop {
        if u32_at(bytes, at)? == END_SIG
            && at + 22 + u16_at(bytes, at + 20)? as usize == bytes.len()
        {
            return Ok(at);
        }
        if at == lowest {
            return Err(damaged("no end record"));
        }
        at -= 1;
    }
}

/// The central directory record at `at`, with its local header's extent.
fn central_entry(bytes: &[u8], at: usize) -> Result<Entry, FixError> {
    if u32_at(bytes, at)? != CENTRAL_SIG {
        return Err(damaged("central directory record"));
    }
    let flags = u16_at(bytes, at + 8)?;
    let method = u16_at(bytes, at + 10)?;
    let compressed = u32_at(bytes, at + 20)?;
    let size = u32_at(bytes, at + 24)?;
    let (n, m, k) = (
        u16_at(bytes, at + 28)? as usize,
        u16_at(bytes, at + 30)? as usize,
        u16_at(bytes, at + 32)? as usize,
    );
    let local = u32_at(bytes, at + 42)?;
    if compressed == 0xFFFF_FFFF || size == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
        return Err(FixError::Unsupported("Zip64".into()));
    }
    if flags & FLAG_ENCRYPTED != 0 {
        return Err(FixError::Encrypted);
    }
    let name = bytes
        .get(at + 46..at + 46 + n)
        .ok_or_else(|| damaged("truncated record"))?
        .to_vec();
    let local = local as usize;
    if u32_at(bytes, local)? != LOCAL_SIG {
        return Err(damaged("local header"));
    }
    let data_start =
        local + 30 + u16_at(bytes, local + 26)? as usize + u16_at(bytes, local + 28)? as usize;
    let mut data_end = data_start + compressed as usize;
    if flags & FLAG_DESCRIPTOR != 0 {
        data_end += if u32_at(bytes, data_end)? == DESCRIPTOR_SIG {
            16
        } else {
            12
        };
    }
    if data_end > bytes.len() {
        return Err(damaged("entry past the end"));
    }
    Ok(Entry {
        name,
        central: at..at + 46 + n + m + k,
        local: local..data_end,
        data_start,
        flags,
        method,
    })
}

fn compress(method: u16, content: &[u8]) -> Result<Vec<u8>, FixError> {
    match method {
        STORED => Ok(content.to_vec()),
        DEFLATED => {
            let mut e =
                flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(content)
                .and_then(|_| e.finish())
                .map_err(|e| FixError::Damaged(e.to_string()))
        }
        m => Err(FixError::Unsupported(format!("compression method {m}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn archive(entries: &[(&str, &[u8], zip::CompressionMethod)], comment: &str) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data, method) in entries {
            let o = zip::write::SimpleFileOptions::default().compression_method(*method);
            w.start_file(*name, o).unwrap();
            w.write_all(data).unwrap();
        }
        w.set_comment(comment);
        w.finish().unwrap().into_inner()
    }

    fn read_all(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..z.len())
            .map(|i| {
                let mut f = z.by_index(i).unwrap();
                let mut v = Vec::new();
                f.read_to_end(&mut v).unwrap();
                (f.name().to_string(), v)
            })
            .collect()
    }

    #[test]
    fn one_entry_replaced_every_other_byte_kept() {
        use zip::CompressionMethod::{Deflated, Stored};
        let bytes = archive(
            &[
                ("[Content_Types].xml", b"<Types/>", Deflated),
                ("word/media/image1.png", &[0, 1, 2, 3, 255], Stored),
                ("word/document.xml", b"<old/>", Deflated),
                ("customXml/item1.xml", b"<x/>", Deflated),
            ],
            "注释",
        );
        let p = Package::read(&bytes).unwrap();
        let out = p
            .replace(&bytes, "word/document.xml", "<新的/>".as_bytes())
            .unwrap();
        let got = read_all(&out);
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "[Content_Types].xml",
                "word/media/image1.png",
                "word/document.xml",
                "customXml/item1.xml"
            ]
        );
        assert_eq!(got[2].1, "<新的/>".as_bytes());
        assert_eq!(got[1].1, [0, 1, 2, 3, 255]);
        // The bytes before the replaced entry are identical, and so are the
        // local records after it (moved) and the comment.
        let q = Package::read(&out).unwrap();
        assert_eq!(
            out[..p.entries[2].local.start],
            bytes[..p.entries[2].local.start]
        );
        let last = &p.entries[3];
        assert_eq!(&out[q.entries[3].local.clone()], &bytes[last.local.clone()]);
        assert!(out.ends_with("注释".as_bytes()));
        // Replacing it back gives the original archive.
        let back = q.replace(&out, "word/document.xml", b"<old/>").unwrap();
        assert_eq!(read_all(&back), read_all(&bytes));
    }

    #[test]
    fn damaged_or_unsupported_packages_are_refused() {
        use zip::CompressionMethod::Deflated;
        let bytes = archive(&[("word/document.xml", b"<w:document/>", Deflated)], "");
        assert!(Package::read(&bytes).is_ok());
        assert!(Package::read(&bytes[..bytes.len() - 1]).is_err());
        assert!(Package::read(b"PK\x05\x06").is_err());
        // A flipped byte in the compressed data: the CRC no longer matches.
        let mut bad = bytes.clone();
        let p = Package::read(&bytes).unwrap();
        bad[p.entries[0].data_start] ^= 0x55;
        assert!(matches!(Package::read(&bad), Err(FixError::Damaged(_))));
        // Encrypted entries.
        let mut enc = bytes.clone();
        let c = p.central.start;
        enc[c + 8] |= 1;
        assert_eq!(Package::read(&enc).unwrap_err(), FixError::Encrypted);
    }
}
