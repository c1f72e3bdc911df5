;;; e2e.el --- headless Emacs + eglot end-to-end tests of the set-up in docs/editors.md  -*- lexical-binding: t -*-
;;
;; run.sh extracts the elisp block of docs/editors.md to $WORK/nianbao-readme.el and runs
;;   CASE=quickfix WORK=… REPO=… emacs --batch -l e2e.el
;; (no -Q: Debian's elpa-eglot is found through site-start). `nianbao' on PATH
;; is $WORK/bin/nianbao, a wrapper that writes the server's pid to
;; $WORK/server-pid and its exit status to $WORK/server-exit. Exit status 0 = pass, 1 = fail.

(require 'package)
(package-initialize)
(require 'cl-lib)

(defvar e2e-case (getenv "CASE"))
(defvar e2e-work (getenv "WORK"))
(defvar e2e-repo (getenv "REPO"))
(defvar e2e-t0 (float-time))

(defun e2e-log (fmt &rest args)
  (message "  [emacs %s %s %5d ms] %s" emacs-version e2e-case
           (round (* 1000 (- (float-time) e2e-t0))) (apply #'format fmt args)))

(defun e2e-wait (what pred &optional secs)
  (let ((deadline (+ (float-time) (or secs 10))))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (or (funcall pred) (error "Timed out waiting for %s" what))))

(defun e2e-read (file)
  (with-temp-buffer
    (let ((coding-system-for-read 'utf-8-unix))
      (insert-file-contents-literally file)
      (decode-coding-region (point-min) (point-max) 'utf-8-unix)
      (buffer-string))))

(defun e2e-diags ()
  (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))

(defun e2e-errors ()
  "The error-level diagnostics, in buffer order."
  (cl-remove-if-not (lambda (d) (eq (flymake-diagnostic-type d) 'eglot-error)) (e2e-diags)))

(defun e2e-only-corpus-warning-p ()
  "What the corpus report itself is left with once its total is fixed: the
published report's own narrative-mismatch warning (its text says 行政处罚 38
条, its table 2 has the 38 under 行政强制)."
  (let ((ds (flymake-diagnostics)))
    (and (= (length ds) 1)
         (eq (flymake-diagnostic-type (car ds)) 'eglot-warning)
         (string-match-p "\\[narrative-mismatch\\]" (flymake-diagnostic-text (car ds))))))

(defun e2e-open (name)
  "Visit NAME in WORK as a user does; eglot-ensure defers its start to the
command loop, which batch mode lacks: run post-command-hook as it would."
  (find-file (expand-file-name name e2e-work))
  (run-hooks 'post-command-hook)
  (current-buffer))

(defun e2e-connected ()
  (e2e-wait "eglot to connect" (lambda () (eglot-current-server)))
  (e2e-wait "diagnostics" (lambda () (flymake-diagnostics)))
  (e2e-diags))

(defun e2e-pid-alive-p (pid)
  (file-exists-p (format "/proc/%d" pid)))

(defun e2e-shutdown ()
  "Shut the server down: eglot sends the shutdown request (an error if it is not
answered) and the exit notification, then deletes the process it started (the
wrapper; eglot 1.9 does not wait for an exit). The server itself must then be
gone, with exit status 0 if the wrapper lived to see it."
  (let ((server (eglot-current-server))
        (pid (string-to-number (e2e-read (expand-file-name "server-pid" e2e-work))))
        (exit-file (expand-file-name "server-exit" e2e-work)))
    (cl-assert server nil "no server to shut down")
    (cl-assert (e2e-pid-alive-p pid) nil "the server runs before the shutdown")
    (eglot-shutdown server)
    (e2e-wait "the server process to exit" (lambda () (not (e2e-pid-alive-p pid))) 5)
    (when (file-exists-p exit-file)
      (let ((status (string-trim (e2e-read exit-file))))
        (unless (equal status "0") (error "Server exit status %s" status))))
    (e2e-log "server stopped%s" (if (file-exists-p exit-file) ", exit status 0" ""))))

(defun e2e-case-quickfix ()
  (let* ((buf (e2e-open "xinxiang-broken-total.txt")))
    (cl-assert (eq major-mode 'nianbao-report-mode) t "plain .txt detected by its title")
    (let* ((diags (progn (e2e-connected)
                         (e2e-wait "2 errors" (lambda () (>= (length (e2e-errors)) 2)))
                         (e2e-errors)))
           (d (car diags)))
      (e2e-log "%d errors of %d diagnostics: %s" (length diags) (length (flymake-diagnostics)) (flymake-diagnostic-text d))
      (unless (= (length diags) 2) (error "2 errors, got %d" (length diags)))
      (unless (string-match-p "表三「（一）予以公开」行的总计为 12，但六类申请人之和为 11\\+0\\+0\\+0\\+0\\+0 = 11"
                              (flymake-diagnostic-text d))
        (error "Message: %s" (flymake-diagnostic-text d)))
      ;; The range is the total "12" on line 45 (UTF-16 positions from the server).
      (let ((beg (flymake-diagnostic-beg d)) (end (flymake-diagnostic-end d)))
        (unless (and (= (line-number-at-pos beg) 45) (equal (buffer-substring-no-properties beg end) "12"))
          (error "Range: line %d %S" (line-number-at-pos beg) (buffer-substring-no-properties beg end)))
        ;; One quick fix here, so eglot applies it without asking.
        (eglot-code-actions beg end "quickfix" t))
      (let ((original (e2e-read (expand-file-name "tests/fixtures/corpus/xinxiang-city-hrss-2023.txt" e2e-repo))))
        (unless (equal (buffer-string) original) (error "Buffer differs from the corpus report"))
        ;; eglot sends the change after an idle time, and batch Emacs is never
        ;; idle; saving sends it at once (didChange before didSave).
        (setq-local require-final-newline nil) ; the corpus file has no final newline
        (save-buffer)
        (unless (equal (e2e-read buffer-file-name) original) (error "Saved file differs from the corpus report"))
        (e2e-wait "the errors to go, the report's own narrative-mismatch warning left" #'e2e-only-corpus-warning-p)
        (e2e-log "quick fix applied and saved, errors gone; left: %s"
                 (flymake-diagnostic-text (car (flymake-diagnostics))))))
    (with-current-buffer buf (e2e-shutdown))))

(defun e2e-case-fixall ()
  (e2e-open "dazhou.md")
  (cl-assert (eq major-mode 'nianbao-report-mode) t)
  (e2e-connected)
  ;; The nine blank totals, one row after another: one finding.
  (e2e-wait "1 diagnostic" (lambda () (= (length (flymake-diagnostics)) 1)))
  (nianbao-fix-all)
  (let ((expected (e2e-read (expand-file-name "tests/fixtures/corpus/dazhou-city-hrss-2023.md.fixed" e2e-repo))))
    (unless (equal (buffer-string) expected) (error "Buffer differs from dazhou-city-hrss-2023.md.fixed")))
  (save-buffer) ; sends the change (see the quickfix case)
  (e2e-wait "the diagnostics to go" (lambda () (null (flymake-diagnostics))))
  (e2e-log "nianbao-fix-all applied and saved, diagnostics gone")
  (e2e-shutdown))

(defun e2e-case-notreport ()
  (e2e-open "notes.md")
  (accept-process-output nil 1.0)
  (when (eq major-mode 'nianbao-report-mode) (error "notes.md in nianbao-report-mode"))
  (when (or (bound-and-true-p eglot--managed-mode) (eglot-current-server)) (error "eglot manages notes.md"))
  (when (file-exists-p (expand-file-name "server-exit" e2e-work)) (error "A server ran"))
  ;; The same folder's report is checked, and notes.md stays out after that.
  (let ((report (e2e-open "xinxiang-broken-total.txt")))
    (with-current-buffer report (e2e-connected))
    (with-current-buffer (find-buffer-visiting (expand-file-name "notes.md" e2e-work))
      (when (bound-and-true-p eglot--managed-mode) (error "eglot manages notes.md once the server runs")))
    (e2e-log "notes.md left alone (%s)" (with-current-buffer (find-buffer-visiting (expand-file-name "notes.md" e2e-work)) major-mode))
    (with-current-buffer report (e2e-shutdown))))

(defun e2e-case-settings ()
  ;; Per-project settings reach the server: workspace/didChangeConfiguration.
  (e2e-open "xinxiang-broken-total.txt")
  (e2e-connected)
  (setq-default eglot-workspace-configuration '(:nianbao (:language "en" :rules (:result-total "off"))))
  (eglot-signal-didChangeConfiguration (eglot-current-server))
  (e2e-wait "English findings"
            (lambda () (cl-some (lambda (d) (string-match-p "Table 3, row" (flymake-diagnostic-text d)))
                                (flymake-diagnostics))))
  (e2e-wait "result-total off"
            (lambda () (and (= (length (e2e-errors)) 1)
                            (not (cl-some (lambda (d) (string-match-p "\\[result-total\\]" (flymake-diagnostic-text d)))
                                          (flymake-diagnostics))))))
  (let ((text (flymake-diagnostic-text (car (e2e-errors)))))
    (e2e-log "%s" text)
    (unless (equal "nianbao [row-total]: Table 3, row “（一）予以公开”: 总计 is 12 but the six applicant columns add up to 11+0+0+0+0+0 = 11" text)
      (error "Message: %s" text)))
  (e2e-shutdown))

(condition-case err
    (progn
      (load (expand-file-name "nianbao-readme.el" e2e-work) nil t)
      (setq eglot-sync-connect 5 eglot-events-buffer-size 0)
      (e2e-log "eglot %s" (or (ignore-errors (package-desc-version (cadr (assq 'eglot package-alist)))) "built in"))
      (funcall (intern (concat "e2e-case-" e2e-case)))
      (e2e-log "PASS")
      (kill-emacs 0))
  (error
   (message "  [emacs %s %s] FAIL: %s" emacs-version e2e-case (error-message-string err))
   (kill-emacs 1)))
