# Debian's beancount (bean-check, bean-query), which the Beancount export tests and bench/beancount/crosscheck.sh run.
# Sourced by scripts/test.sh, not run.
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

ensure_beancount() {
  ensure_apt_packages beancount "/usr/bin/bean-check /usr/bin/bean-query" beancount
  [ -x /usr/bin/bean-check ] && echo "beancount: $(/usr/bin/bean-check --version 2>&1 | head -1)"
  return 0
}
