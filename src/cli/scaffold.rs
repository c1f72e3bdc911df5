//! `nianbao init` (a commented default nianbao.toml) and `nianbao new` (a
//! complete report skeleton in the national format).

use super::write::write_new;
use super::{InitArgs, NewArgs, NewFormat};
use crate::analysis::template::{self, Figures, Layout, Prose};
use crate::config_file::{DEFAULT_FILE, FILE_NAME};
use crate::io_message::describe;
use crate::tr;
use std::io::Write;
use std::path::Path;

fn fail(lang: crate::analysis::config::Lang, msg: String) -> i32 {
    let _ = writeln!(
        std::io::stderr(),
        "{}: {msg}",
        tr!(lang, "nianbao 错误", "nianbao error")
    );
    2
}

pub fn init(args: &InitArgs) -> i32 {
    let lang = args.lang.unwrap_or_default();
    let path = Path::new(FILE_NAME);
    if path.exists() && !args.force {
        return fail(
            lang,
            tr!(
                lang,
                format!("{FILE_NAME} 已存在；用 --force 覆盖"),
                format!("{FILE_NAME} already exists; use --force to overwrite it")
            ),
        );
    }
    match write_new(path, DEFAULT_FILE.as_bytes()) {
        Ok(()) => {
            println!(
                "{}",
                tr!(
                    lang,
                    format!("已创建 {FILE_NAME}"),
                    format!("created {FILE_NAME}")
                )
            );
            0
        }
        Err(e) => fail(lang, format!("{FILE_NAME}: {}", describe(&e, lang))),
    }
}

pub fn new(args: &NewArgs) -> i32 {
    let lang = args.lang.unwrap_or_default();
    let layout = match args.format {
        NewFormat::Txt => Layout::Text,
        NewFormat::Md => Layout::Markdown,
    };
    let body = args.body.trim();
    if body.is_empty() {
        return fail(
            lang,
            tr!(
                lang,
                "--body 不能为空".to_string(),
                "--body must not be empty".to_string()
            ),
        );
    }
    let text = template::report(body, args.year, layout, &Figures::zeros(), Prose::Prompts);
    match &args.output {
        None => {
            let _ = std::io::stdout().write_all(text.as_bytes());
            0
        }
        Some(p) => {
            if p.exists() && !args.force {
                return fail(
                    lang,
                    tr!(
                        lang,
                        format!("{} 已存在；用 --force 覆盖", p.display()),
                        format!(
                            "{} already exists; use --force to overwrite it",
                            p.display()
                        )
                    ),
                );
            }
            match write_new(p, text.as_bytes()) {
                Ok(()) => {
                    let prompts = text.matches("【请填写").count();
                    let _ = writeln!(
                        std::io::stderr(),
                        "{}",
                        tr!(
                            lang,
                            format!(
                                "已写入 {}：请把其中 {prompts} 处【请填写：…】替换为本机关的实际情况，并填写表格中的数字；未填写完之前，nianbao check 会报告 template-text 错误",
                                p.display()
                            ),
                            format!(
                                "Wrote {}: replace its {prompts} prompts 【请填写：…】 with the body's own account and fill in the tables; until then nianbao check reports template-text errors",
                                p.display()
                            )
                        )
                    );
                    0
                }
                Err(e) => fail(lang, format!("{}: {}", p.display(), describe(&e, lang))),
            }
        }
    }
}
