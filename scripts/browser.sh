# The browser the dashboard's tests drive: Debian's chromium and chromium-driver. Sourced by scripts/test.sh, not run.
#
# ensure_browser installs them with apt when either is missing (idempotent: nothing is done when both are there).
# If they cannot be installed (no apt, not root, no network), it says so and returns 0: outside CI the browser tests
# are then skipped with that reason; with CI set they run anyway and fail, so a CI machine without a browser is a red run.

ensure_browser() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "browser: $(/usr/bin/chromium --version 2>/dev/null | head -1), chromium-driver present"
    return 0
  fi
  local log="${_services_root:-.}/artifacts/browser-install.log"
  mkdir -p "$(dirname "$log")"
  if ! command -v apt-get >/dev/null; then
    echo "browser: chromium or chromium-driver is missing and there is no apt-get: the browser tests will fail in CI (and skip elsewhere)" >&2
    return 0
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  echo "browser: installing Debian's chromium and chromium-driver (apt-get)"
  if $sudo apt-get update >"$log" 2>&1 \
     && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium chromium-driver >>"$log" 2>&1; then
    echo "browser: $(/usr/bin/chromium --version 2>/dev/null | head -1) installed"
  else
    echo "browser: installing chromium failed, see $log: the browser tests will fail in CI (and skip elsewhere)" >&2
  fi
  return 0
}
