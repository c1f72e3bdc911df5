//! Framing guard between the real stdio and the server.
//!
//! tower-lsp-server stops reading after a message it cannot decode (the framed
//! stream ends after its first error), which would take the server down on one
//! malformed message. This guard reads the Content-Length frames itself and
//! passes on only well-formed JSON-RPC messages; for anything else it answers
//! with the JSON-RPC error (-32700 parse error, -32600 invalid request) and logs
//! to stderr. It also answers `$/` requests (-32601 method not found), which
//! the server would leave unanswered. Output frames are copied whole, so the guard's own answers never
//! interleave with the server's.

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Largest message accepted (a document of this size is already absurd).
const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// Reads one frame: `Ok(None)` at end of input, `Err(reason)` for a broken header.
async fn read_frame<R: AsyncRead + Unpin>(
    r: &mut BufReader<R>,
) -> std::io::Result<Option<Result<Vec<u8>, String>>> {
    let mut len: Option<usize> = None;
    let mut bad_header = None;
    let mut saw_any = false;
    loop {
        let mut line = Vec::new();
        if r.read_until(b'\n', &mut line).await? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_any {
                break;
            }
            continue;
        }
        saw_any = true;
        match text.split_once(':') {
            Some((k, v)) if k.trim().eq_ignore_ascii_case("content-length") => {
                match v.trim().parse::<usize>() {
                    Ok(n) if n <= MAX_MESSAGE => len = Some(n),
                    _ => bad_header = Some(format!("invalid Content-Length: {}", v.trim())),
                }
            }
            Some(_) => {}
            None => bad_header = Some(format!("malformed header line: {text}")),
        }
    }
    let Some(n) = len else {
        return Ok(Some(Err(
            bad_header.unwrap_or_else(|| "missing Content-Length".to_string())
        )));
    };
    let mut body = vec![0; n];
    r.read_exact(&mut body).await?;
    Ok(Some(Ok(body)))
}

/// Why a body is not a JSON-RPC message, with the id to answer to.
fn check_message(body: &[u8]) -> Result<(), (i64, &'static str, Value)> {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return Err((-32700, "Parse error", Value::Null));
    };
    let id = v
        .get("id")
        .cloned()
        .filter(|i| i.is_number() || i.is_string())
        .unwrap_or(Value::Null);
    let invalid = Err((-32600, "Invalid Request", id.clone()));
    let Value::Object(o) = &v else { return invalid };
    if o.get("jsonrpc") != Some(&json!("2.0")) {
        return invalid;
    }
    if let Some(i) = o.get("id") {
        if !(i.is_number() || i.is_string() || i.is_null()) {
            return invalid;
        }
    }
    match o.get("method") {
        // tower-lsp-server leaves unknown `$/` requests unanswered; the
        // protocol wants MethodNotFound (the server implements none).
        Some(Value::String(m)) if m.starts_with("$/") && o.contains_key("id") => {
            Err((-32601, "Method not found", id))
        }
        Some(Value::String(_)) => match o.get("params") {
            None | Some(Value::Object(_)) | Some(Value::Array(_)) | Some(Value::Null) => Ok(()),
            Some(_) => invalid,
        },
        Some(_) => invalid,
        None if o.contains_key("id") && (o.contains_key("result") || o.contains_key("error")) => {
            Ok(())
        }
        None => invalid,
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Copies well-formed frames from `input` to `to_server`; answers the others
/// through `replies`. Ends at end of input (closing `to_server`).
pub async fn guard_input<R, W>(input: R, mut to_server: W, replies: mpsc::UnboundedSender<Vec<u8>>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut r = BufReader::new(input);
    loop {
        match read_frame(&mut r).await {
            Ok(None) | Err(_) => break,
            Ok(Some(Err(reason))) => {
                eprintln!("nianbao lsp: dropped a message: {reason}");
                let _ = replies.send(frame(json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32700, "message": format!("Parse error: {reason}")}}).to_string().as_bytes()));
            }
            Ok(Some(Ok(body))) => match check_message(&body) {
                Ok(()) => {
                    if to_server.write_all(&frame(&body)).await.is_err()
                        || to_server.flush().await.is_err()
                    {
                        break;
                    }
                }
                Err((code, message, id)) => {
                    eprintln!("nianbao lsp: dropped a message: {message}");
                    let _ = replies.send(frame(json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}).to_string().as_bytes()));
                }
            },
        }
    }
    let _ = to_server.shutdown().await;
}

/// Copies whole frames from the server's output and the guard's replies to `out`.
pub async fn merge_output<R, W>(
    from_server: R,
    mut replies: mpsc::UnboundedReceiver<Vec<u8>>,
    mut out: W,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut r = BufReader::new(from_server);
    let mut server_open = true;
    let mut replies_open = true;
    while server_open || replies_open {
        // The next whole frame to write, from either side.
        let bytes = tokio::select! {
            f = read_frame(&mut r), if server_open => match f {
                Ok(Some(Ok(body))) => Some(frame(&body)),
                _ => {
                    server_open = false;
                    None
                }
            },
            m = replies.recv(), if replies_open => {
                replies_open = m.is_some();
                m
            }
        };
        if let Some(b) = bytes {
            if out.write_all(&b).await.is_err() || out.flush().await.is_err() {
                break;
            }
        }
    }
    let _ = out.flush().await;
}

#[cfg(test)]
mod tests {
    use super::check_message;

    #[test]
    fn messages() {
        assert!(
            check_message(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#).is_ok()
        );
        assert!(check_message(br#"{"jsonrpc":"2.0","method":"exit"}"#).is_ok());
        assert!(check_message(br#"{"jsonrpc":"2.0","id":3,"result":null}"#).is_ok());
        assert_eq!(check_message(b"{oops").unwrap_err().0, -32700);
        assert_eq!(check_message(br#"[1,2]"#).unwrap_err().0, -32600);
        assert_eq!(
            check_message(br#"{"jsonrpc":"2.0","id":7,"method":5}"#)
                .unwrap_err()
                .2,
            serde_json::json!(7)
        );
        assert_eq!(
            check_message(br#"{"id":1,"method":"x"}"#).unwrap_err().0,
            -32600
        );
    }
}
