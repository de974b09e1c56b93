# Debian's beancount (bean-check, bean-query), which the Beancount export tests and bench/beancount/crosscheck.sh run.
# Sourced by scripts/test.sh, not run.
#
# ensure_beancount installs it with apt when it is missing (nothing is done when it is there). If it cannot be installed
# (no apt, not root, no network) it says so and returns 0: outside CI the Beancount tests are then skipped with that
# reason; with CI set they run anyway and fail, so a CI machine without beancount is a red run.

ensure_beancount() {
  if [ -x /usr/bin/bean-check ] && [ -x /usr/bin/bean-query ]; then
    echo "beancount: $(/usr/bin/bean-check --version 2>&1 | head -1)"
    return 0
  fi
  local log="${_services_root:-.}/artifacts/beancount-install.log"
  mkdir -p "$(dirname "$log")"
  if ! command -v apt-get >/dev/null; then
    echo "beancount: bean-check is missing and there is no apt-get: the Beancount tests will fail in CI (and skip elsewhere)" >&2
    return 0
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  echo "beancount: installing Debian's beancount (apt-get)"
  if $sudo apt-get update >"$log" 2>&1 \
     && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends beancount >>"$log" 2>&1; then
    echo "beancount: $(/usr/bin/bean-check --version 2>&1 | head -1) installed"
  else
    echo "beancount: installing beancount failed, see $log: the Beancount tests will fail in CI (and skip elsewhere)" >&2
  fi
  return 0
}
