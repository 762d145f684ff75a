#!/usr/bin/env bash
# Known-vulnerability audit of the locked dependencies (pip-audit against the PyPI/OSV advisories).
#
#   scripts/audit.sh lock   # write requirements.lock: every package of .venv, exact versions
#   scripts/audit.sh        # audit requirements.lock (needs network access to the advisory service)
#
# pip-audit runs from a throwaway virtualenv (.audit-venv), so auditing never changes the project's
# own environment. The lock is audited as written: --no-deps --disable-pip, no resolution, no
# installs. Local version labels (torch 2.13.0+cpu) are dropped in the lock because advisories are
# filed against public versions. Extra arguments go to pip-audit (e.g. -s osv, --format json).
set -euo pipefail
cd "$(dirname "$0")/.."

LOCK=requirements.lock
PIP_AUDIT_VERSION=2.10.1
AUDIT_VENV=.audit-venv

if [[ "${1:-}" == "lock" ]]; then
    {
        echo "# Exact versions of .venv (runtime and dev), written by scripts/audit.sh lock."
        .venv/bin/pip freeze --exclude-editable --all | grep -v '^\(pip\|setuptools\|wheel\)==' \
            | sed -E 's/^([^=]+==[^+]+)\+.*/\1/'
    } > "$LOCK"
    echo "wrote $LOCK ($(grep -vc '^#' "$LOCK") packages)"
    exit 0
fi

if [[ ! -x "$AUDIT_VENV/bin/pip-audit" ]]; then
    python3 -m venv "$AUDIT_VENV"
    "$AUDIT_VENV/bin/pip" install --quiet "pip-audit==$PIP_AUDIT_VERSION"
fi
exec "$AUDIT_VENV/bin/pip-audit" --requirement "$LOCK" --no-deps --disable-pip --strict "$@"
