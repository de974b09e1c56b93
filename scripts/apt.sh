# Debian packages the tests need, installed with apt when missing. Sourced by scripts/browser.sh and
# scripts/beancount.sh, not run.
#
# ensure_apt_packages LABEL "PROGRAM..." PACKAGE... installs the packages when any of the programs is not executable
# (idempotent: nothing is done when all are there). If they cannot be installed (no apt, not root, no network) it says
# so and returns 0: outside CI the tests that need them are then skipped with that reason; with CI set they run anyway
# and fail, so a CI machine without them is a red run.
ensure_apt_packages() {
  local label=$1 programs=$2
  shift 2
  local program missing=""
  for program in $programs; do
    [ -x "$program" ] || missing="$missing $program"
  done
  [ -z "$missing" ] && return 0
  local log="${_services_root:-.}/artifacts/$label-install.log"
  mkdir -p "$(dirname "$log")"
  if ! command -v apt-get >/dev/null; then
    echo "$label:$missing missing and there is no apt-get: its tests will fail in CI (and skip elsewhere)" >&2
    return 0
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  echo "$label: installing Debian's $* (apt-get)"
  if $sudo apt-get update >"$log" 2>&1 \
     && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "$@" >>"$log" 2>&1; then
    echo "$label: $* installed"
  else
    echo "$label: installing $* failed, see $log: its tests will fail in CI (and skip elsewhere)" >&2
  fi
  return 0
}
