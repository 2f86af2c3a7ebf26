#!/usr/bin/env bash
# Set up, then run sleet on examples/basic: generate its migrations and export its SQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cd examples/basic
echo "== sleet generate (writes examples/basic/drizzle/<timestamp>_init/ the first time)"
node ../../js/cli.js generate --name init
echo "== sleet export"
node ../../js/cli.js export
echo "== sleet migrate (into the embedded PGlite database at examples/basic/.pglite)"
node ../../js/cli.js migrate
echo "== sleet migrate --status"
node ../../js/cli.js migrate --status
