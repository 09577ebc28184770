"""What bench.capacity measured, as tables and verdicts (pure: no Locust, no sockets; tested).

A step is N sessions against one target for a while; every action a session made is a Sample
(its name, seconds, bytes received, error). The knee of a target is the most sessions among its
steps whose reruns' p95 stayed under one second with no error at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench import common
from bench.common import percentile

P95_GOAL_S = 1.0
RERUN_ACTIONS = ("open", "filter", "tab", "downloads")  # the actions whose p95 sets the knee


@dataclass(frozen=True)
class View:
    """A shared link: the page's name in the URL and its query string."""

    page: str  # "" for the home page
    query: str  # without "?"
    filter_query: str  # the query after the session's filter change


FILTER_QUERY = {"kind": "kind=observed", "topic": "topic=uhd_video", "lang": "lang=en"}


def named_dashboard_views() -> list[tuple[str, View]]:
    """("<page key> <zh|en>", view) for every page of the dashboard, in Chinese and in English, opened
    on the measured tab, with the query after its filter change (the load test's and the rerun-cost
    measure's sessions)."""
    views = []
    for target in common.page_targets():
        base = target.query.lstrip("?")
        for lang in ("", "lang=en"):
            query = "&".join(q for q in (base, lang) if q)
            extra = FILTER_QUERY[target.action]
            if extra == "lang=en" and lang:
                extra = "lang=zh"
            filtered = "&".join(q for q in (query.replace("lang=en", "").strip("&"), extra) if q)
            views.append((f"{target.key} {lang[5:] or 'zh'}", View(target.url_path, query, filtered)))
    return views


@dataclass
class Sample:
    action: str
    seconds: float
    bytes: int
    error: str | None


@dataclass
class Step:
    target: str
    sessions: int
    seconds: float
    samples: list[Sample]
    by_kind: dict[str, list[int]]
    cores: float
    rss_start: float
    rss_peak: float
    load_before: str
    load_after: str
    browser: dict | None = None
    profile: dict | None = None  # profile_summary of the server during the step (--profile)
    generator_cores: float = 0.0  # CPU of the load generator itself (Locust); near 1.0 it is the bottleneck

    def of(self, *actions: str) -> list[Sample]:
        return [s for s in self.samples if s.action in actions]

    @property
    def errors(self) -> list[Sample]:
        return [s for s in self.samples if s.error]

    def p(self, q: float, *actions: str) -> float | None:
        times = [s.seconds for s in self.of(*actions) if not s.error]
        return percentile(times, q) if times else None

    @property
    def reruns(self) -> int:
        return len([s for s in self.samples if s.action in RERUN_ACTIONS or s.action.endswith("prepare")])

    @property
    def rerun_p95(self) -> float | None:
        return self.p(95, *RERUN_ACTIONS)

    @property
    def ok(self) -> bool:
        p95 = self.rerun_p95
        return not self.errors and p95 is not None and p95 < P95_GOAL_S

    def bytes_per_rerun(self, *actions: str) -> float:
        chosen = self.of(*actions) if actions else [s for s in self.samples if s.action in RERUN_ACTIONS]
        return sum(s.bytes for s in chosen) / len(chosen) if chosen else 0.0


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def step_line(step: Step) -> str:
    rate = step.reruns / step.seconds if step.seconds else 0
    return (
        f"{step.target}: {step.sessions} sessions, {len(step.samples)} actions, {len(step.errors)} errors, "
        f"reruns/s {rate:.1f}, "
        f"p50/p95/p99 {_s(step.p(50, *RERUN_ACTIONS))}/{_s(step.rerun_p95)}/{_s(step.p(99, *RERUN_ACTIONS))} s, "
        f"cpu {step.cores:.2f} cores (generator {step.generator_cores:.2f}), memory "
        f"{step.rss_start:.0f}->{step.rss_peak:.0f} MB, "
        f"load {step.load_after}"
    )


def error_lines(step: Step) -> list[str]:
    counts: dict[str, int] = {}
    for sample in step.errors:
        counts[sample.error.splitlines()[0][:200]] = counts.get(sample.error.splitlines()[0][:200], 0) + 1
    return [f"{n}× {text}" for text, n in sorted(counts.items(), key=lambda kv: -kv[1])]


def steps_table(steps: list[Step]) -> str:
    lines = [
        "| target | sessions | actions | errors | reruns/s | rerun p50 / p95 / p99 (s) | goal p95 < 1 s | KB per rerun "
        "| server CPU (cores) | CPU ms per rerun | memory start → peak (MB) | load generator CPU (cores) | load avg "
        "before → after |",
        "|---|---:|---:|---:|---:|---|---|---:|---:|---:|---|---:|---|",
    ]
    for s in steps:
        rate = s.reruns / s.seconds if s.seconds else 0
        lines.append(
            f"| {s.target} | {s.sessions} | {len(s.samples)} | {len(s.errors)} | {rate:.1f} "
            f"| {_s(s.p(50, *RERUN_ACTIONS))} / {_s(s.rerun_p95)} / {_s(s.p(99, *RERUN_ACTIONS))} "
            f"| {'met' if s.ok else 'missed'} "
            f"| {s.bytes_per_rerun() / 1000:.1f} | {s.cores:.2f} | {1000 * s.cores / rate if rate else 0:.0f} "
            f"| {s.rss_start:.0f} → {s.rss_peak:.0f} | {s.generator_cores:.2f} | {s.load_before} → {s.load_after} |"
        )
    return "\n".join(lines)


def actions_table(step: Step) -> str:
    names = sorted({s.action for s in step.samples}, key=lambda n: (n not in RERUN_ACTIONS, n))
    lines = [
        f"Per action ({step.target}, {step.sessions} sessions):",
        "",
        "| action | count | errors | p50 (s) | p95 (s) | p99 (s) | KB each |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        chosen = step.of(name)
        lines.append(
            f"| {name} | {len(chosen)} | {sum(1 for s in chosen if s.error)} "
            f"| {_s(step.p(50, name))} | {_s(step.p(95, name))} "
            f"| {_s(step.p(99, name))} | {sum(s.bytes for s in chosen) / max(1, len(chosen)) / 1000:.1f} |"
        )
    return "\n".join(lines)


def kinds_table(step: Step, top: int = 8) -> str:
    total = sum(size for _, size in step.by_kind.values()) or 1
    rows = sorted(step.by_kind.items(), key=lambda kv: -kv[1][1])[:top]
    lines = [
        f"Messages sent to the sessions by kind ({step.target}, {step.sessions} sessions; the largest {top}):",
        "",
        "| message | count | KB total | KB each | share of bytes |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind, (count, size) in rows:
        lines.append(
            f"| {kind} | {count} | {size / 1000:.0f} | {size / max(1, count) / 1000:.1f} | {100 * size / total:.0f}% |"
        )
    return "\n".join(lines)


def knee(steps: list[Step]) -> int:
    """The most sessions with p95 < 1 s and no errors, among the steps of one target (0 if none)."""
    passing = [s.sessions for s in steps if s.ok]
    return max(passing) if passing else 0


def memory_table(result: dict) -> str:
    steady = result["steady_mb"]
    rounds = result["after_churn_mb"]
    lines = [
        "| measure | value |",
        "|---|---:|",
        f"| memory (PSS) at start, after one pass over every view | {result['start_mb']:.0f} MB |",
        f"| growth per idle session (page open, no action) | {result['idle_mb_per_session']:.2f} MB |",
        f"| growth per active session (peak of a load step) | {result['active_mb_per_session']:.2f} MB |",
        "| memory once 200 more sessions came and went (caches and memory pools filled: the leak check's start) | "
        f"{steady:.0f} MB |",
    ]
    for i, mb in enumerate(rounds, 1):
        lines.append(
            f"| memory after {i * result['churn']} further sessions came and went | {mb:.0f} MB "
            f"({100 * (mb / steady - 1):+.0f}% of the check's start, {100 * (mb / result['start_mb'] - 1):+.0f}% of "
            "the start; "
            f"goal within 10%) |"
        )
    lines += [
        f"| errors (active step / churn) | {result['active_errors']} / {result['churn_errors']} |",
        f"| load avg before → after | {result['load_before']} → {result['load_after']} |",
    ]
    return "\n".join(lines)


def exit_status(steps: list[Step], memory: dict | None = None) -> int:
    """1 when any action of any step (or of the memory measure, or a real-browser sample) failed, else 0."""
    failed = any(s.errors for s in steps) or any(s.browser and s.browser.get("errors") for s in steps)
    if memory:
        failed = failed or bool(memory.get("active_errors") or memory.get("churn_errors"))
    return 1 if failed else 0


# Where a script run waits instead of working, by the frame py-spy saw it in (Streamlit 1.67).
WAITS = {
    "media files' lock": (
        "MediaFileManager.clear_session_refs",
        "MediaFileManager.add ",
        "MediaFileManager.add_deferred",
        "MediaFileManager.remove_orphaned_files",
    ),
    "config lock": ("get_option (streamlit/config.py",),
    "dataset copy (st.cache_data)": ("DataCache.read_result",),
    "message hashing": ("populate_hash_if_needed",),
}


def profile_summary(raw: str) -> dict:
    """Shares of the script threads' samples (py-spy `--format raw --threads --idle`) spent in each
    of WAITS, and how busy the event loop thread was (not waiting in select)."""
    script = loop = loop_idle = 0
    shares = dict.fromkeys(WAITS, 0)
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        if "ScriptRunner.scriptThread" in stack.split(";", 1)[0]:
            script += n
            for name, frames in WAITS.items():
                if any(frame in stack for frame in frames):
                    shares[name] += n
        elif "MainThread" in stack.split(";", 1)[0]:
            loop += n
            loop_idle += (
                n
                if stack.endswith(("select (selectors.py:468)",)) or "EpollSelector.select" in stack.rsplit(";", 1)[-1]
                else 0
            )
    return {
        "script_samples": script,
        "loop_busy": 1 - loop_idle / loop if loop else 0.0,
        **{name: (n / script if script else 0.0) for name, n in shares.items()},
    }


def profile_table(rows: list[tuple[str, dict]]) -> str:
    lines = [
        "| run | samples in script runs | " + " | ".join(WAITS) + " | event loop busy |",
        "|---|---:|" + "---:|" * len(WAITS) + "---:|",
    ]
    for label, p in rows:
        lines.append(
            f"| {label} | {p['script_samples']} | "
            + " | ".join(f"{100 * p[name]:.0f}%" for name in WAITS)
            + f" | {100 * p['loop_busy']:.0f}% |"
        )
    return "\n".join(lines)
