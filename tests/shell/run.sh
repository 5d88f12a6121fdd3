#!/bin/bash
# Runs the shell-hook tests that need no container engine: every test_* function of
# tests/shell/*_test.sh (tests/runner.sh), with the helpers of tests/e2e/lib.sh and tests/shell/lib.sh.
# `run.sh PATTERN` runs only the tests whose file or function name contains PATTERN.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/runner.sh"
TEST_ENV=()
run_tests shell "${1:-}" '. "$ROOT/tests/e2e/lib.sh"; . "$ROOT/tests/shell/lib.sh"' "" "$ROOT"/tests/shell/*_test.sh
