#!/usr/bin/env bash
# Sets up the machine, builds everything (the guest kernels with gcc too) and runs every test.
# Ends with one line "N passed, N failed, N skipped".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
scripts/setup.sh || exit 1
dotnet build Disagg.sln -nologo -v quiet || exit 1
results="$root/TestResults"
rm -rf "$results"
dotnet test Disagg.sln --no-build -nologo --logger "trx" --logger "console;verbosity=normal" \
    --results-directory "$results" "$@"
status=$?
python3 scripts/trx-summary.py "$results" || status=1
exit $status
