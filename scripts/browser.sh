# The browser the dashboard's tests drive: Debian's chromium and chromium-driver. Sourced by scripts/test.sh, not run.
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

ensure_browser() {
  ensure_apt_packages browser "/usr/bin/chromium /usr/bin/chromedriver" chromium chromium-driver
  [ -x /usr/bin/chromium ] && echo "browser: $(/usr/bin/chromium --version 2>/dev/null | head -1), chromium-driver $([ -x /usr/bin/chromedriver ] && echo present || echo missing)"
  return 0
}
