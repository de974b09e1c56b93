# Background services the tests need, started by scripts/test.sh. Sourced, not run.
start_services() { :; }
stop_services() { :; }
