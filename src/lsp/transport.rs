//! The server's stdio loop: reads Content-Length frames, hands well-formed
//! JSON-RPC messages to the language service, writes its answers and its own
//! requests to the client.
//!
//! tower-lsp-server has such a loop (`Server`), but it stops reading after a
//! message it cannot decode, and it keeps the capacity of the largest message
//! it ever read as its buffer for the whole session (8 MB after a 5 MB
//! `didOpen`). This loop answers anything that is not a JSON-RPC message with
//! the JSON-RPC error (-32700 parse error, -32600 invalid request) and a line
//! on stderr, answers `$/` requests (-32601 method not found), which the
//! service would leave unanswered, parses each message once, and frees each
//! message's buffer as soon as it is decoded.
//!
//! A header line is read up to 4 KB (the rest of a longer one is skipped, not
//! kept) and a body up to 128 MB (a larger Content-Length is answered as an
//! error at once, as any broken header; what follows is read as headers):
//! whatever a client sends, the loop holds at most one message of that size.
//!
//! The server's own notifications that can be large (diagnostics) come
//! serialized (`Raw`): tower-lsp-server's client turns a notification into a
//! `serde_json::Value` tree first, some 6 KB per diagnostic, which made the
//! publication of a large document's diagnostics the server's peak of memory.
//!
//! Requests run as tasks of the (single-threaded) runtime, started in the
//! order they arrive; handlers that change a document do so before their first
//! `await`, so edits apply in order. One writer task writes whole frames, so
//! nothing interleaves on stdout.

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

#[cfg(test)]
mod frames {
    use super::*;

    async fn frames_of(input: Vec<u8>, max: usize) -> Vec<Result<usize, String>> {
        let mut r = BufReader::new(&input[..]);
        let mut out = Vec::new();
        while let Some(f) = read_frame_within(&mut r, max).await.unwrap() {
            out.push(f.map(|b| b.len()));
        }
        out
    }

    #[test]
    fn long_header_lines_and_huge_messages_are_skipped() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let mut input = vec![b'X'; 1 << 20];
        input.extend_from_slice(b"\r\n\r\nContent-Length: 2\r\n\r\n{}");
        let got = rt.block_on(frames_of(input, MAX_MESSAGE));
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].as_ref().unwrap_err().contains("longer than 4096"));
        assert_eq!(got[1], Ok(2));
        // A body too large is never read: what follows is headers again (a
        // long line of it skipped, not kept).
        let mut input = b"Content-Length: 100001\r\n\r\n".to_vec();
        input.extend(std::iter::repeat_n(b' ', 100_001));
        input.extend_from_slice(b"\r\n\r\nContent-Length: 2\r\n\r\n[]");
        let got = rt.block_on(frames_of(input, 100_000));
        assert!(
            got[0].as_ref().unwrap_err().contains("larger than"),
            "{got:?}"
        );
        assert!(
            got[1].as_ref().unwrap_err().contains("longer than"),
            "{got:?}"
        );
        assert_eq!(got[2], Ok(2));
    }
}
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::{ClientSocket, ExitedError};
use tower_service::Service;

/// Largest message accepted: a document larger than the input limits is
/// refused anyway (see `server`), and a message takes about twice its size
/// while it is decoded.
const MAX_MESSAGE: usize = 128 * 1024 * 1024;
/// Longest header line kept (LSP's are some 60 bytes).
const MAX_HEADER_LINE: usize = 4096;

/// Reads a line (to `\n`) into `line`, keeping at most `MAX_HEADER_LINE`
/// bytes of it; returns the bytes read (0 at end of input) and whether the
/// line was cut.
async fn read_header_line<R: AsyncRead + Unpin>(
    r: &mut BufReader<R>,
    line: &mut Vec<u8>,
) -> std::io::Result<(usize, bool)> {
    let (mut read, mut cut) = (0, false);
    loop {
        let buf = r.fill_buf().await?;
        if buf.is_empty() {
            return Ok((read, cut));
        }
        let (chunk, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        let room = MAX_HEADER_LINE.saturating_sub(line.len());
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        cut |= chunk.len() > room;
        let n = chunk.len();
        read += n;
        r.consume(n);
        if done {
            return Ok((read, cut));
        }
    }
}

/// Reads one frame: `Ok(None)` at end of input, `Err(reason)` for a broken
/// header or a message too large (its body skipped).
async fn read_frame<R: AsyncRead + Unpin>(
    r: &mut BufReader<R>,
) -> std::io::Result<Option<Result<Vec<u8>, String>>> {
    read_frame_within(r, MAX_MESSAGE).await
}

/// [`read_frame`] with messages up to `max` bytes.
async fn read_frame_within<R: AsyncRead + Unpin>(
    r: &mut BufReader<R>,
    max: usize,
) -> std::io::Result<Option<Result<Vec<u8>, String>>> {
    let mut len: Option<usize> = None;
    let mut bad_header = None;
    let mut saw_any = false;
    loop {
        let mut line = Vec::new();
        let (read, cut) = read_header_line(r, &mut line).await?;
        if read == 0 {
            return Ok(None);
        }
        if cut {
            saw_any = true;
            bad_header = Some(format!("header line longer than {MAX_HEADER_LINE} bytes"));
            continue;
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
                match v.trim().parse::<u64>() {
                    Ok(n) if n <= max as u64 => len = Some(n as usize),
                    Ok(n) => {
                        bad_header =
                            Some(format!("message of {n} bytes is larger than {max} bytes"))
                    }
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

/// The message of a frame's body, or why it is not a JSON-RPC message, with
/// the id to answer to.
fn check_message(body: &[u8]) -> Result<Value, (i64, &'static str, Value)> {
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
            None | Some(Value::Object(_)) | Some(Value::Array(_)) | Some(Value::Null) => Ok(v),
            Some(_) => invalid,
        },
        Some(_) => invalid,
        None if o.contains_key("id") && (o.contains_key("result") || o.contains_key("error")) => {
            Ok(v)
        }
        None => invalid,
    }
}

/// Frames of notifications serialized by the server itself, written in the
/// order sent.
pub type Raw = mpsc::UnboundedSender<Vec<u8>>;

/// The frame of a notification, serialized without a `Value` tree.
pub fn notification_frame(method: &str, params: &impl serde::Serialize) -> Option<Vec<u8>> {
    #[derive(serde::Serialize)]
    struct Notification<'a, P> {
        jsonrpc: &'static str,
        method: &'a str,
        params: &'a P,
    }
    frame_of(&Notification {
        jsonrpc: "2.0",
        method,
        params,
    })
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// The frame of a message (a request, notification or response).
fn frame_of(message: &impl serde::Serialize) -> Option<Vec<u8>> {
    serde_json::to_vec(message).ok().map(|body| frame(&body))
}

fn error_frame(id: Value, code: i64, message: &str) -> Vec<u8> {
    frame(
        json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
            .to_string()
            .as_bytes(),
    )
}

/// Writes whole frames until `None` (or until every sender is gone).
async fn write_frames<W: AsyncWrite + Unpin>(
    mut frames: mpsc::UnboundedReceiver<Option<Vec<u8>>>,
    mut out: W,
) {
    while let Some(Some(f)) = frames.recv().await {
        if out.write_all(&f).await.is_err() || out.flush().await.is_err() {
            break;
        }
    }
    let _ = out.flush().await;
}

/// Serves `service` on `input`/`output` until `exit` or end of input.
pub async fn serve<R, W, S>(
    input: R,
    output: W,
    mut service: S,
    socket: ClientSocket,
    mut raw: mpsc::UnboundedReceiver<Vec<u8>>,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin + Send + 'static,
    S: Service<Request, Response = Option<Response>, Error = ExitedError>,
    S::Future: Send + 'static,
{
    let (frames, to_write) = mpsc::unbounded_channel::<Option<Vec<u8>>>();
    let writer = tokio::spawn(write_frames(to_write, output));
    let send = |f: Vec<u8>| {
        let _ = frames.send(Some(f));
    };
    // The server's own requests and notifications to the client.
    let (mut client_requests, mut client_responses) = socket.split();
    let forward = {
        let frames = frames.clone();
        tokio::spawn(async move {
            while let Some(req) = client_requests.next().await {
                if let Some(f) = frame_of(&req) {
                    let _ = frames.send(Some(f));
                }
            }
        })
    };
    let forward_raw = {
        let frames = frames.clone();
        tokio::spawn(async move {
            while let Some(f) = raw.recv().await {
                let _ = frames.send(Some(f));
            }
        })
    };
    let mut r = BufReader::new(input);
    loop {
        let body = match read_frame(&mut r).await {
            Ok(None) | Err(_) => break,
            Ok(Some(Err(reason))) => {
                eprintln!("nianbao lsp: dropped a message: {reason}");
                send(error_frame(
                    Value::Null,
                    -32700,
                    &format!("Parse error: {reason}"),
                ));
                continue;
            }
            Ok(Some(Ok(body))) => body,
        };
        let checked = check_message(&body);
        // The message is decoded: its buffer goes (it may be megabytes).
        drop(body);
        let v = match checked {
            Ok(v) => v,
            Err((code, message, id)) => {
                eprintln!("nianbao lsp: dropped a message: {message}");
                send(error_frame(id, code, message));
                continue;
            }
        };
        if v.get("method").is_none() {
            // A response to one of the server's requests.
            match serde_json::from_value::<Response>(v) {
                Ok(res) => {
                    if client_responses.send(res).await.is_err() {
                        break;
                    }
                }
                Err(e) => eprintln!("nianbao lsp: dropped a response: {e}"),
            }
            continue;
        }
        let id = v.get("id").cloned().unwrap_or(Value::Null);
        let req = match serde_json::from_value::<Request>(v) {
            Ok(req) => req,
            Err(e) => {
                eprintln!("nianbao lsp: dropped a message: {e}");
                send(error_frame(id, -32600, "Invalid Request"));
                continue;
            }
        };
        if std::future::poll_fn(|cx| service.poll_ready(cx))
            .await
            .is_err()
        {
            break;
        }
        let exit = req.method() == "exit";
        let answer = service.call(req);
        let frames = frames.clone();
        tokio::spawn(async move {
            if let Ok(Some(res)) = answer.await {
                if let Some(f) = frame_of(&res) {
                    let _ = frames.send(Some(f));
                }
            }
        });
        if exit {
            break;
        }
    }
    // Let the requests already started answer, then end the writer after
    // what they wrote.
    for _ in 0..8 {
        tokio::task::yield_now().await;
    }
    forward.abort();
    forward_raw.abort();
    let _ = frames.send(None);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(1), writer).await;
}

#[cfg(test)]
mod tests {
    use super::check_message;

    #[test]
    fn messages() {
        assert!(
            check_message(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#).is_ok()
        );
        assert_eq!(
            check_message(br#"{"jsonrpc":"2.0","method":"exit"}"#).unwrap()["method"],
            "exit"
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
