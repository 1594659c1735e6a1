# Sourced by the bench scripts: `bench_venv REQUIREMENT...` makes sure the shared bench/.venv
# exists and holds every distribution the calling script names (`pandas`, `matching==1.4.3`),
# installing only what is missing or at another version. Each script names its own needs, so
# the order in which the scripts first run does not matter.
bench_venv() {
  local venv
  venv="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  local missing
  missing=$("$venv/bin/python" - "$@" <<'PY'
import importlib.metadata as metadata
import sys

for requirement in sys.argv[1:]:
    name, _, version = requirement.partition("==")
    try:
        installed = metadata.version(name)
    except metadata.PackageNotFoundError:
        print(requirement)
        continue
    if version and installed != version:
        print(requirement)
PY
)
  if [ -n "$missing" ]; then
    # shellcheck disable=SC2086 # one requirement per word
    "$venv/bin/pip" install --quiet $missing
  fi
}
