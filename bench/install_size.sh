#!/usr/bin/env bash
# Install time and virtualenv size of readcli, as a new user gets it, on a fresh clone.
#
# Usage: bash bench/install_size.sh MODE [COMMIT] [WORKDIR]
#   MODE  readme-torch  the set-up command README.md gave before the switch to argos-translate-lt:
#                       python3 -m venv .venv && . .venv/bin/activate && pip install torch==2.13.0
#                       && pip install -e . && readcli show 004 > /dev/null
#         readme        the command without torch: ... && pip install -e . && readcli show 004 > /dev/null
#         wheel         a non-editable install (pip install CLONE into a separate venv), then
#                       `readcli show 004` from the clone and `readcli --help` from /
#         ci            `bash .ci/run` in a fresh clone at WORKDIR/main with WORKDIR/shared -> shared data
#   COMMIT  what to check out (default: this repository's HEAD)
#   WORKDIR where the clone goes (default: a new temporary folder); it must not exist yet
#
# Prints one `key: value` a line: commit, seconds, venv size, the torch/stanza/spacy check and the
# five largest distributions in site-packages. pip's cache is whatever it is on this machine (say
# so next to the figures); run each mode twice.
set -euo pipefail

MODE=${1:?usage: install_size.sh readme-torch|readme|wheel|ci [COMMIT] [WORKDIR]}
REPO=$(cd "$(dirname "$0")/.." && pwd)
COMMIT=${2:-$(git -C "$REPO" rev-parse HEAD)}
WORK=${3:-$(mktemp -d /tmp/readcli-install.XXXXXX)}
SHARED=${SHARED:-$(cd "$REPO/.." && pwd)/shared}
PYTHON=${PYTHON:-python3}

if [ "$MODE" = ci ]; then
    CLONE=$WORK/main
    mkdir -p "$WORK"
    ln -sfn "$SHARED" "$WORK/shared"
else
    CLONE=$WORK
fi
[ -e "$CLONE" ] && { echo "install_size: $CLONE exists; give a new folder" >&2; exit 1; }
git clone --quiet "$REPO" "$CLONE"
git -C "$CLONE" -c advice.detachedHead=false checkout --quiet "$COMMIT"
echo "mode: $MODE"
echo "commit: $(git -C "$CLONE" rev-parse --short HEAD)"
echo "clone: $CLONE"
echo "pip cache: $(du -sh "$(pip cache dir 2>/dev/null || echo ~/.cache/pip)" 2>/dev/null | cut -f1) before the run"

LOG=$CLONE.log
TIMES=$CLONE.time
cd "$CLONE"
case "$MODE" in
    readme-torch)
        VENV=$CLONE/.venv
        COMMAND="$PYTHON -m venv .venv && . .venv/bin/activate && pip install torch==2.13.0 && pip install -e . && readcli show 004 > /dev/null" ;;
    readme)
        VENV=$CLONE/.venv
        COMMAND="$PYTHON -m venv .venv && . .venv/bin/activate && pip install -e . && readcli show 004 > /dev/null" ;;
    wheel)
        VENV=$WORK.venv
        COMMAND="$PYTHON -m venv $VENV && . $VENV/bin/activate && pip install $CLONE" ;;
    ci)
        VENV=$CLONE/.venv
        COMMAND="bash .ci/run" ;;
    *) echo "install_size: unknown mode $MODE" >&2; exit 2 ;;
esac
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
# Wall seconds, and CPU seconds (user + system, children included): less sensitive to other load.
/usr/bin/time -o "$TIMES" -f '%e %U %S' bash -c "$COMMAND" > "$LOG" 2>&1 || status=$?
read -r wall user system < <(tail -1 "$TIMES")
echo "seconds: $wall wall, $(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.1f", u + s }') CPU (user+sys)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "exit status: $status"
echo "log: $LOG"
if [ "$MODE" = ci ]; then
    echo "pytest: $(grep -E '(passed|failed|error).* in [0-9.]+s' "$LOG" | tail -1)"
    grep -E '^(FAILED|ERROR) ' "$LOG" | sed 's/^/failure: /' || true
fi
[ "$status" = 0 ] || [ "$MODE" = ci ] || exit "$status"

if [ "$MODE" = wheel ]; then
    ( cd "$CLONE" && "$VENV/bin/readcli" show 004 > /dev/null ) && echo "readcli show 004 (in the clone): ok" \
        || echo "readcli show 004 (in the clone): FAILED"
    ( cd / && "$VENV/bin/readcli" --help > /dev/null ) && echo "readcli --help (in /): ok" \
        || echo "readcli --help (in /): FAILED"
    # Commands that read package data (the lexicon, the lemma prior, the bidi tables).
    for command in "lookup والجزائر" "glossary 004 --no-model" "show 004 --gloss"; do
        # shellcheck disable=SC2086
        ( cd "$CLONE" && "$VENV/bin/readcli" $command > /dev/null 2> "$WORK.err" ) && echo "readcli $command: ok" \
            || echo "readcli $command: FAILED: $(head -1 "$WORK.err")"
    done
    echo "editable: $("$VENV/bin/python" -c 'import readcli, sys; print("no" if "site-packages" in readcli.__file__ else "yes: " + readcli.__file__)')"
fi

echo "venv size: $(du -sh "$VENV" | cut -f1) ($(du -sm "$VENV" | cut -f1) MiB)"
heavy=$("$VENV/bin/python" -m pip list --format=freeze 2>/dev/null | grep -iE '^(torch|stanza|spacy|nvidia-[^=]*|triton)==' || true)
echo "torch/stanza/spacy/nvidia/triton: ${heavy:-none}" | tr '\n' ' '
echo
SITE=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
# Size of each distribution: the files its RECORD lists (so a package's .libs folder counts too).
"$VENV/bin/python" - "$SITE" <<'EOF'
import sys
from importlib.metadata import distributions
from pathlib import Path

site = Path(sys.argv[1])
sizes = []
for dist in distributions(path=[str(site)]):
    total = 0
    for file in dist.files or ():
        path = Path(dist.locate_file(file))
        if path.is_file():
            total += path.stat().st_size
    sizes.append((total, dist.metadata["Name"], dist.version))
sizes.sort(reverse=True)
print(f"distributions: {len(sizes)}")
for total, name, version in sizes[:5]:
    print(f"largest: {name} {version} {total / 2**20:.0f} MiB")
EOF
