//! Operating-system errors for people: what happened in the user's language,
//! with the system's own words and error number kept in brackets (they are
//! what a search engine or an administrator knows).
//!
//! `std::io::Error` prints the C library's English text ("No such file or
//! directory (os error 2)") whatever the locale; a Chinese message must not
//! switch to English halfway, nor lose the detail.

use crate::analysis::config::Lang;
use std::io::{Error, ErrorKind};

/// The error in `lang`: "找不到该文件或目录（os error 2：No such file or
/// directory）" in Chinese, the system's own text in English.
pub fn describe(e: &Error, lang: Lang) -> String {
    match lang {
        Lang::En => e.to_string(),
        Lang::Zh => match kind_zh(e) {
            Some(zh) => format!("{zh}（{}）", detail(e)),
            None => e.to_string(),
        },
    }
}

/// "os error 2：No such file or directory", or the message of an error that
/// does not come from the system.
fn detail(e: &Error) -> String {
    match e.raw_os_error() {
        Some(code) => {
            let text = e.to_string();
            let suffix = format!(" (os error {code})");
            let words = text.strip_suffix(&suffix).unwrap_or(&text);
            format!("os error {code}：{words}")
        }
        None => e.to_string(),
    }
}

/// The Chinese for the common kinds of error (wording of the zh_CN C library
/// where it has one).
fn kind_zh(e: &Error) -> Option<&'static str> {
    Some(match e.kind() {
        ErrorKind::NotFound => "找不到该文件或目录",
        ErrorKind::PermissionDenied => "没有权限",
        ErrorKind::AlreadyExists => "文件已存在",
        ErrorKind::IsADirectory => "这是一个目录，不是文件",
        ErrorKind::NotADirectory => "路径中有一部分不是目录",
        ErrorKind::DirectoryNotEmpty => "目录不是空的",
        ErrorKind::ReadOnlyFilesystem => "文件系统是只读的",
        ErrorKind::StorageFull => "磁盘空间已满",
        ErrorKind::QuotaExceeded => "超出磁盘配额",
        ErrorKind::FileTooLarge => "文件过大",
        ErrorKind::ResourceBusy => "设备或资源正忙",
        ErrorKind::ExecutableFileBusy => "文件正被使用",
        ErrorKind::CrossesDevices => "不能跨设备移动文件",
        ErrorKind::TooManyLinks => "链接过多",
        ErrorKind::InvalidFilename => "文件名无效或过长",
        ErrorKind::TimedOut => "操作超时",
        ErrorKind::Interrupted => "操作被中断",
        ErrorKind::UnexpectedEof => "文件意外结束",
        ErrorKind::InvalidData => "数据无效",
        ErrorKind::InvalidInput => "参数无效",
        ErrorKind::OutOfMemory => "内存不足",
        ErrorKind::WouldBlock => "资源暂时不可用",
        ErrorKind::BrokenPipe => "管道已断开",
        ErrorKind::Unsupported => "不支持此操作",
        ErrorKind::StaleNetworkFileHandle => "网络文件句柄已失效",
        ErrorKind::NetworkUnreachable | ErrorKind::HostUnreachable => "网络不可达",
        ErrorKind::ConnectionRefused => "连接被拒绝",
        ErrorKind::ConnectionReset => "连接被重置",
        _ => match e.raw_os_error() {
            // ELOOP: std has no stable kind for it yet.
            #[cfg(target_os = "linux")]
            Some(40) => "符号链接层数过多",
            Some(_) => "系统错误",
            None => return None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_with_the_system_detail() {
        let e = std::fs::read("/nonexistent/nianbao-test").unwrap_err();
        let zh = describe(&e, Lang::Zh);
        assert!(zh.starts_with("找不到该文件或目录（os error 2："), "{zh}");
        assert!(zh.ends_with('）'), "{zh}");
        assert!(zh.contains("No such file or directory"), "{zh}");
        assert_eq!(describe(&e, Lang::En), e.to_string());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn every_common_kind_is_translated() {
        for (code, zh) in [
            (13, "没有权限"),
            (21, "这是一个目录"),
            (20, "路径中有一部分不是目录"),
            (28, "磁盘空间已满"),
            (30, "文件系统是只读的"),
            (36, "文件名无效或过长"),
            (40, "符号链接层数过多"),
        ] {
            let m = describe(&Error::from_raw_os_error(code), Lang::Zh);
            assert!(m.starts_with(zh), "{code}: {m}");
            assert!(m.contains(&format!("os error {code}：")), "{m}");
            assert!(!m.contains(&format!("(os error {code})")), "{m}");
        }
    }

    #[test]
    fn errors_without_a_code_keep_their_message() {
        let e = Error::new(ErrorKind::InvalidData, "stream did not contain valid UTF-8");
        assert_eq!(
            describe(&e, Lang::Zh),
            "数据无效（stream did not contain valid UTF-8）"
        );
        let other = Error::other("odd");
        assert_eq!(describe(&other, Lang::Zh), "odd");
    }
}
