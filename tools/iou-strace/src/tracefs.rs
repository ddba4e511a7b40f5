// SPDX-License-Identifier: GPL-2.0
//! A small tracefs client: a private instance, event enabling, `format` file
//! parsing and ring-buffer page parsing (the pages read from
//! `per_cpu/cpuN/trace_pipe_raw`). No C library is involved.
//!
//! Page layout (kernel/trace/ring_buffer.c, 64-bit): `u64 time_stamp` at 0,
//! `local_t commit` at 8 (the low 30 bits are the data size, bit 31 flags
//! missed events, bit 30 that their count is stored after the data), data
//! from 16. The layout is read from `events/header_page` when possible.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// One field of an event `format` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    /// The declaration without the name, e.g. `unsigned long` or `__data_loc char[]`.
    pub decl: String,
    pub offset: usize,
    pub size: usize,
    pub signed: bool,
    pub data_loc: bool,
}

/// A parsed event `format` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFormat {
    pub name: String,
    pub id: u16,
    pub fields: Vec<Field>,
}

impl EventFormat {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

fn attr<'a>(part: &'a str, key: &str) -> Option<&'a str> {
    part.trim().strip_prefix(key).map(str::trim)
}

/// Parse the text of an event's `format` file (also `header_page`, which
/// has the same `field:` lines but no name or ID).
pub fn parse_format(text: &str) -> Result<EventFormat, String> {
    let mut name = String::new();
    let mut id = None;
    let mut fields = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(v) = t.strip_prefix("name:") {
            name = v.trim().to_string();
        } else if let Some(v) = t.strip_prefix("ID:") {
            id = Some(
                v.trim()
                    .parse::<u16>()
                    .map_err(|e| format!("bad ID line {t:?}: {e}"))?,
            );
        } else if t.starts_with("field:") {
            fields.push(parse_field(t)?);
        } else if t.starts_with("print fmt:") {
            break;
        }
    }
    Ok(EventFormat {
        name,
        id: id.unwrap_or(0),
        fields,
    })
}

fn parse_field(line: &str) -> Result<Field, String> {
    let bad = || format!("malformed format line {line:?}");
    let mut parts = line.split(';');
    let decl = attr(parts.next().ok_or_else(bad)?, "field:").ok_or_else(bad)?;
    let (mut offset, mut size, mut signed) = (None, None, false);
    for p in parts {
        if let Some(v) = attr(p, "offset:") {
            offset = v.parse().ok();
        } else if let Some(v) = attr(p, "size:") {
            size = v.parse().ok();
        } else if let Some(v) = attr(p, "signed:") {
            signed = v == "1";
        }
    }
    let (ty, last) = decl.rsplit_once(char::is_whitespace).ok_or_else(bad)?;
    let name = match last.find('[') {
        Some(i) => &last[..i],
        None => last,
    };
    if name.is_empty() {
        return Err(bad());
    }
    Ok(Field {
        name: name.to_string(),
        decl: ty.trim().to_string(),
        offset: offset.ok_or_else(bad)?,
        size: size.ok_or_else(bad)?,
        signed,
        data_loc: ty.contains("__data_loc"),
    })
}

/// Read `size` bytes at `off` of `data` as a little-endian integer.
pub fn read_uint(data: &[u8], off: usize, size: usize) -> Option<u64> {
    let b = data.get(off..off.checked_add(size)?)?;
    Some(match size {
        1 => b[0] as u64,
        2 => u16::from_le_bytes([b[0], b[1]]) as u64,
        4 => u32::from_le_bytes(b.try_into().ok()?) as u64,
        8 => u64::from_le_bytes(b.try_into().ok()?),
        _ => return None,
    })
}

/// Like [`read_uint`], sign-extended when `signed`.
pub fn read_int(data: &[u8], off: usize, size: usize, signed: bool) -> Option<i64> {
    let v = read_uint(data, off, size)?;
    if !signed || size >= 8 {
        return Some(v as i64);
    }
    let shift = 64 - 8 * size as u32;
    Some(((v << shift) as i64) >> shift)
}

/// Decode a `__data_loc` string: the u32 at `off` holds the string's offset
/// from the start of the record (low 16 bits) and its length including the
/// NUL (high 16 bits). The string is cut at the first NUL.
pub fn data_loc_bytes(rec: &[u8], off: usize) -> Option<&[u8]> {
    let loc = read_uint(rec, off, 4)? as u32;
    let start = (loc & 0xffff) as usize;
    let len = (loc >> 16) as usize;
    let s = rec.get(start..start + len)?;
    Some(match s.iter().position(|&c| c == 0) {
        Some(n) => &s[..n],
        None => s,
    })
}

/// The ring-buffer page header layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLayout {
    pub commit_offset: usize,
    pub commit_size: usize,
    pub data_offset: usize,
}

impl Default for PageLayout {
    fn default() -> Self {
        PageLayout {
            commit_offset: 8,
            commit_size: 8,
            data_offset: 16,
        }
    }
}

impl PageLayout {
    /// From the text of `events/header_page`.
    pub fn from_header_page(text: &str) -> Result<PageLayout, String> {
        let f = parse_format(text)?;
        let commit = f.field("commit").ok_or("header_page: no commit field")?;
        let data = f.field("data").ok_or("header_page: no data field")?;
        let commit_end = commit.offset.checked_add(commit.size);
        if !matches!(commit.size, 4 | 8)
            || commit_end.is_none_or(|e| e > data.offset)
            || data.offset > MAX_PAGE_SIZE
        {
            return Err(format!(
                "header_page: unexpected layout (commit at {} size {}, data at {})",
                commit.offset, commit.size, data.offset
            ));
        }
        Ok(PageLayout {
            commit_offset: commit.offset,
            commit_size: commit.size,
            data_offset: data.offset,
        })
    }
}

/// The largest ring-buffer page (sub-buffer) accepted: the kernel allows
/// up to 2^MAX_PAGE_ORDER pages (4 MiB on x86_64 by default).
pub const MAX_PAGE_SIZE: usize = 16 << 20;

/// The size of the pages `trace_pipe_raw` returns: the end of the `data`
/// field of `header_page` (4096 without it), or `buffer_subbuf_size_kb` if
/// larger. Absurd values are errors, not allocations.
pub fn page_size(header: Option<&EventFormat>, subbuf_kb: Option<usize>) -> Result<usize, String> {
    let mut size = 4096;
    if let Some(d) = header.and_then(|h| h.field("data")) {
        size = d
            .offset
            .checked_add(d.size)
            .filter(|&n| n <= MAX_PAGE_SIZE)
            .ok_or_else(|| {
                format!(
                    "header_page: data field too large ({} + {})",
                    d.offset, d.size
                )
            })?;
    }
    if let Some(kb) = subbuf_kb {
        let n = kb
            .checked_mul(1024)
            .filter(|&n| n <= MAX_PAGE_SIZE)
            .ok_or_else(|| format!("buffer_subbuf_size_kb {kb} too large"))?;
        size = size.max(n);
    }
    Ok(size)
}

/// One event record read from a page: its absolute timestamp and payload
/// (starting with `common_type`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRecord {
    pub ts: u64,
    pub data: Vec<u8>,
}

/// What a page held.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Page {
    pub records: Vec<RawRecord>,
    /// The kernel dropped events before this page (buffer overrun).
    pub missed_events: bool,
}

const TYPE_PADDING: u32 = 29;
const TYPE_TIME_EXTEND: u32 = 30;
const TYPE_TIME_STAMP: u32 = 31;
const TS_SHIFT: u32 = 27;
const TS_MSB: u64 = !((1u64 << 59) - 1);
const MISSED_EVENTS: u64 = 1 << 31;
const MISSED_MASK: u64 = 3 << 30;

/// Parse one ring-buffer page as read from `trace_pipe_raw`.
pub fn parse_page(page: &[u8], layout: &PageLayout) -> Result<Page, String> {
    let page_ts = read_uint(page, 0, 8).ok_or("page too short")?;
    let commit =
        read_uint(page, layout.commit_offset, layout.commit_size).ok_or("page too short")?;
    let missed_events = commit & MISSED_EVENTS != 0;
    let size = (commit & !MISSED_MASK) as usize;
    let start = layout.data_offset;
    let end = start.saturating_add(size);
    if end > page.len() {
        return Err(format!(
            "page commit {size} exceeds the page ({} bytes)",
            page.len()
        ));
    }
    let mut ts = page_ts;
    let mut pos = start;
    let mut records = Vec::new();
    while pos + 4 <= end {
        let hdr = read_uint(page, pos, 4).unwrap_or(0) as u32;
        let type_len = hdr & 0x1f;
        let delta = (hdr >> 5) as u64;
        let array0 = || read_uint(page, pos + 4, 4);
        match type_len {
            TYPE_PADDING => {
                if delta == 0 {
                    break; // the rest of the page is padding
                }
                let skip = array0().ok_or("truncated padding event")? as usize;
                pos += 4 + skip;
            }
            TYPE_TIME_EXTEND => {
                let ext = array0().ok_or("truncated time extend")? << TS_SHIFT;
                ts = ts.wrapping_add(delta).wrapping_add(ext);
                pos += 8;
            }
            TYPE_TIME_STAMP => {
                let mut abs = delta | (array0().ok_or("truncated time stamp")? << TS_SHIFT);
                // Only 59 bits are stored: take the top bits from the
                // previous time stamp, as rb_fix_abs_ts() does.
                if ts & TS_MSB != 0 {
                    abs |= ts & TS_MSB;
                    if abs < ts {
                        abs = abs.wrapping_add(1 << 59);
                    }
                }
                ts = abs;
                pos += 8;
            }
            n => {
                // A data event: its length in the header (1..28 words), or
                // for type_len 0 in array[0], which counts itself.
                let (len, skip) = if n == 0 {
                    (array0().ok_or("truncated event")? as usize, 4)
                } else {
                    (n as usize * 4, 0)
                };
                if len < skip || pos + 4 + len > end {
                    return Err(format!("bad event length {len} at {pos}"));
                }
                ts = ts.wrapping_add(delta);
                records.push(RawRecord {
                    ts,
                    data: page[pos + 4 + skip..pos + 4 + len].to_vec(),
                });
                pos += 4 + len;
            }
        }
    }
    Ok(Page {
        records,
        missed_events,
    })
}

/// Where tracefs is mounted.
pub fn find_tracefs() -> Option<PathBuf> {
    ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.join("events").is_dir())
}

/// Read a tracefs text file with large reads: some tracefs files (e.g.
/// `events/header_page`) do not support continuing a short read, and
/// `read_to_string` starts with a small probe read.
pub fn read_text(path: &Path) -> io::Result<String> {
    let mut f = File::open(path)?;
    let mut out = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    String::from_utf8(out).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

fn write_file(path: &Path, value: &str) -> io::Result<()> {
    let mut f = OpenOptions::new().write(true).truncate(true).open(path)?;
    f.write_all(value.as_bytes())
        .map_err(|e| io::Error::new(e.kind(), format!("writing {value:?} to {path:?}: {e}")))
}

/// A per-CPU `trace_pipe_raw` reader.
pub struct CpuReader {
    pub cpu: usize,
    file: File,
}

/// A tracing instance `instances/<name>`, removed when dropped.
pub struct Instance {
    path: PathBuf,
    readers: Vec<CpuReader>,
    page_size: usize,
    layout: PageLayout,
    /// Pages that could not be parsed and were skipped.
    pub bad_pages: u64,
}

/// Only the first few skipped pages are reported one by one.
const BAD_PAGE_WARNINGS: u64 = 10;

impl Instance {
    /// Create (or recreate) the instance `name` under `root`.
    pub fn create(root: &Path, name: &str, buffer_kb: u32) -> Result<Instance, String> {
        let path = root.join("instances").join(name);
        if path.exists() {
            let _ = fs::remove_dir(&path);
        }
        fs::create_dir(&path).map_err(|e| format!("creating tracefs instance {path:?}: {e}"))?;
        let mut inst = Instance {
            path,
            readers: Vec::new(),
            page_size: 4096,
            layout: PageLayout::default(),
            bad_pages: 0,
        };
        let p = &inst.path;
        write_file(&p.join("trace_clock"), "global").map_err(|e| e.to_string())?;
        write_file(&p.join("buffer_size_kb"), &buffer_kb.to_string()).map_err(|e| e.to_string())?;
        let mut header = None;
        if let Ok(t) = read_text(&root.join("events/header_page")) {
            inst.layout = PageLayout::from_header_page(&t)?;
            header = parse_format(&t).ok();
        }
        let subbuf_kb = read_text(&p.join("buffer_subbuf_size_kb"))
            .ok()
            .and_then(|t| t.trim().parse::<usize>().ok());
        inst.page_size = page_size(header.as_ref(), subbuf_kb)?;
        Ok(inst)
    }

    /// Enable `system/event` in this instance.
    pub fn enable(&self, system: &str, event: &str) -> Result<(), String> {
        write_file(
            &self
                .path
                .join("events")
                .join(system)
                .join(event)
                .join("enable"),
            "1",
        )
        .map_err(|e| format!("enabling {system}:{event}: {e}"))
    }

    /// Open `per_cpu/cpuN/trace_pipe_raw` of every CPU, non-blocking.
    pub fn open_readers(&mut self) -> Result<(), String> {
        let dir = self.path.join("per_cpu");
        let mut cpus: Vec<usize> = fs::read_dir(&dir)
            .map_err(|e| format!("{dir:?}: {e}"))?
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().to_str()?.strip_prefix("cpu")?.parse().ok())
            .collect();
        cpus.sort_unstable();
        for cpu in cpus {
            let p = dir.join(format!("cpu{cpu}/trace_pipe_raw"));
            let file = OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(&p)
                .map_err(|e| format!("{p:?}: {e}"))?;
            self.readers.push(CpuReader { cpu, file });
        }
        Ok(())
    }

    /// Read every page available now on every CPU. A page that does not
    /// parse is skipped with a warning (the first few) and counted in
    /// `bad_pages`: one corrupt page must not end the trace.
    pub fn read_available(&mut self) -> Result<Vec<Page>, String> {
        let mut pages = Vec::new();
        let mut buf = vec![0u8; self.page_size];
        for r in &mut self.readers {
            loop {
                match r.file.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => match parse_page(&buf[..n], &self.layout) {
                        Ok(p) => pages.push(p),
                        Err(e) => {
                            self.bad_pages += 1;
                            if self.bad_pages <= BAD_PAGE_WARNINGS {
                                eprintln!(
                                    "iou-strace: cpu{}: skipping a bad ring-buffer page: {e}",
                                    r.cpu
                                );
                            }
                            if self.bad_pages == BAD_PAGE_WARNINGS {
                                eprintln!("iou-strace: further bad pages are skipped silently");
                            }
                        }
                    },
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(format!("reading cpu{} trace_pipe_raw: {e}", r.cpu)),
                }
            }
        }
        Ok(pages)
    }

    /// Close the readers and remove the instance.
    pub fn remove(&mut self) -> io::Result<()> {
        self.readers.clear();
        if self.path.exists() {
            // Disabling first makes the removal cheaper; ignore failures.
            let _ = write_file(&self.path.join("events/enable"), "0");
            fs::remove_dir(&self.path)?;
        }
        Ok(())
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        if let Err(e) = self.remove() {
            eprintln!(
                "iou-strace: could not remove tracefs instance {:?}: {e}",
                self.path
            );
        }
    }
}

/// Read the format of `system/event` from tracefs.
pub fn read_event_format(root: &Path, system: &str, event: &str) -> io::Result<EventFormat> {
    let p = root.join("events").join(system).join(event).join("format");
    let text = read_text(&p)?;
    parse_format(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Field lookup by name, for decoding records of one event type.
#[derive(Debug, Clone)]
pub struct Fields(pub HashMap<String, Field>);

impl Fields {
    pub fn new(f: &EventFormat, required: &[&str]) -> Result<Fields, String> {
        let map: HashMap<String, Field> = f
            .fields
            .iter()
            .map(|x| (x.name.clone(), x.clone()))
            .collect();
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|n| !map.contains_key(*n))
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "event {} lacks field(s) {}",
                f.name,
                missing.join(", ")
            ));
        }
        Ok(Fields(map))
    }

    pub fn uint(&self, rec: &[u8], name: &str) -> u64 {
        self.0
            .get(name)
            .and_then(|f| read_uint(rec, f.offset, f.size))
            .unwrap_or(0)
    }

    pub fn int(&self, rec: &[u8], name: &str) -> i64 {
        self.0
            .get(name)
            .and_then(|f| read_int(rec, f.offset, f.size, f.signed))
            .unwrap_or(0)
    }

    /// Element `i` of an array field of 8-byte elements.
    pub fn u64_at(&self, rec: &[u8], name: &str, i: usize) -> u64 {
        self.0
            .get(name)
            .filter(|f| f.size >= 8 * (i + 1))
            .and_then(|f| read_uint(rec, f.offset.checked_add(8 * i)?, 8))
            .unwrap_or(0)
    }

    /// A `__data_loc` string or a fixed `char[N]` array, NUL-terminated.
    pub fn bytes<'a>(&self, rec: &'a [u8], name: &str) -> &'a [u8] {
        let Some(f) = self.0.get(name) else {
            return &[];
        };
        if f.data_loc {
            return data_loc_bytes(rec, f.offset).unwrap_or(&[]);
        }
        let end = f.offset.saturating_add(f.size);
        let s = rec.get(f.offset..end).unwrap_or(&[]);
        match s.iter().position(|&c| c == 0) {
            Some(n) => &s[..n],
            None => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const SAMPLE: &str = "name: io_uring_sqe_syscall
ID: 1234
format:
\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

\tfield:void * ctx;\toffset:8;\tsize:8;\tsigned:0;
\tfield:unsigned long args[6];\toffset:16;\tsize:48;\tsigned:0;
\tfield:s8 path_arg;\toffset:64;\tsize:1;\tsigned:1;
\tfield:__data_loc char[] path;\toffset:68;\tsize:4;\tsigned:0;

print fmt: \"ctx %p\", REC->ctx
";

    #[test]
    fn format_parsing() {
        let f = parse_format(SAMPLE).unwrap();
        assert_eq!(f.name, "io_uring_sqe_syscall");
        assert_eq!(f.id, 1234);
        assert_eq!(f.fields.len(), 8);
        let args = f.field("args").unwrap();
        assert_eq!((args.offset, args.size, args.signed), (16, 48, false));
        assert_eq!(args.decl, "unsigned long");
        let ctx = f.field("ctx").unwrap();
        assert_eq!(ctx.decl, "void *");
        let pa = f.field("path_arg").unwrap();
        assert!(pa.signed);
        let p = f.field("path").unwrap();
        assert!(p.data_loc && p.offset == 68 && p.size == 4);
        assert!(f.field("common_pid").unwrap().signed);
        assert!(parse_format("field:int;offset:0;size:4;signed:1;").is_err());
    }

    #[test]
    fn header_page_layout() {
        let hp = "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;
\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;
\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;
\tfield: char data;\toffset:16;\tsize:4080;\tsigned:1;
";
        let l = PageLayout::from_header_page(hp).unwrap();
        assert_eq!(l, PageLayout::default());
        let f = parse_format(hp).unwrap();
        let d = f.field("data").unwrap();
        assert_eq!(d.offset + d.size, 4096);
    }

    #[test]
    fn integers_and_data_loc() {
        let mut rec = vec![0u8; 80];
        rec[64] = 0xff; // s8 -1
        assert_eq!(read_int(&rec, 64, 1, true), Some(-1));
        assert_eq!(read_int(&rec, 64, 1, false), Some(255));
        let s = b"/etc/hosts\0";
        let off = rec.len();
        rec.extend_from_slice(s);
        let loc = (off as u32) | ((s.len() as u32) << 16);
        rec[68..72].copy_from_slice(&loc.to_le_bytes());
        assert_eq!(data_loc_bytes(&rec, 68), Some(&b"/etc/hosts"[..]));
        // Out-of-record location.
        rec[68..72].copy_from_slice(&(0x0010_0100u32).to_le_bytes());
        assert_eq!(data_loc_bytes(&rec, 68), None);
        // Empty string.
        rec[68..72].copy_from_slice(&(off as u32).to_le_bytes());
        assert_eq!(data_loc_bytes(&rec, 68), Some(&b""[..]));
        let f = parse_format(SAMPLE).unwrap();
        let fields = Fields::new(&f, &["ctx", "path"]).unwrap();
        assert!(Fields::new(&f, &["nope"]).unwrap_err().contains("nope"));
        assert_eq!(fields.bytes(&rec, "path"), b"");
        assert_eq!(fields.int(&rec, "path_arg"), -1);
    }

    /// A synthetic page builder.
    struct PageBuf {
        buf: Vec<u8>,
    }

    impl PageBuf {
        fn new(ts: u64) -> Self {
            let mut buf = vec![0u8; 16];
            buf[..8].copy_from_slice(&ts.to_le_bytes());
            PageBuf { buf }
        }
        fn hdr(&mut self, type_len: u32, delta: u32) {
            self.buf
                .extend_from_slice(&(type_len | (delta << 5)).to_le_bytes());
        }
        fn small(&mut self, delta: u32, payload: &[u8]) {
            assert_eq!(payload.len() % 4, 0);
            self.hdr(payload.len() as u32 / 4, delta);
            self.buf.extend_from_slice(payload);
        }
        fn big(&mut self, delta: u32, payload: &[u8]) {
            self.hdr(0, delta);
            self.buf
                .extend_from_slice(&(payload.len() as u32 + 4).to_le_bytes());
            self.buf.extend_from_slice(payload);
        }
        fn u32(&mut self, v: u32) {
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
        fn finish(mut self, flags: u64, total: usize) -> Vec<u8> {
            let size = self.buf.len() as u64 - 16;
            self.buf[8..16].copy_from_slice(&(size | flags).to_le_bytes());
            self.buf.resize(total, 0xaa);
            self.buf
        }
    }

    #[test]
    fn page_parsing_all_types() {
        let mut p = PageBuf::new(1_000);
        p.small(5, &[1, 0, 0, 0, 9, 9, 9, 9]); // ts 1005
        p.hdr(TYPE_TIME_EXTEND, 3); // +3 + (2 << 27)
        p.u32(2);
        p.small(0, &[2, 0, 0, 0]); // ts 1008 + 2<<27
        p.hdr(TYPE_PADDING, 1); // a discarded event of 16 bytes, no time
        p.u32(12);
        p.u32(0xdead);
        p.u32(0xbeef);
        let big = vec![3u8; 200];
        p.big(7, &big);
        p.hdr(TYPE_TIME_STAMP, 50); // absolute 50 | (1 << 27)
        p.u32(1);
        p.small(1, &[4, 0, 0, 0]);
        let page = p.finish(0, 4096);
        let got = parse_page(&page, &PageLayout::default()).unwrap();
        assert!(!got.missed_events);
        let ts: Vec<u64> = got.records.iter().map(|r| r.ts).collect();
        let base = 1008 + (2u64 << 27);
        assert_eq!(ts, vec![1005, base, base + 7, (1 << 27) + 50 + 1]);
        assert_eq!(got.records[0].data, vec![1, 0, 0, 0, 9, 9, 9, 9]);
        assert_eq!(got.records[2].data, big);
        assert_eq!(got.records[3].data, vec![4, 0, 0, 0]);
    }

    #[test]
    fn page_padding_rest_and_missed() {
        let mut p = PageBuf::new(10);
        p.small(1, &[1, 0, 0, 0]);
        p.hdr(TYPE_PADDING, 0); // rest of the page
        p.small(1, &[2, 0, 0, 0]); // must not be seen
        let page = p.finish(MISSED_EVENTS, 4096);
        let got = parse_page(&page, &PageLayout::default()).unwrap();
        assert!(got.missed_events);
        assert_eq!(got.records.len(), 1);
        assert_eq!(got.records[0].ts, 11);
    }

    #[test]
    fn page_errors() {
        let mut p = PageBuf::new(0);
        p.hdr(2, 0); // claims 8 bytes but only 4 follow
        p.u32(1);
        let mut page = p.finish(0, 64);
        page[8..16].copy_from_slice(&8u64.to_le_bytes());
        assert!(parse_page(&page, &PageLayout::default()).is_err());
        let mut page = vec![0u8; 64];
        page[8..16].copy_from_slice(&100u64.to_le_bytes());
        assert!(parse_page(&page, &PageLayout::default()).is_err());
        assert!(parse_page(&[0u8; 4], &PageLayout::default()).is_err());
    }

    #[test]
    fn absolute_time_stamp_keeps_top_bits() {
        let mut p = PageBuf::new(3u64 << 59 | 100);
        p.hdr(TYPE_TIME_STAMP, 200);
        p.u32(0);
        p.small(0, &[0; 4]);
        let got = parse_page(&p.finish(0, 128), &PageLayout::default()).unwrap();
        assert_eq!(got.records[0].ts, 3u64 << 59 | 200);
    }

    #[test]
    fn bad_page_is_skipped_not_fatal() {
        // A page whose commit exceeds the page, then a good page: the
        // reader must skip the first and still return the second.
        let dir = std::env::temp_dir().join(format!("iou-strace-bad-page-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("trace_pipe_raw");
        let mut bad = vec![0u8; 64];
        bad[8..16].copy_from_slice(&1000u64.to_le_bytes());
        let mut good = PageBuf::new(5);
        good.small(1, &[7, 0, 0, 0]);
        let mut data = bad;
        data.extend(good.finish(0, 64));
        fs::write(&file, &data).unwrap();
        let mut inst = Instance {
            path: dir.join("no-such-instance"),
            readers: vec![CpuReader {
                cpu: 0,
                file: File::open(&file).unwrap(),
            }],
            page_size: 64,
            layout: PageLayout::default(),
            bad_pages: 0,
        };
        let pages = inst.read_available().expect("a bad page must not be fatal");
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].records[0].ts, 6);
        assert_eq!(inst.bad_pages, 1);
        drop(inst);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn hostile_layout_and_sizes() {
        // header_page with absurd offsets/sizes: an error, not a panic or a
        // multi-GiB buffer.
        let hp = |commit: &str, data: &str| {
            format!(
                "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n\
                 \tfield: local_t commit;\t{commit}\tsigned:1;\n\
                 \tfield: char data;\t{data}\tsigned:1;\n"
            )
        };
        let huge = "offset:18446744073709551615;\tsize:4080;";
        assert!(PageLayout::from_header_page(&hp("offset:8;\tsize:8;", huge)).is_err());
        assert!(
            PageLayout::from_header_page(&hp("offset:8;\tsize:3;", "offset:16;\tsize:4080;"))
                .is_err()
        );
        let big = parse_format(&hp("offset:8;\tsize:8;", "offset:16;\tsize:4294967295;")).unwrap();
        assert!(page_size(Some(&big), None).is_err());
        assert!(page_size(None, Some(usize::MAX / 2)).is_err());
        let ok = parse_format(&hp("offset:8;\tsize:8;", "offset:16;\tsize:4080;")).unwrap();
        assert_eq!(page_size(Some(&ok), None), Ok(4096));
        assert_eq!(page_size(Some(&ok), Some(8)), Ok(8192));
        assert_eq!(page_size(None, None), Ok(4096));
        // A layout built by hand with a huge data offset must not overflow.
        let l = PageLayout {
            data_offset: usize::MAX,
            ..PageLayout::default()
        };
        let mut page = vec![0u8; 64];
        page[8..16].copy_from_slice(&8u64.to_le_bytes());
        assert!(parse_page(&page, &l).is_err());
    }

    #[test]
    fn time_stamps_near_the_top_do_not_overflow() {
        // The page stamp, deltas and extends come from the page: they may
        // wrap (as in the kernel) but must not panic.
        let mut p = PageBuf::new(u64::MAX - 1);
        p.small(5, &[1, 0, 0, 0]);
        p.hdr(TYPE_TIME_EXTEND, 1);
        p.u32(u32::MAX);
        p.small(0, &[2, 0, 0, 0]);
        let got = parse_page(&p.finish(0, 128), &PageLayout::default()).unwrap();
        assert_eq!(got.records.len(), 2);
        assert_eq!(got.records[0].ts, 3);
        let mut p = PageBuf::new(u64::MAX);
        p.hdr(TYPE_TIME_STAMP, 0);
        p.u32(0);
        p.small(0, &[3, 0, 0, 0]);
        let got = parse_page(&p.finish(0, 128), &PageLayout::default()).unwrap();
        assert_eq!(got.records.len(), 1);
    }

    #[test]
    fn field_offsets_past_the_end() {
        // Odd offsets in a format file: empty/zero values, no panic.
        let fmt = "name: x\nID: 7\nformat:\n\
            \tfield:char comm[16];\toffset:18446744073709551615;\tsize:16;\tsigned:0;\n\
            \tfield:unsigned long args[6];\toffset:18446744073709551608;\tsize:48;\tsigned:0;\n\
            \tfield:__data_loc char[] path;\toffset:18446744073709551614;\tsize:4;\tsigned:0;\n";
        let f = Fields::new(&parse_format(fmt).unwrap(), &["comm", "args", "path"]).unwrap();
        let rec = [0x41u8; 64];
        assert_eq!(f.bytes(&rec, "comm"), b"");
        assert_eq!(f.bytes(&rec, "path"), b"");
        assert_eq!(f.u64_at(&rec, "args", 5), 0);
        assert_eq!(f.uint(&rec, "args"), 0);
    }

    /// Against the running kernel: needs root and tracefs (at the usual
    /// places or at $IOU_STRACE_TRACEFS). Run with `cargo test -- --ignored`.
    #[test]
    #[ignore]
    fn live_fork_events() {
        let root = std::env::var_os("IOU_STRACE_TRACEFS")
            .map(PathBuf::from)
            .or_else(find_tracefs)
            .expect("no tracefs");
        let name = format!("iou-strace-test-{}", std::process::id());
        let mut inst = Instance::create(&root, &name, 1024).unwrap();
        inst.enable("sched", "sched_process_fork").unwrap();
        inst.open_readers().unwrap();
        let fmt = read_event_format(&root, "sched", "sched_process_fork").unwrap();
        let fields = Fields::new(&fmt, &["parent_pid", "child_pid"]).unwrap();
        let child = std::process::Command::new("true").spawn().unwrap();
        let cpid = child.id() as i64;
        let mut child = child;
        child.wait().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(50));
        let pages = inst.read_available().unwrap();
        let mut found = false;
        let mut last = 0;
        for rec in pages.iter().flat_map(|p| &p.records) {
            let ty = read_uint(&rec.data, 0, 2).unwrap() as u16;
            if ty == fmt.id && fields.int(&rec.data, "child_pid") == cpid {
                assert!(!fields.bytes(&rec.data, "parent_comm").is_empty());
                found = true;
            }
            last = last.max(rec.ts);
        }
        assert!(found, "no fork event for {cpid} in {} pages", pages.len());
        assert!(last > 0);
        inst.remove().unwrap();
        assert!(!root.join("instances").join(&name).exists());
    }
}
