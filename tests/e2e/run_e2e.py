#!/usr/bin/env python3
"""Runs cram-style end-to-end test scripts (.t files) against built binaries.

Usage: run_e2e.py --bin-dir DIR [--keep] [--timeout SECONDS] FILE.t...

The script format is described in README.md next to this file. Each file runs
in one bash process inside a fresh temporary $HOME; the file passes when every
command prints what the file expects and exits with the expected status.
"""

import argparse
import difflib
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

COMMAND, CONTINUATION, OUTPUT = "  $ ", "  > ", "  "
NO_EOL = " (no-eol)"

# Passed through from the caller's environment; everything else is dropped so
# that a developer's GIT_DIR, BD_* or BEADS_* variables cannot leak into tests.
PASSED_THROUGH = ("TMPDIR", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS")


@dataclass
class Command:
    """One `$` command of a script and the output lines it must produce."""

    line: int  # 1-based line number of the `$` line, for messages
    script: str  # shell text; continuation lines joined with newlines
    expected: list[str] = field(default_factory=list)

    def shown(self) -> list[str]:
        """The command as it is written in the .t file."""
        first, *rest = self.script.split("\n")
        return [COMMAND + first] + [CONTINUATION + line for line in rest]


def parse(text: str) -> list[Command]:
    """Splits a .t file into commands; raises ValueError on a malformed file."""
    commands: list[Command] = []
    continuing = False  # `  > ` continues a command only right after it
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith(COMMAND):
            commands.append(Command(number, line[len(COMMAND):]))
            continuing = True
        elif continuing and (line.startswith(CONTINUATION) or line == CONTINUATION.rstrip()):
            commands[-1].script += "\n" + line[len(CONTINUATION):]
        elif line.startswith(OUTPUT):
            if not commands:
                raise ValueError(f"line {number}: expected output before any command")
            commands[-1].expected.append(line[len(OUTPUT):])
            continuing = False
        else:
            continuing = False  # a comment; output after it still belongs to the last command
    if not commands:
        raise ValueError("no commands (lines starting with two spaces and `$ `)")
    return commands


def glob_to_regex(glob: str) -> str:
    """`*` and `?` are wildcards; a backslash makes the next character literal."""
    parts, i = [], 0
    while i < len(glob):
        char = glob[i]
        if char == "\\" and i + 1 < len(glob):
            i += 1
            parts.append(re.escape(glob[i]))
        else:
            parts.append({"*": ".*", "?": "."}.get(char) or re.escape(char))
        i += 1
    return "".join(parts)


def line_matches(expected: str, actual: str) -> bool:
    """Whether an actual output line satisfies an expected line."""
    if expected == actual:  # literal text wins, even if it ends in " (re)"
        return True
    if expected.endswith(NO_EOL) != actual.endswith(NO_EOL):
        return False
    expected, actual = expected.removesuffix(NO_EOL), actual.removesuffix(NO_EOL)
    if expected.endswith(" (re)"):
        pattern = expected.removesuffix(" (re)")
    elif expected.endswith(" (glob)"):
        pattern = glob_to_regex(expected.removesuffix(" (glob)"))
    else:
        return False
    try:
        return re.fullmatch(pattern, actual) is not None
    except re.error:
        return False  # the diff shows the line; a bad pattern never matches


def actual_lines(output: str, status: int) -> list[str]:
    """Output in the .t file's own notation: `(no-eol)` and `[N]` lines."""
    lines = output.split("\n")
    if lines[-1]:
        lines[-1] += NO_EOL
    else:
        lines.pop()  # the text after the final newline is empty
    return lines + ([f"[{status}]"] if status else [])


def render(expected: list[str], actual: list[str]) -> list[str]:
    """Actual lines, with those matched by a pattern replaced by the pattern.

    The diff against the expected lines then shows only real differences.
    """
    rendered = []
    matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    for _, e_start, e_end, a_start, a_end in matcher.get_opcodes():
        for k, line in enumerate(actual[a_start:a_end]):
            pattern = expected[e_start + k] if e_start + k < e_end else None
            matched = pattern is not None and line_matches(pattern, line)
            rendered.append(pattern if matched else line)
    return rendered


def compare(path: str, command: Command, output: str, status: int) -> list[str]:
    """Report lines for a command whose output or status is wrong, else []."""
    rendered = render(command.expected, actual_lines(output, status))
    if rendered == command.expected:
        return []
    diff = difflib.unified_diff(
        [OUTPUT + line for line in command.expected],
        [OUTPUT + line for line in rendered],
        "expected",
        "actual",
        lineterm="",
    )
    return [f"{path}:{command.line}: unexpected output or exit status of", *command.shown(), *diff]


def kill_group(pgid: int) -> None:
    """Kills bash and whatever it left running in its process group."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def remove_tree(path: str) -> None:
    # Tests may leave read-only directories behind (git objects, permission
    # tests), which rmtree alone cannot delete.
    subprocess.run(["chmod", "-R", "u+rwx", path], stderr=subprocess.DEVNULL)
    shutil.rmtree(path, ignore_errors=True)


def test_environment(home: str, bin_dir: str, test_dir: str) -> dict[str, str]:
    env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
    env.update(
        PATH=bin_dir + os.pathsep + os.environ.get("PATH", os.defpath),
        HOME=home,
        XDG_CONFIG_HOME=os.path.join(home, ".config"),
        TESTDIR=test_dir,
        NO_COLOR="1",
        TZ="UTC",
        LC_ALL="C.UTF-8",
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.com",
        GIT_CONFIG_NOSYSTEM="1",
    )
    return env


def run_commands(path: str, commands: list[Command], root: str, env: dict[str, str],
                 timeout: float) -> list[str]:
    """Runs the commands in one bash process; returns report lines for failures."""
    home, private = os.path.join(root, "home"), os.path.join(root, "runner")
    os.mkdir(home)
    os.mkdir(private)

    # Each command is sourced from its own file, so a syntax error stays inside
    # that command. A marker line with a per-run salt follows each command,
    # carrying its exit status. Bash reads the driver from a file and stdin is
    # /dev/null, so a command that reads stdin neither hangs nor eats commands.
    salt = "E2E-" + secrets.token_hex(8)
    driver = []
    for i, command in enumerate(commands):
        command_file = os.path.join(private, f"command{i}.sh")
        with open(command_file, "w", encoding="utf-8") as f:
            f.write(command.script + "\n")
        driver.append(f". {shlex.quote(command_file)}\n")
        driver.append(f"printf '\\n{salt} %d\\n' $?\n")
    driver_file = os.path.join(private, "driver.sh")
    with open(driver_file, "w", encoding="utf-8") as f:
        f.writelines(driver)

    # Output goes to a file rather than a pipe: stdout and stderr stay in order,
    # and a daemon that keeps the descriptor open cannot stall the runner.
    log_file = os.path.join(private, "output")
    with open(log_file, "wb") as log:
        bash = subprocess.Popen(["bash", driver_file], cwd=home, env=env, stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    timed_out = False
    try:
        bash.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
    finally:
        kill_group(bash.pid)
        bash.wait()
    with open(log_file, "rb") as log:
        text = log.read().decode("utf-8", "backslashreplace")

    # [output0, status0, output1, status1, ..., output of the unfinished rest]
    parts = re.split(f"\n{salt} (\\d+)\n", text)
    finished = [(parts[i], int(parts[i + 1])) for i in range(0, len(parts) - 1, 2)]
    report = []
    for command, (output, status) in zip(commands, finished):
        report += compare(path, command, output, status)
    if len(finished) == len(commands):
        if timed_out:  # e.g. an EXIT trap that hangs
            report.append(f"{path}: timed out after {timeout:g} s after the last command")
        return report

    unfinished, rest = commands[len(finished)], parts[-1]
    if timed_out:
        report += [f"{path}:{unfinished.line}: timed out after {timeout:g} s; killed the process group of",
                   *unfinished.shown(), "output so far:", *(OUTPUT + line for line in actual_lines(rest, 0))]
        return report
    # The shell exited inside this command (`exit`, `set -e`): judge the command
    # by the shell's status; nothing after it ran.
    status = bash.returncode if bash.returncode >= 0 else 128 - bash.returncode
    report += compare(path, unfinished, rest, status)
    if len(finished) + 1 < len(commands):
        report.append(f"{path}:{commands[len(finished) + 1].line}: not run: the shell exited before it")
    return report


def run_file(path: str, bin_dir: str, timeout: float, keep: bool) -> bool:
    """Runs one .t file, prints PASS or FAIL and why; returns whether it passed."""
    try:
        with open(path, encoding="utf-8") as f:
            commands = parse(f.read())
    except (OSError, UnicodeError, ValueError) as e:
        print(f"FAIL {path}\n{path}: {e}", flush=True)
        return False
    name = os.path.splitext(os.path.basename(path))[0]
    root = tempfile.mkdtemp(prefix=f"e2e-{name}-")
    try:
        env = test_environment(os.path.join(root, "home"), bin_dir, os.path.dirname(os.path.abspath(path)))
        report = run_commands(path, commands, root, env, timeout)
        print(("FAIL " if report else "PASS ") + path, *report, sep="\n", flush=True)
        return not report
    finally:
        if keep:
            print(f"kept {os.path.join(root, 'home')}", flush=True)
        else:
            remove_tree(root)


def main() -> int:
    parser = argparse.ArgumentParser(description="Run cram-style end-to-end tests (.t files).")
    parser.add_argument("--bin-dir", required=True, help="directory prepended to PATH, e.g. build/")
    parser.add_argument("--keep", action="store_true", help="keep each file's temp directory and print it")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per file (default 120)")
    parser.add_argument("files", nargs="+", metavar="FILE.t")
    args = parser.parse_args()
    if not os.path.isdir(args.bin_dir):
        parser.error(f"--bin-dir {args.bin_dir}: not a directory")
    bin_dir = os.path.abspath(args.bin_dir)  # tests run in another directory
    # Unwind on SIGTERM too, so the `finally` blocks kill bash and clean up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    failed = sum(not run_file(path, bin_dir, args.timeout, args.keep) for path in args.files)
    print(f"{len(args.files) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
