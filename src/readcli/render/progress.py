"""Progress bars on stderr, only when stderr is a terminal (never in pipes or logs)."""

from __future__ import annotations


class BarProgress:
    """A Rich progress bar of ``unit`` done, rate and time left; silent off a terminal.

    Implements :class:`readcli.translate.pipeline.Progress` (start / advance / stop).
    """

    def __init__(self, env, label: str = "translating", unit: str = "sentences") -> None:
        self.env = env
        self.label = label
        self.unit = unit
        self._progress = None
        self._task = None

    def start(self, total: int) -> None:
        if not total or not self.env.stderr_isatty:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        from readcli.render.console import stderr_console  # heavy: rich's console, with rich.progress

        self._progress = Progress(
            TextColumn(self.label),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(self.unit),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=stderr_console(self.env),
            transient=True,
        )
        self._task = self._progress.add_task(self.label, total=total, rate="")
        self._progress.start()

    def advance(self, done: int) -> None:
        if self._progress is None:
            return
        task = self._progress.tasks[0]
        elapsed = task.elapsed or 0
        rate = f"{done / elapsed:.1f}/s" if elapsed > 0 else ""
        self._progress.update(self._task, completed=done, rate=rate)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
